import type { Command } from 'commander';
import { z } from 'zod';
import type { EditionStatus } from '../../delivery/index.js';
import type { JobState } from '../../ops/index.js';
import type { Action, CliContext } from '../context.js';
import { hangingLines, printJson, printLines } from '../output.js';
import { parseArgs } from '../validate.js';
import { capitalise, plural } from '../../shared/wording.js';

const argsSchema = z.object({
  editions: z.coerce.number().int().min(1).max(100).default(5),
  json: z.boolean().default(false),
});

export function registerStatus(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('status')
    .description('the last editions (sent, failed, pending), the scheduled jobs and when the next digests are due')
    .option('--editions <n>', 'how many editions to list', '5')
    .option('--json', 'print {editions, jobs, nextSendRun, missedSendRuns, dueNow, nextDue, retrying, acceptedUnrecorded, listLost} as JSON (each job: {name, startedAt, finishedAt, okAt, lastError, off, unfinished, processGone, earlierUnfinished: [{startedAt, processGone}]})')
    .action((options: Record<string, unknown>) =>
      run(async () => {
        const args = parseArgs(argsSchema, options, { editions: ['--editions', 'must be 1–100'] });
        const { serviceStatus, noEndWords, journalWaiting, importedWords, IMPORTED_LEAD, failedWords, FAILED_LEAD } = await import('../../ops/index.js');
        const app = await ctx.openApp({ existingDatabase: true });
        try {
          const status = await serviceStatus(app.prisma, { editions: args.editions, now: app.clock.now(), sendCron: app.config.sendCron, sources: app.config, dataDir: app.config.dataDir });
          const { editions, jobs, nextSendRun, missedSendRuns, dueNow, nextDue, retrying, acceptedUnrecorded, listLost } = status;
          if (args.json) {
            printJson({ editions, jobs, nextSendRun, missedSendRuns, dueNow, nextDue, retrying, acceptedUnrecorded, listLost });
            return;
          }
          // No run comes by itself: the embedded database opened by this command (a service would hold
          // it), or a server database whose send runs stopped coming.
          // A service runs a send at its start: on a server database with no send run ever begun, no
          // service has run against it, and "Next send run: 08:00" would promise a run nobody makes.
          const sendJob = jobs.find((job) => job.name === 'send')!;
          const neverSent = app.db.kind !== 'embedded' && !sendJob.startedAt;
          const noService = app.db.kind === 'embedded' || missedSendRuns.length > 0 || neverSent;
          const sendCron = `(SEND_CRON "${app.config.sendCron}", UTC)`;
          const nextAt = nextSendRun ? stamp(nextSendRun) : 'none';
          printLines(
            ...(editions.length === 0 ? ['No edition yet.'] : ['Editions (newest first):', EDITION_HEADER, ...editions.map(describeEdition)]),
            // Under the table, not a column of it: one more column took the rows past 80 columns.
            ...editions.filter((edition) => edition.imported > 0).flatMap((edition) => hangingLines(`  ${IMPORTED_LEAD}`, importedWords(edition))),
            // The run that gave up said only "2 failed", and the edition reads complete: the way to
            // send them again was named only by a later send.
            ...hangingLinesIf(`  ${FAILED_LEAD}`, failedWords(editions)),
            '',
            'Jobs:',
            ...jobs.flatMap((job) => describeJob(job, noEndWords)),
            '',
            // On the embedded database, a command that opened it itself knows that no service runs
            // (the service would hold it): no scheduled run will come until `paperboy serve` starts.
            ...(app.db.kind === 'embedded'
              ? [`Next send run: none until paperboy serve runs ${sendCron}`]
              : neverSent
                ? hangingLines('Next send run: ', `${nextAt} if paperboy serve is running by then: no send run has begun on this database yet ${sendCron}`)
                : [`Next send run: ${nextAt} ${sendCron}`]),
            // A server database cannot tell that no service runs, but missed times can.
            ...(app.db.kind !== 'embedded' && missedSendRuns.length > 0
              ? hangingLines('Warning: ', `no send run has begun since ${stamp(sendJob.startedAt!)}, though SEND_CRON was due at ${missedSendRuns.map(stamp).join(' and ')}: is paperboy serve running?`)
              : []),
            // Not "the next send run sends them" under "Next send run: none": no run comes by itself.
            ...hangingLines('Digests due now: ', dueNow === 0 ? 'none' : `${plural(dueNow, 'subscriber')} (${noService ? 'paperboy send sends them, or paperboy serve once it runs' : 'the next send run sends them'})`),
            ...(retrying
              ? hangingLines(
                  'Waiting for a retry: ',
                  `${plural(retrying.subscribers, 'subscriber')} whose digest could not be sent yet (${noService ? `paperboy send from ${stamp(retrying.from)} retries them, or paperboy serve once it runs` : `the first send run from ${stamp(retrying.from)} retries them`})`,
                )
              : []),
            // Counted among the due (their deliveries are open), but they went out: not to be sent again.
            ...(acceptedUnrecorded > 0 ? hangingLines('Accepted, not yet recorded: ', journalWaiting(acceptedUnrecorded)) : []),
            nextDue
              ? `Next digests due: ${stamp(nextDue.at)} for ${plural(nextDue.subscribers, 'subscriber')}`
              : 'Next digests due: none (no active subscriber)',
            ...(listLost ? ['', ...hangingLines('Warning: ', capitalise(listLost))] : []),
          );
        } finally {
          await app.close();
        }
      }),
    );
}

/**
 * One header, then a row per edition, within 80 columns (a terminal's default width): the counts
 * under their names instead of "1 sent 0 failed …" on each row, which wrapped every row in two.
 */
const EDITION_COLUMNS = [
  ['edition', 17],
  ['sent', 6],
  ['failed', 7],
  ['bounced', 8],
  ['skipped', 8],
] as const;
const EDITION_HEADER = `  ${EDITION_COLUMNS.map(([name, width], i) => (i === 0 ? name.padEnd(width) : name.padStart(width))).join(' ')}  state`;

const hangingLinesIf = (lead: string, words: string | null) => (words === null ? [] : hangingLines(lead, words));

function describeEdition(e: EditionStatus): string {
  const state = e.pending > 0 ? `${e.pending} pending` : e.completedAt ? `complete ${stamp(e.completedAt)}` : 'not complete';
  const cells = [e.key, e.sent, e.failed, e.bounced, e.skipped].map((value, i) => (i === 0 ? String(value).padEnd(EDITION_COLUMNS[i]![1]) : String(value).padStart(EDITION_COLUMNS[i]![1])));
  return `  ${cells.join(' ')}  ${state}`;
}

/**
 * What is said of a run that recorded no end (ops/unfinished-run.ts: noEndWords): that it may still
 * be running, in /admin's words too, or that its process is known to be gone.
 */
type NoEndWords = (processGone: boolean) => string;

/**
 * A job's lines, within 80 columns: its name, then what it did, wrapped under that text (an error
 * message from a relay or a feed is often longer than a line, and a terminal's own wrap would start
 * it at column 0, under the names); then each earlier run that recorded no end, under it, so that
 * a run killed midway is still seen after the next run has begun.
 */
function describeJob(job: JobState, words: NoEndWords): string[] {
  const lead = `  ${job.name.padEnd(8)} `;
  const earlier = job.earlierUnfinished.map((run) => `earlier run ${stamp(run.startedAt)}, ${words(run.processGone)}`);
  return [...hangingLines(lead, jobSummary(job, words)), ...earlier.flatMap((text) => hangingLines(' '.repeat(lead.length), text))];
}

function jobSummary(job: JobState, words: NoEndWords): string {
  // A job a setting turns off is not waiting for its first run: it never runs while that setting stands.
  if (job.off && !job.startedAt) return `off (${job.off}): never runs`;
  if (!job.startedAt) return 'has not run yet';
  // The last run's own success is its end ("last run 07:00Z, succeeded 07:03Z"): "last success
  // 07:03Z" after "last run 07:00Z" read as a success later than the last run.
  const lastRunOk = !job.unfinished && job.okAt && job.finishedAt && job.okAt.getTime() === job.finishedAt.getTime();
  // An error recorded with the last success is that run's warning (a send that left digests pending):
  // such a run "ended", not "succeeded" (a send to a relay that was down sent nothing, and read as a success).
  const warned = job.lastError && lastRunOk;
  const ok = lastRunOk ? `${warned ? 'ended' : 'succeeded'} ${stamp(job.okAt!)}` : job.okAt ? `last success ${stamp(job.okAt)}` : 'never succeeded';
  // A run that recorded no end has no outcome yet, or lost it: say so rather than show an older
  // error (or none) as if it were this run's.
  const outcome = job.unfinished ? `; ${words(job.processGone)}` : warned ? `, but ${job.lastError}` : job.lastError ? `; last error: ${job.lastError}` : '';
  const last = `last run ${stamp(job.startedAt)}, ${ok}${outcome}`;
  return job.off ? `off (${job.off}): no longer runs; ${last}` : last;
}

const stamp = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
