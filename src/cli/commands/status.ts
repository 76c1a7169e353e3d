import type { Command } from 'commander';
import { z } from 'zod';
import type { EditionStatus } from '../../delivery/index.js';
import type { PrismaClient } from '../../db/index.js';
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
        const [{ latestEditions }, { nextRunOf }] = await Promise.all([import('../../delivery/index.js'), import('../../schedule/index.js')]);
        const app = await ctx.openApp();
        try {
          const now = app.clock.now();
          const [editions, jobs, nextDue] = await Promise.all([
            latestEditions(app.prisma, args.editions),
            app.prisma.jobRun.findMany({ orderBy: { name: 'asc' } }),
            nextDigestsDue(app.prisma, now),
          ]);
          const nextSendRun = nextRunOf(app.config.sendCron);
          if (args.json) {
            printJson({ editions, jobs, nextSendRun, nextDue });
            return;
          }
          printLines(
            ...(editions.length === 0 ? ['No edition yet.'] : ['Editions (newest first):', ...editions.map(describeEdition)]),
            '',
            'Jobs:',
            ...(jobs.length === 0 ? ['  none has run yet'] : jobs.map(describeJob)),
            '',
            `Next send run: ${nextSendRun ? stamp(nextSendRun) : 'none'} (SEND_CRON "${app.config.sendCron}", UTC)`,
            nextDue ? `Next digests due: ${stamp(nextDue.at)} for ${nextDue.subscribers} subscriber(s)` : 'Next digests due: no active subscriber',
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

function describeJob(job: { name: string; startedAt: Date | null; okAt: Date | null; lastError: string | null }): string {
  const ok = job.okAt ? `last success ${stamp(job.okAt)}` : 'never succeeded';
  return `  ${job.name.padEnd(8)} last start ${job.startedAt ? stamp(job.startedAt) : '-'}, ${ok}${job.lastError ? `; last error: ${job.lastError}` : ''}`;
}

const stamp = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;

/** The earliest moment a new edition falls due, over the distinct schedules of active subscribers. */
async function nextDigestsDue(prisma: PrismaClient, now: Date): Promise<{ at: Date; subscribers: number } | null> {
  const { nextDueAt } = await import('../../digest/edition.js');
  const schedules = await prisma.subscriber.groupBy({
    by: ['frequency', 'sendHour', 'sendWeekday', 'timeZone'],
    where: { status: 'active' },
    _count: { _all: true },
  });
  let next: { at: Date; subscribers: number } | null = null;
  for (const schedule of schedules) {
    const at = nextDueAt(schedule, now);
    if (!at) continue;
    if (!next || at < next.at) next = { at, subscribers: schedule._count._all };
    else if (at.getTime() === next.at.getTime()) next.subscribers += schedule._count._all;
  }
  return next;
}
