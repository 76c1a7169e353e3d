// The daily re-check of digest candidates on arXiv. The listings ask only for the last few
// submission days (ARXIV_RECENT_DAYS), but a paper stays a candidate for longer (matching's
// NEW_WINDOW_DAYS): a withdrawal or a new version after those days would otherwise never be seen,
// and the paper would go on reaching digests. So every paper of the window that has an arXiv id
// (from arXiv's listings or the feed) is asked for by id (the API's id_list, ARXIV_RECHECK_BATCH
// ids a call, max_results set, the same pacing, retries and timeouts as a listing), and what arXiv
// answers is merged by the listing's own rules (store.ts mergeIntoKnown, merge.ts versionStep).
//
// Each batch stands alone: an answer that fails or leaves ids out changes nothing for the ids it
// did not answer, which are asked again at the next run; ids arXiv answers as unknown are left alone.
import type { Database } from '../db/index.js';
import { ArxivFormatError, parseArxivPage } from './arxiv-atom.js';
import { ArxivError, createPacer, downloadPage, StoppedForShutdown, type ArxivCallOptions, type Pacer } from './arxiv.js';
import { describeFetchError, isUnreachable } from './http.js';
import type { PaperInput } from './merge.js';
import { mergeIntoKnown } from './store.js';

/** Ids per call: a URL of about 1.3 kB, and an answer arXiv gives at once. */
export const ARXIV_RECHECK_BATCH = 100;

export interface RecheckOptions extends ArxivCallOptions {
  now: Date;
  /** Papers first seen within this many days before `now`: a digest's candidates (matching's NEW_WINDOW_DAYS). */
  windowDays: number;
  pacer?: Pacer;
  batchSize?: number;
  /** Aborted when the service shuts down: no further batch is asked (as ArxivOptions.signal). */
  signal?: AbortSignal;
}

export interface RecheckReport {
  /** Papers of the window with an arXiv id, asked for. */
  asked: number;
  /** Of those, the ones arXiv answered for. */
  answered: number;
  /** Ids arXiv says it does not have: left as they are. */
  notFound: number;
  /** Papers that changed (a later version, a withdrawal or the end of one, a new category…). */
  updated: number;
  /** Papers this re-check found withdrawn: no longer candidates. */
  withdrawn: number;
  /** What was not answered, in words (a batch that failed, or answered in part); asked again next run. */
  failures: string[];
}

/**
 * Ids the API can be asked for: new style (2401.01234) and old style (cs/0112017, math.GT/0309136).
 * Anything else (a typo a feed carried) would make arXiv answer the whole batch with an error, day
 * after day, so it is not asked.
 */
const ASKABLE_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/;

/** Re-checks the window's papers; arXiv's failures are in the report, never thrown. */
export async function recheckArxivWindow(db: Database, options: RecheckOptions): Promise<RecheckReport> {
  const since = new Date(options.now.getTime() - options.windowDays * 86_400_000);
  const candidates = await db.prisma.paper.findMany({
    where: { arxivId: { not: null }, firstSeenAt: { gte: since } },
    select: { arxivId: true, withdrawnAt: true },
    orderBy: { id: 'asc' },
  });
  const ids = candidates.map((paper) => paper.arxivId!).filter((id) => ASKABLE_ID.test(id));
  const withdrawnBefore = new Set(candidates.filter((paper) => paper.withdrawnAt !== null).map((paper) => paper.arxivId));
  const report: RecheckReport = { asked: ids.length, answered: 0, notFound: 0, updated: 0, withdrawn: 0, failures: [] };
  const pacer = options.pacer ?? createPacer();
  const size = options.batchSize ?? ARXIV_RECHECK_BATCH;
  const batches = Array.from({ length: Math.ceil(ids.length / size) }, (_, i) => ids.slice(i * size, (i + 1) * size));
  for (const [index, batch] of batches.entries()) {
    const what = `ids ${batch[0]}…${batch.at(-1)} (${index + 1} of ${batches.length})`;
    let answer: { found: PaperInput[]; notFound: number };
    try {
      answer = await askBatch(batch, options, pacer, what);
    } catch (error) {
      if (error instanceof StoppedForShutdown) {
        options.log.info({ notAsked: batches.length - index }, 'arXiv re-check stopped for shutdown: the next run asks again');
        break;
      }
      const reason = error instanceof ArxivFormatError ? error.message : describeFetchError(error, 'ARXIV_API_URL=off');
      report.failures.push(`${what}: ${reason}`);
      // Nothing answered: each other batch would wait as long for the same silence.
      const rest = batches.length - index - 1;
      if (isUnreachable(error) && rest > 0) {
        report.failures.push(`${rest} more ${rest === 1 ? 'batch' : 'batches'} not asked`);
        break;
      }
      continue;
    }
    report.answered += answer.found.length;
    report.notFound += answer.notFound;
    const missing = batch.length - answer.found.length - answer.notFound;
    if (missing > 0) report.failures.push(`${what}: arXiv answered for ${batch.length - missing} of ${batch.length} ids`);
    if (answer.found.length > 0) report.updated += (await db.transaction((tx) => mergeIntoKnown(tx, answer.found, options.now))).updated;
  }
  if (report.updated > 0) {
    const nowWithdrawn = await db.prisma.paper.findMany({ where: { arxivId: { in: ids }, withdrawnAt: { not: null } }, select: { arxivId: true } });
    report.withdrawn = nowWithdrawn.filter((paper) => !withdrawnBefore.has(paper.arxivId)).length;
  }
  options.log.info({ recheck: { ...report, failures: report.failures.length } }, 'arXiv re-check done');
  return report;
}

/**
 * The service's daily run: what arXiv answered is applied, then anything it did not answer is
 * thrown as one error, so that the job's run is recorded as failed with the reason (`status`).
 */
export async function recheckArxiv(db: Database, options: RecheckOptions): Promise<RecheckReport> {
  const report = await recheckArxivWindow(db, options);
  const unanswered = unansweredError(report, options.apiUrl);
  if (unanswered) throw unanswered;
  return report;
}

/** What a re-check did not get answered, as the one error its job run records; null when all was answered. */
export function unansweredError(report: RecheckReport, apiUrl: string): ArxivError | null {
  if (report.failures.length === 0) return null;
  return new ArxivError(apiUrl, `re-check: ${report.failures.join('; ')} (${report.answered} of ${report.asked} papers answered, ${report.updated} updated; the rest are asked again next run)`);
}

/** One call for a batch of ids: the entries for the ids asked (the first of each), and how many arXiv does not have. */
async function askBatch(ids: string[], options: RecheckOptions, pacer: Pacer, what: string): Promise<{ found: PaperInput[]; notFound: number }> {
  const url = new URL(options.apiUrl);
  url.searchParams.set('id_list', ids.join(','));
  // The API answers 10 entries unless told otherwise.
  url.searchParams.set('max_results', String(ids.length));
  const body = await downloadPage(url.toString(), options, pacer, { recheck: what });
  // For an id it does not have the API answers with an entry that has no fields of a paper.
  const page = parseArxivPage(body, { skipUnreadable: true });
  const wanted = new Set(ids);
  const found = new Map<string, PaperInput>();
  for (const entry of page.entries) {
    if (entry.arxivId && wanted.has(entry.arxivId) && !found.has(entry.arxivId)) found.set(entry.arxivId, entry);
  }
  return { found: [...found.values()], notFound: Math.min(page.skipped, ids.length - found.size) };
}
