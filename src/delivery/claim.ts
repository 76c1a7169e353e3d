// Step 2: workers claim pending deliveries in batches. FOR UPDATE SKIP LOCKED lets any number of
// processes claim from one table without ever taking the same row, and without waiting on each
// other. A claim is a lease: its holder renews `claimedAt` while it works (heartbeat), so a claim
// that has not been renewed for the claim timeout belongs to a process that died or hung, and is
// released. A claim whose holder is a dead process on this machine is released at once.
import { isConnectionError, isTransientDbError, type PrismaClient } from '../db/index.js';
import { isDeadLocalClaimant } from './claimant.js';
import { CLAIMED, sqlStatus, TRANSITIONS } from './status.js';

/** Long enough to ride out a GC pause or a slow database; renewed every third of it. */
export const DEFAULT_CLAIM_TIMEOUT_MS = 60_000;

export interface ClaimOptions {
  claimant: string;
  now: Date;
  limit: number;
  /** Only these editions; null for any. */
  editionIds: number[] | null;
}

/** Claims up to `limit` pending deliveries whose next attempt is due, oldest due first. */
export async function claimBatch(prisma: PrismaClient, options: ClaimOptions): Promise<number[]> {
  // Ordered by the (status, nextAttemptAt) index, so a claim reads only pending rows however
  // many rows of the edition are already sent.
  const rows = await prisma.$queryRaw<Array<{ id: number }>>`
    UPDATE "Delivery" d
    SET status = ${sqlStatus(TRANSITIONS.claim.to)}, "claimedBy" = ${options.claimant}, "claimedAt" = ${options.now}
    WHERE d.id IN (
      SELECT id FROM "Delivery"
      WHERE status = ${sqlStatus(TRANSITIONS.claim.from)} AND "nextAttemptAt" <= ${options.now}
        AND (${options.editionIds}::int[] IS NULL OR "editionId" = ANY(${options.editionIds}::int[]))
      ORDER BY "nextAttemptAt"
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING d.id`;
  return rows.map((row) => row.id);
}

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
  const holders = await prisma.$queryRaw<Array<{ claimedBy: string }>>`
    SELECT DISTINCT "claimedBy" FROM "Delivery"
    WHERE status = ${sqlStatus(CLAIMED)} AND "claimedBy" IS NOT NULL AND "claimedBy" <> ${options.claimant}`;
  const dead = holders.map((h) => h.claimedBy).filter(isDeadLocalClaimant);
  const staleBefore = new Date(options.now.getTime() - options.claimTimeoutMs);
  // SKIP LOCKED: a row locked right now is being written by its holder, who is alive after all.
  return prisma.$executeRaw`
    UPDATE "Delivery" d
    SET status = ${sqlStatus(TRANSITIONS.release.to)}, "claimedBy" = NULL, "nextAttemptAt" = ${options.now}
    WHERE d.id IN (
      SELECT id FROM "Delivery"
      WHERE status = ${sqlStatus(TRANSITIONS.release.from)}
        AND ("claimedAt" < ${staleBefore} OR "claimedBy" = ANY(${dead}::text[]))
        AND (${options.editionIds}::int[] IS NULL OR "editionId" = ANY(${options.editionIds}::int[]))
      FOR UPDATE SKIP LOCKED)`;
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
    // SKIP LOCKED: never wait for (or deadlock with) the recording of a row, which ends the claim anyway.
    prisma.$executeRaw`
      UPDATE "Delivery" SET "claimedAt" = ${options.now()}
      WHERE id IN (
        SELECT id FROM "Delivery"
        WHERE id = ANY(${[...options.held]}::int[]) AND status = ${sqlStatus(CLAIMED)} AND "claimedBy" = ${options.claimant}
        FOR UPDATE SKIP LOCKED)`
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
