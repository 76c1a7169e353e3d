// Step 2: workers claim pending deliveries in batches. FOR UPDATE SKIP LOCKED lets any number of
// processes claim from one table without ever taking the same row, and without waiting on each
// other. A claim is a lease: its holder sets until when it holds (`claimedUntil`, its own claim
// timeout from now) and renews it while it works (heartbeat), so a claim past that moment belongs
// to a process that died or hung, and is released. The moment is the database's: neither another
// machine's clock nor another run's --claim-timeout can cut short a claim its holder still renews.
// A claim whose holder is a dead process on this machine is released at once.
import { isConnectionError, isTransientDbError, type PrismaClient } from '../db/index.js';
import { isDeadLocalClaimant } from './claimant.js';
import { otherClaimants, releaseClaimsOf, renewClaims } from './store/index.js';

/** Long enough to ride out a GC pause or a slow database; renewed every third of it. */
export const DEFAULT_CLAIM_TIMEOUT_MS = 60_000;

// Claiming itself is one statement of the store; re-exported here beside the lease it starts.
export { claimBatch, type ClaimOptions } from './store/index.js';

/**
 * Puts back to pending the deliveries claimed by processes that are gone: dead on this machine,
 * or silent past the end of their claims (our own too: the heartbeat renews only what a running
 * drain holds, so those were left by an earlier run that failed). `claimTimeoutMs` judges only
 * claims that carry no end (taken by an older version). Returns how many were released.
 */
export async function releaseOrphanedClaims(
  prisma: PrismaClient,
  options: { claimant: string; now: Date; claimTimeoutMs: number; editionIds: number[] | null },
): Promise<number> {
  const dead = (await otherClaimants(prisma, options.claimant)).filter(isDeadLocalClaimant);
  const staleBefore = new Date(options.now.getTime() - options.claimTimeoutMs);
  return releaseClaimsOf(prisma, { staleBefore, holders: dead, now: options.now, editionIds: options.editionIds });
}

export interface Heartbeat {
  stop(): void;
  /** Renews at once (joining a renewal on its way): after a database outage, before a claim can have gone stale. */
  renewNow(): Promise<void>;
  /**
   * Whether this process still holds the claim on `deliveryId`, checked right before its message
   * is handed to SMTP. Known at no cost while the heartbeat renews on time; after a pause (the
   * process stopped or frozen, the event loop blocked, renewals failing) the claims are renewed
   * first, and those another process took over meanwhile are not ours to send.
   */
  holds(deliveryId: number): Promise<boolean>;
}

/** Renews the claims this process holds, so that no other process takes them while it works. */
export function startHeartbeat(
  prisma: PrismaClient,
  options: { claimant: string; held: ReadonlySet<number>; claimTimeoutMs: number; now: () => Date; onError: (error: unknown) => void },
): Heartbeat {
  let renewing: Promise<void> | null = null;
  // Every claim held was claimed or last renewed after this moment, so it lasts at least the
  // claim timeout from it. Measured on both clocks: the monotonic one stands still while the
  // machine sleeps, the wall clock can be set back; the larger elapsed time is the safe one.
  let confirmed = { mono: performance.now(), wall: Date.now() };
  const lost = new Set<number>();
  const sinceConfirmed = () => Math.max(performance.now() - confirmed.mono, Date.now() - confirmed.wall);
  const renew = (): Promise<void> => {
    // One renewal at a time: a slow one is not joined by the next tick.
    if (renewing) return renewing;
    if (options.held.size === 0) {
      confirmed = { mono: performance.now(), wall: Date.now() };
      return Promise.resolve();
    }
    const started = { mono: performance.now(), wall: Date.now() };
    const ids = [...options.held];
    renewing = renewClaims(prisma, { claimant: options.claimant, ids, now: options.now(), claimTimeoutMs: options.claimTimeoutMs })
      .then((renewed) => {
        const ours = new Set(renewed);
        // Not renewed: taken over by another process after our claim ran out (or being recorded
        // by us right now, and so past sending anyway).
        for (const id of ids) if (!ours.has(id) && options.held.has(id)) lost.add(id);
        confirmed = started;
      })
      .catch((error: unknown) => {
        // Should PostgreSQL still pick the renewal as a deadlock victim, nothing is lost: the
        // next tick renews the same claims, two ticks before any claim could go stale.
        // A lost connection is the outage guard's to report (once, not every tick).
        if (!isTransientDbError(error) && !isConnectionError(error)) options.onError(error);
      })
      .finally(() => {
        renewing = null;
      });
    return renewing;
  };
  // Every third of the claim timeout: a claim outlives two failed renewals.
  const timer = setInterval(() => void renew(), options.claimTimeoutMs / 3);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    renewNow: renew,
    async holds(deliveryId) {
      // Half the claim timeout: far more than a tick, far less than the claim lasts.
      if (sinceConfirmed() >= options.claimTimeoutMs / 2) await renew();
      return !lost.has(deliveryId) && sinceConfirmed() < options.claimTimeoutMs / 2;
    },
  };
}
