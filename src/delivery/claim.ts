// Step 2: workers claim pending deliveries in batches. FOR UPDATE SKIP LOCKED lets any number of
// processes claim from one table without ever taking the same row, and without waiting on each
// other. A claim is a lease: its holder renews `claimedAt` while it works (heartbeat), so a claim
// that has not been renewed for the claim timeout belongs to a process that died or hung, and is
// released. A claim whose holder is a dead process on this machine is released at once.
import { isConnectionError, isTransientDbError, type PrismaClient } from '../db/index.js';
import { isDeadLocalClaimant } from './claimant.js';
import { otherClaimants, releaseClaimsOf, renewClaims } from './store/index.js';

/** Long enough to ride out a GC pause or a slow database; renewed every third of it. */
export const DEFAULT_CLAIM_TIMEOUT_MS = 60_000;

// Claiming itself is one statement of the store; re-exported here beside the lease it starts.
export { claimBatch, type ClaimOptions } from './store/index.js';

/**
 * Puts back to pending the deliveries claimed by processes that are gone: dead on this machine,
 * or silent for longer than the timeout (our own stale claims too: the heartbeat renews only
 * what a running drain holds, so those were left by an earlier run that failed). Returns how
 * many were released.
 */
export async function releaseOrphanedClaims(
  prisma: PrismaClient,
  options: { claimant: string; now: Date; claimTimeoutMs: number; editionIds: number[] | null },
): Promise<number> {
  const dead = (await otherClaimants(prisma, options.claimant)).filter(isDeadLocalClaimant);
  const staleBefore = new Date(options.now.getTime() - options.claimTimeoutMs);
  return releaseClaimsOf(prisma, { staleBefore, holders: dead, now: options.now, editionIds: options.editionIds });
}

/** Renews the claims this process holds, so that no other process takes them while it works. */
export function startHeartbeat(
  prisma: PrismaClient,
  options: { claimant: string; held: ReadonlySet<number>; intervalMs: number; now: () => Date; onError: (error: unknown) => void },
): { stop(): void; renewNow(): void } {
  let renewing = false;
  const renew = () => {
    // One renewal at a time: a slow one is not joined by the next tick.
    if (options.held.size === 0 || renewing) return;
    renewing = true;
    renewClaims(prisma, { claimant: options.claimant, ids: [...options.held], now: options.now() })
      .catch((error: unknown) => {
        // Should PostgreSQL still pick the renewal as a deadlock victim, nothing is lost: the
        // next tick renews the same claims, two ticks before any claim could go stale.
        // A lost connection is the outage guard's to report (once, not every tick).
        if (!isTransientDbError(error) && !isConnectionError(error)) options.onError(error);
      })
      .finally(() => {
        renewing = false;
      });
  };
  const timer = setInterval(renew, options.intervalMs);
  timer.unref();
  // renewNow: after a database outage, before a claim can have gone stale.
  return { stop: () => clearInterval(timer), renewNow: renew };
}
