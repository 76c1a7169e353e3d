import type { Command } from 'commander';
import { z } from 'zod';
import { sendDigests, summarize, type SendReport } from '../../delivery/index.js';
import { recordJobRun } from '../../schedule/index.js';
import { abortOnSignals } from '../../shared/signals.js';
import { EXIT, type CliContext } from '../context.js';
import { printJson, printLines, progressBar } from '../output.js';
import { parseArgs } from '../validate.js';

/** Options shared by `send` and `retry`: how long to wait for retries, how long a claim lasts. */
export const drainArgs = {
  wait: z.coerce.number().min(0).max(24 * 60).default(10),
  claimTimeout: z.coerce.number().int().min(5).max(3600).optional(),
  dbOutage: z.coerce.number().min(1).max(3600).optional(),
};

export function drainSettings(args: { wait: number; claimTimeout?: number; dbOutage?: number }) {
  return {
    maxWaitMs: args.wait * 60_000,
    ...(args.claimTimeout ? { claimTimeoutMs: args.claimTimeout * 1000 } : {}),
    ...(args.dbOutage ? { maxOutageMs: args.dbOutage * 1000 } : {}),
  };
}

const argsSchema = z.object({ now: z.boolean().default(false), json: z.boolean().default(false), ...drainArgs });

export function registerSend(program: Command, ctx: CliContext, run: (action: () => Promise<number | void>) => void) {
  program
    .command('send')
    .description("send the digests that are due now (what the schedule runs); with --now, today's edition to every active subscriber")
    .option('--now', 'send the current edition to every active subscriber, whatever their hour')
    .option('--json', 'print only the summary {subscribers, sent, skipped, failed} as JSON')
    .option('--wait <minutes>', 'how long to keep retrying temporary failures before leaving them to the schedule', '10')
    .option('--claim-timeout <seconds>', 'after how long without a heartbeat another process may take over a claim (default 60)')
    .option('--db-outage <seconds>', 'how long the database may not answer before the run stops (default 30, at most half the claim timeout)')
    .action((options: Record<string, unknown>) =>
      run(async () => {
        const args = parseArgs(argsSchema, options);
        const app = await ctx.openApp();
        try {
          const progress = progressBar('send', !args.json);
          // SIGTERM / Ctrl-C: stop claiming, let what is in flight finish, give the rest back.
          const shutdown = abortOnSignals();
          let report: SendReport;
          try {
            const deps = await app.deliveryDeps();
            await deps.mailer.verify?.(); // an unusable outbox: one line, before anything is recorded
            // Recorded as the send job's run, so that `status` says how the last one went.
            report = await recordJobRun(deps, 'send', () =>
              sendDigests(deps, { mode: args.now ? 'now' : 'due', ...drainSettings(args), signal: shutdown.signal, onProgress: (done, total) => progress.update(done, total) }),
            );
          } finally {
            shutdown.dispose();
            progress.stop();
          }
          if (args.json) printJson(summarize(report));
          else
            printLines(
              `${report.subscribers} active subscriber(s): ${report.sent} digest(s) sent, ${report.skipped} skipped (nothing new), ` +
                `${report.failed} failed, ${report.bounced} refused by the server.`,
              ...(report.pending > 0 ? [`${report.pending} still pending: the next scheduled send retries them.`] : []),
              ...(app.config.smtpUrl ? [] : [`Messages were written to ${app.config.outboxDir}`]),
            );
          return report.failed + report.bounced + report.pending + report.error > 0 ? EXIT.partial : EXIT.ok;
        } finally {
          await app.close();
        }
      }),
    );
}
