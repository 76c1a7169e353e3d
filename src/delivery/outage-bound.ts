// How long a send run rides out a database outage. At most half a claim: longer, and another run
// could take over the claims of messages this one still holds while it waits for the database.
import { DEFAULT_MAX_OUTAGE_MS } from '../db/index.js';
import { UserError } from '../shared/errors.js';
import { DEFAULT_CLAIM_TIMEOUT_MS } from './claim.js';
import type { DrainSettings } from './send-settings.js';

/** The outage a run rides out: the one asked for, else the default, never more than half a claim. */
export function outageLimitMs(options: DrainSettings): number {
  return Math.min(options.maxOutageMs ?? DEFAULT_MAX_OUTAGE_MS, claimTimeoutOf(options) / 2);
}

/**
 * Checked as a run starts. A bound asked for beyond half a claim is refused, not silently
 * shortened; the default, when a short claim timeout cuts it, is told to `onOutageCut`, so that
 * an operator who gave only a claim timeout learns the outage bound changed with it.
 */
export function checkOutageBound(options: DrainSettings): void {
  const claimMs = claimTimeoutOf(options);
  if (options.maxOutageMs !== undefined && options.maxOutageMs > claimMs / 2) {
    throw new UserError(
      `--db-outage: at most half the claim timeout (${claimMs / 2000} s with --claim-timeout ${claimMs / 1000}); give a longer --claim-timeout with it`,
    );
  }
  if (options.maxOutageMs === undefined && DEFAULT_MAX_OUTAGE_MS > claimMs / 2) {
    options.onOutageCut?.({ outageMs: outageLimitMs(options), claimTimeoutMs: claimMs, defaultMs: DEFAULT_MAX_OUTAGE_MS });
  }
}

const claimTimeoutOf = (options: DrainSettings) => options.claimTimeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS;
