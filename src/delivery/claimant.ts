// Who holds a delivery claim. The name says enough for another process to tell whether the holder
// is still alive, when both run on the same machine: a restarted `paperboy send` can then take
// over the claims of the process it replaces at once instead of waiting for them to go stale.
//
// "Same machine" must mean "a pid I can see is the pid it names": the kernel's boot id plus the
// pid namespace identify exactly that on Linux, where containers sharing a host or a hostname
// would otherwise be confused. Elsewhere (no /proc) nobody is ever declared dead this way and
// only the claim timeout applies.
import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { isProcessRunning } from '../shared/process-alive.js';

function readPidSpace(): string | null {
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const pidNamespace = readlinkSync('/proc/self/ns/pid');
    return createHash('sha256').update(`${bootId} ${pidNamespace}`).digest('hex').slice(0, 12);
  } catch {
    return null;
  }
}

const PID_SPACE = readPidSpace();

/** "instance@host:pid#space": unique per process, readable in `status` and in the database. */
export function claimantName(instanceId: string, pid: number = process.pid): string {
  return `${instanceId}@${hostname()}:${pid}${PID_SPACE ? `#${PID_SPACE}` : ''}`;
}

/**
 * True only when the claimant is a process in our pid space that no longer exists. A pid that was
 * reused by another process looks alive: the claim then waits for its timeout, which is safe.
 */
export function isDeadLocalClaimant(claimedBy: string): boolean {
  if (!PID_SPACE) return false;
  const match = /:(\d+)#([0-9a-f]{12})$/.exec(claimedBy);
  if (!match || match[2] !== PID_SPACE) return false;
  return !isProcessRunning(Number(match[1]));
}
