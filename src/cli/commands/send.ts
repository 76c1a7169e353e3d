import type { Command } from 'commander';
import { runSend } from '../../delivery/index.js';
import { EXIT, type CliContext } from '../context.js';
import { printJson, printLines, progressBar } from '../output.js';

export function registerSend(program: Command, ctx: CliContext, run: (action: () => Promise<number | void>) => void) {
  program
    .command('send')
    .description('send the digests that are due now (what the schedule runs); with --now, today\'s edition to every active subscriber')
    .option('--now', 'send the current edition to every active subscriber, whatever their hour')
    .option('--json', 'print only the summary {subscribers, sent, skipped, failed} as JSON')
    .action((options: { now?: boolean; json?: boolean }) =>
      run(async () => {
        const app = await ctx.openApp();
        try {
          const progress = progressBar('send', !options.json);
          const summary = await runSend(await app.deliveryDeps(), {
            mode: options.now ? 'now' : 'due',
            onProgress: (done, total) => progress.update(done, total),
          });
          progress.stop();
          if (options.json) printJson(summary);
          else
            printLines(
              `${summary.subscribers} active subscriber(s): ${summary.sent} digest(s) sent, ${summary.skipped} skipped (nothing new), ${summary.failed} failed.`,
              ...(app.config.smtpUrl ? [] : [`Messages were written to ${app.config.outboxDir}`]),
            );
          return summary.failed > 0 ? EXIT.partial : EXIT.ok;
        } finally {
          await app.close();
        }
      }),
    );
}
