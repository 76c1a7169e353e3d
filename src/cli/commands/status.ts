import type { Command } from 'commander';
import { z } from 'zod';
import type { EditionStatus } from '../../delivery/index.js';
import type { Action, CliContext } from '../context.js';
import { printJson, printLines } from '../output.js';
import { parseArgs } from '../validate.js';

const argsSchema = z.object({
  editions: z.coerce.number().int().min(1).max(100).default(5),
  json: z.boolean().default(false),
});

export function registerStatus(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('status')
    .description('the last editions (sent, failed, pending), the scheduled jobs and when the next digests are due')
    .option('--editions <n>', 'how many editions to list', '5')
    .option('--json', 'print {editions, jobs, nextSendRun, nextDue} as JSON')
    .action((options: Record<string, unknown>) =>
      run(async () => {
        const args = parseArgs(argsSchema, options, { editions: ['--editions', 'must be 1–100'] });
        const [{ latestEditions, upcomingDigests }, { nextRunOf }] = await Promise.all([import('../../delivery/index.js'), import('../../schedule/index.js')]);
        const app = await ctx.openApp();
        try {
          const now = app.clock.now();
          const [editions, runs, upcoming] = await Promise.all([
            latestEditions(app.prisma, args.editions),
            app.prisma.jobRun.findMany({ orderBy: { name: 'asc' } }),
            upcomingDigests(app.prisma, now),
          ]);
          // Every job the service schedules, with its last run or none yet; then any other recorded.
          const jobs = [...JOBS.map((name) => runs.find((run) => run.name === name) ?? neverRan(name)), ...runs.filter((run) => !JOBS.includes(run.name))];
          const nextSendRun = nextRunOf(app.config.sendCron);
          if (args.json) {
            printJson({ editions, jobs, nextSendRun, dueNow: upcoming.dueNow, nextDue: upcoming.next });
            return;
          }
          printLines(
            ...(editions.length === 0 ? ['No edition yet.'] : ['Editions (newest first):', ...editions.map(describeEdition)]),
            '',
            'Jobs:',
            ...jobs.map(describeJob),
            '',
            `Next send run: ${nextSendRun ? stamp(nextSendRun) : 'none'} (SEND_CRON "${app.config.sendCron}", UTC)`,
            `Digests due now: ${upcoming.dueNow === 0 ? 'none' : `${upcoming.dueNow} subscriber${upcoming.dueNow === 1 ? '' : 's'} (the next send run sends them)`}`,
            upcoming.next
              ? `Next digests due: ${stamp(upcoming.next.at)} for ${upcoming.next.subscribers} subscriber${upcoming.next.subscribers === 1 ? '' : 's'}`
              : 'Next digests due: none (no active subscriber)',
          );
        } finally {
          await app.close();
        }
      }),
    );
}

function describeEdition(e: EditionStatus): string {
  const state = e.pending > 0 ? `${e.pending} pending` : e.completedAt ? `complete ${stamp(e.completedAt)}` : 'not complete';
  return `  ${e.key.padEnd(18)} ${String(e.sent).padStart(7)} sent ${String(e.failed).padStart(5)} failed ${String(e.bounced).padStart(5)} bounced ${String(e.skipped).padStart(6)} skipped   ${state}`;
}

/** The jobs `serve` schedules (src/cli/commands/serve.ts). */
const JOBS = ['send', 'ingest', 'fetch'];

interface JobState {
  name: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  okAt: Date | null;
  lastError: string | null;
}

const neverRan = (name: string): JobState => ({ name, startedAt: null, finishedAt: null, okAt: null, lastError: null });

function describeJob(job: JobState): string {
  if (!job.startedAt) return `  ${job.name.padEnd(8)} has not run yet`;
  const ok = job.okAt ? `last success ${stamp(job.okAt)}` : 'never succeeded';
  return `  ${job.name.padEnd(8)} last run ${stamp(job.startedAt)}, ${ok}${job.lastError ? `; last error: ${job.lastError}` : ''}`;
}

const stamp = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
