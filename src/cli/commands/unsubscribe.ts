import type { Command } from 'commander';
import type { Action, CliContext } from '../context.js';
import { hangingLines, printJson, printLines } from '../output.js';

export function registerUnsubscribe(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('unsubscribe')
    .description('unsubscribe an address (on their request, or for a bounce you know of); recorded in their history')
    .argument('<email>', 'the address to unsubscribe')
    .option('--json', 'print {email, changed} as JSON')
    .action((email: string, options: { json?: boolean }) =>
      run(async () => {
        const { unsubscribeByEmail } = await import('../../subscriptions/index.js');
        const app = await ctx.openApp();
        try {
          const result = await unsubscribeByEmail(app.prisma, email, { now: app.clock.now(), source: 'cli' });
          if (options.json) printJson(result);
          else printLines(...hangingLines('', result.changed ? `Unsubscribed ${result.email}: no more digests (recorded in their history). No email was sent to them: the goodbye email goes to readers who unsubscribe themselves.` : `${result.email} was already unsubscribed: nothing changed.`));
        } finally {
          await app.close();
        }
      }),
    );
}
