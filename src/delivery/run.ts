// A send run: plan the deliveries that are due (or all, with --now), then send them with the send
// loop (drain.ts) until the run's editions are complete, the deadline passes or the run is stopped.
import { hasPapers } from '../corpus/index.js';
import { createOutageGuard } from '../db/index.js';
import { createMatcher } from '../matching/index.js';
import { UserError } from '../shared/errors.js';
import { formatCount, plural } from '../shared/wording.js';
import type { DeliveryDeps } from './deps.js';
import { drain } from './drain.js';
import type { PendingReasons } from './failures.js';
import { checkOutageBound, outageLimitMs } from './outage-bound.js';
import type { DrainResult, DrainSettings } from './send-settings.js';
import { editionsWithOpenDeliveries, reopenFailed } from './store/index.js';
import { planDeliveries, type PlanResult } from './plan.js';

export { drain } from './drain.js';
export { inFlightLimit, DEFAULT_MAX_WAIT_MS, DEFAULT_SHUTDOWN_MS, type DrainSettings, type DrainResult, type DrainCounts, type WaitingForRetries, type OutageCut } from './send-settings.js';

/**
 * A send before the first ingest. Refused before anything is recorded, by the command and the
 * scheduled job alike: with no paper at all every due reader's edition would end "skipped" for
 * good, and that day's digests could not be sent once papers are in.
 */
export class EmptyCorpusError extends UserError {
  override name = 'EmptyCorpusError';
  constructor() {
    super(
      'The corpus has no paper yet, so nothing could match: run `paperboy ingest` (or start the service, which ingests SEEDS_DIR) first. Nothing was sent or recorded.',
      409,
      'empty_corpus',
    );
  }
}

export interface SendOptions extends DrainSettings {
  mode: 'now' | 'due';
}

/** What the run planned (plan.ts says what each count means), what it sent, and how long it took. */
export interface SendReport extends DrainResult, Omit<PlanResult, 'editionIds'> {
  mode: 'now' | 'due';
  editions: number;
  /** Time spent planning (reading subscribers, creating rows), within `ms`. */
  planMs: number;
  ms: number;
  /**
   * Subscribers the run considered who were owed nothing now (their hour has not come), and those who
   * already had the edition it would send them (a `send --now`, an earlier run): /admin showed "5
   * subscribers · 2 sent" beside nothing for the other 3, where `send` said they already had it.
   */
  notDue: number;
  alreadyHad: number;
  /**
   * Set when digests were left waiting after temporary failures: the job's record keeps it beside
   * the run's success (status, /admin), so a relay nobody reached is not read as a good morning.
   */
  warning?: string;
}

/** The short form: what `send --json` prints and what callers of runSend check. */
export interface SendSummary {
  subscribers: number;
  sent: number;
  skipped: number;
  failed: number;
}

export async function sendDigests(deps: DeliveryDeps, options: SendOptions): Promise<SendReport> {
  checkOutageBound(options);
  // A mail setup that cannot work (an outbox that cannot be written) stops the run before anything.
  await deps.mailer.verify?.();
  const t0 = performance.now();
  const started = deps.clock.now();
  // Planning is idempotent (unique rows): across a short outage it simply runs again.
  const db = createOutageGuard({ maxOutageMs: outageLimitMs(options), log: deps.log });
  if (!(await db.run(() => hasPapers(deps.prisma)))) throw new EmptyCorpusError();
  const plan = await db.run(() => planDeliveries(deps.prisma, { now: started, mode: options.mode, mailFrom: deps.mailFrom }));
  const planMs = Math.round(performance.now() - t0);
  // Besides its own editions, a run finishes whatever earlier runs left: retries, abandoned claims.
  const editionIds = [...new Set([...plan.editionIds, ...(await db.run(() => editionsWithOpenDeliveries(deps.prisma)))])];
  const result = await drain(deps, createMatcher(deps.prisma, { now: started }), { ...options, editionIds });
  const report: SendReport = {
    mode: options.mode,
    subscribers: plan.subscribers,
    planned: plan.planned,
    owed: plan.owed,
    earlier: plan.earlier,
    early: plan.early,
    aheadOpen: plan.aheadOpen,
    notDue: notDueOf(plan),
    alreadyHad: alreadyHadOf(plan),
    editions: editionIds.length,
    ...result,
    planMs,
    ms: Math.round(performance.now() - t0),
    ...runWarning(result, options.signal?.aborted === true),
  };
  deps.log.info({ run: 'send', ...report }, 'send run finished');
  return report;
}

/**
 * What the run's record keeps beside its end (`status`, /admin, and no "last success" in /metrics):
 * digests left pending, and digests that failed for good in this run. A run whose every digest
 * gave up (a relay answering 451 until the attempts ran out) was recorded as a plain success.
 */
function runWarning(result: DrainResult, stopped: boolean): { warning?: string } {
  const pending = result.pending > 0 ? pendingNote(result.pending, result.pendingReasons ?? {}, stopped, result.retry + result.refused > 0).warning : undefined;
  const failed = result.failed > 0 ? `${plural(result.failed, 'digest')} failed for good (paperboy retry --failed sends ${result.failed === 1 ? 'it' : 'them'} again)` : undefined;
  const warning = [pending, failed].filter(Boolean).join('; ');
  return warning ? { warning } : {};
}

/**
 * Why digests were left pending, for the run's record (`status`, /admin). A run stopped by a signal
 * says so first: a Ctrl-C that left 89 digests was otherwise put down to one older 451, or, with
 * none, recorded as a clean success.
 */
function pendingNote(pending: number, reasons: PendingReasons, stopped: boolean, failedThisRun: boolean): { warning?: string } {
  const digests = plural(pending, 'digest');
  if (stopped) return { warning: `${digests} left pending: the run was stopped (Ctrl-C or SIGTERM) before sending them${hasReason(reasons) ? `, some after ${afterWords(reasons, 'a')}` : ''}; the next send run sends them` };
  if (!hasReason(reasons)) return {};
  // Not tried by this run (waiting for their retry time, or --wait 0): their error is an earlier
  // run's. Said as this run's, it read as if SMTP_URL, mended since, were still wrong.
  if (!failedThisRun) return { warning: `${digests} left pending, waiting for a retry after ${afterWords(reasons, 'an earlier')}; the next send run retries them` };
  return { warning: `${digests} left pending after ${afterWords(reasons, 'a')}; the next send run retries them` };
}

const hasReason = (reasons: PendingReasons) => reasons.temporary !== undefined || reasons.refusal !== undefined;

/**
 * "a temporary failure (451 …)", or with both kinds, each with how many: "a temporary failure
 * (451 …) for 3 and a refusal by the relay's policy (554 5.7.1 …) for 1" (a refusal beside a 451
 * was put down as temporary with it).
 */
function afterWords({ temporary, refusal }: PendingReasons, article: string): string {
  const temporaryWords = temporary && `temporary failure (${temporary.error})`;
  const refusalWords = refusal && `refusal by the relay's policy (${refusal.error})`;
  if (temporary && refusal) return `${article} ${temporaryWords} for ${formatCount(temporary.count)} and a ${refusalWords} for ${formatCount(refusal.count)}`;
  return `${article} ${temporaryWords ?? refusalWords}`;
}

/**
 * Subscribers owed nothing now. One whose hour has not come but who already had the current
 * edition (a `send --now`) is not counted, nor one whose current edition an earlier run left
 * unsent: this run finished it.
 */
export function notDueOf(plan: Pick<PlanResult, 'subscribers' | 'owed' | 'early' | 'aheadOpen'>): number {
  const { early } = plan;
  return plan.subscribers - plan.owed - (early.sent + early.skipped + early.failed + early.bounced) - plan.aheadOpen;
}

/** Subscribers who already had the edition this run would send them, at its hour or earlier. */
export function alreadyHadOf(plan: Pick<PlanResult, 'earlier' | 'early'>): number {
  return plan.earlier.sent + plan.early.sent;
}

export async function runSend(deps: DeliveryDeps, options: SendOptions): Promise<SendSummary> {
  return summarize(await sendDigests(deps, options));
}

export function summarize(report: SendReport): SendSummary {
  return { subscribers: report.subscribers, sent: report.sent, skipped: report.skipped, failed: report.failed + report.bounced };
}

export interface RetryReport extends DrainResult {
  reopened: number;
  editions: number;
}

/** `retry --failed`: sends again the deliveries that failed for good after temporary errors. */
export async function retryFailed(deps: DeliveryDeps, options: DrainSettings & { editionKeys?: string[] }): Promise<RetryReport> {
  checkOutageBound(options);
  await deps.mailer.verify?.();
  const { reopened, editionIds } = await reopenFailed(deps.prisma, { now: deps.clock.now(), editionKeys: options.editionKeys });
  const result = await drain(deps, createMatcher(deps.prisma, { now: deps.clock.now() }), { ...options, editionIds });
  return { reopened, editions: editionIds.length, ...result };
}
