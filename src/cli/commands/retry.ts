import type { Command } from 'commander';
import type { RetryReport } from '../../delivery/index.js';
import { z } from 'zod';
import { UserError } from '../../shared/errors.js';
import { EXIT, type Action, type CliContext } from '../context.js';
import { printJson, printLines, progressBar } from '../output.js';
import { parseArgs } from '../validate.js';
import { abortOnSignals } from '../../shared/signals.js';
import { drainArgs, drainFlags, drainSettings, pendingRetriedBy, skippedParts, withDrainOptions } from './send.js';
import { formatCount, plural } from '../../shared/wording.js';

const argsSchema = z.object({
  failed: z.boolean().default(false),
  edition: z
    .array(
      z
        .string()
        // Named: of `--edition daily:2026-11-22 weekly-2026-11-23` only one is wrong.
        .regex(/^(daily|weekly):\d{4}-\d{2}-\d{2}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an edition key such as daily:2026-11-22`, abort: true })
        // A date no calendar has (daily:2026-13-45) is a typo of the date, not "No edition".
        .refine((key) => z.iso.date().safeParse(key.split(':')[1]).success, { error: (issue) => `${JSON.stringify(issue.input)} has no such date (an edition key is daily: or weekly: and a date, YYYY-MM-DD)` }),
    )
    .default([]),
  json: z.boolean().default(false),
  ...drainArgs,
});

export function registerRetry(program: Command, ctx: CliContext, run: (action: Action) => void) {
  withDrainOptions(
    program
      .command('retry')
      .description('send again what failed: deliveries that ran out of retries (never what a server refused for good)')
      .option('--failed', 'retry the failed deliveries (required: it says what is retried)')
      .option('--edition <key...>', 'only these editions, e.g. daily:2026-11-22')
      .option('--json', 'print {reopened, sent, skipped, skippedFor: {nothingNew, withdrawn, inactive}, failed, bounced, pending} as JSON'),
  ).action((options: Record<string, unknown>) =>
      run(async () => {
        const args = parseArgs(argsSchema, options, drainFlags);
        if (!args.failed) throw new UserError('Say what to retry: --failed (bounced deliveries are never retried).');
        const { checkOutageBound, retryFailed } = await import('../../delivery/index.js');
        checkOutageBound({ ...drainSettings(args), onOutageCut: undefined });
        const app = await ctx.openApp();
        try {
          // An edition that never was is a typo, not "nothing failed".
          const known = new Set((await app.prisma.edition.findMany({ where: { key: { in: args.edition } }, select: { key: true } })).map((edition) => edition.key));
          const unknown = args.edition.filter((key) => !known.has(key));
          if (unknown.length > 0) throw new UserError(`No edition ${unknown.join(', ')}: paperboy status lists the recent ones.`);
          const progress = progressBar('retry', !args.json);
          // SIGTERM / Ctrl-C, as for send: stop claiming, let what is in flight finish, give the rest back.
          const shutdown = abortOnSignals();
          const report = await retryFailed(await app.deliveryDeps(), {
            editionKeys: args.edition,
            ...drainSettings(args),
            signal: shutdown.signal,
            onProgress: (done, total) => progress.update(done, total),
          }).finally(() => {
            shutdown.dispose();
            progress.stop();
          });
          const { reopened, sent, failed, bounced, pending } = report;
          if (args.json) printJson({ reopened, sent, skipped: report.skipped, skippedFor: report.skippedFor, failed, bounced, pending });
          else printLines(...describeRetry(report, app.db.kind !== 'embedded'));
          return failed + bounced + pending + report.error > 0 ? EXIT.partial : EXIT.ok;
        } finally {
          await app.close();
        }
      }),
    );
}

/** The retry in words: every reopened delivery is counted once, skips included. */
export function describeRetry(report: RetryReport, scheduled = true): string[] {
  const { reopened, sent, failed, bounced, pending } = report;
  if (reopened === 0) return ['Nothing failed: nothing to retry.'];
  // Skips too: a retried digest whose papers were all withdrawn since is skipped, and the parts
  // would otherwise not add up to what was retried.
  const parts = [`${formatCount(sent)} sent`, ...skippedParts(report.skippedFor), `${formatCount(failed)} failed again`, `${formatCount(bounced)} refused by the server`];
  return [
    `${plural(reopened, 'failed delivery', 'failed deliveries')} in ${plural(report.editions, 'edition')} retried: ${parts.join(', ')}.`,
    ...(pending > 0 ? [`${formatCount(pending)} still pending: ${pendingRetriedBy(scheduled)}.`] : []),
  ];
}
