import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { UserError } from '../../shared/errors.js';
import { EXIT, type Action, type CliContext } from '../context.js';
import { printJson, printLines } from '../output.js';
import { plural } from '../../shared/wording.js';

export function registerErase(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('erase')
    .description('remove a subscriber and everything kept about them (topics, history, deliveries, digests); only counts remain')
    .argument('<email>', 'the address to erase')
    .option('--yes', 'do not ask for confirmation (for scripts; required when not on a terminal)')
    .option('--json', 'print {email, topics, events, deliveries, papersSent} (what was removed) as JSON')
    .action((email: string, options: { yes?: boolean; json?: boolean }) =>
      run(async () => {
        const { erasureScope, eraseSubscriber } = await import('../../subscriptions/index.js');
        const app = await ctx.openApp();
        try {
          const scope = await erasureScope(app.prisma, email);
          if (!options.yes) {
            if (!process.stdin.isTTY) throw new UserError('erase cannot be undone: confirm it with --yes (there is no terminal to ask on)');
            const what = `${scope.email} (${plural(scope.topics, 'topic')}, ${plural(scope.events, 'history event')}, ${plural(scope.deliveries, 'delivery', 'deliveries')})`;
            if (!(await confirm(`Erase ${what} for good? Type "yes" to confirm: `))) {
              process.stderr.write('paperboy: nothing was erased.\n');
              return EXIT.usage;
            }
          }
          const erased = await eraseSubscriber(app.prisma, scope.email);
          if (options.json) printJson(erased);
          else
            printLines(
              `Erased ${erased.email}: ${plural(erased.topics, 'topic')}, ${plural(erased.events, 'history event')}, ${plural(erased.deliveries, 'delivery', 'deliveries')} and the record of ${plural(erased.papersSent, 'paper')} sent are gone.`,
              'Only counts remain (the editions still count the digests they were sent).',
            );
        } finally {
          await app.close();
        }
      }),
    );
}

async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(question)).trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}
