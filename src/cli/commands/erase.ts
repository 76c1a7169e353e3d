import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { backupFolder } from '../../shared/backup-files.js';
import { UserError } from '../../shared/errors.js';
import { EXIT, type Action, type CliContext } from '../context.js';
import { hangingLines, printJson, printLines } from '../output.js';
import { formatCount, plural } from '../../shared/wording.js';
import type { ErasureScope } from '../../subscriptions/index.js';

export function registerErase(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('erase')
    .description('remove a subscriber and everything kept about them (topics, history, deliveries, digests); only counts remain')
    .argument('<email>', 'the address to erase')
    .option('--yes', 'do not ask for confirmation (for scripts; required when not on a terminal)')
    .option('--json', 'print {email, topics, likedPapers, marks, events, deliveries, unsentDeliveries, papersSent, papersPicked, backups} (what was removed; papersPicked: papers of digests not sent yet; backups: the files of DATA_DIR/backups it was taken out of) as JSON')
    .action((email: string, options: { yes?: boolean; json?: boolean }) =>
      run(async () => {
        const { erasureScope, eraseSubscriber, eraseFromBackups } = await import('../../subscriptions/index.js');
        const app = await ctx.openApp();
        try {
          const scope = await erasureScope(app.prisma, email);
          if (!options.yes) {
            if (!process.stdin.isTTY) throw new UserError('erase cannot be undone: confirm it with --yes (there is no terminal to ask on)');
            const what = `${scope.email} (${[plural(scope.topics, 'topic'), ...readerOwn(scope)].join(', ')}, ${plural(scope.events, 'history event')}, ${plural(scope.deliveries, 'delivery', 'deliveries')})`;
            if (!(await confirm(`Erase ${what} for good? Type "yes" to confirm: `))) {
              process.stderr.write('paperboy: nothing was erased.\n');
              return EXIT.usage;
            }
          }
          const erased = await eraseSubscriber(app.prisma, scope.email);
          // The nightly backups (embedded database) hold the reader too: a recovery from one brought them back.
          const backups = await eraseFromBackups(app.config.dataDir, erased.email);
          if (options.json) printJson({ ...erased, backups });
          else
            // Wrapped within 80 columns: the two sentences ran to 106 and 152.
            printLines(
              ...hangingLines('', `Erased ${erased.email}: ${[plural(erased.topics, 'topic'), ...readerOwn(erased)].join(', ')}, ${plural(erased.events, 'history event')}, ${deliveriesErased(erased)} and the record of ${papersErased(erased)} are gone${backups > 0 ? `, and the address is out of ${plural(backups, 'backup')} in ${backupFolder(app.config.dataDir)}` : ''}.`),
              ...hangingLines('', 'Only counts remain (the editions still count the digests they were sent). Copies made outside this service (an export, a database dump) are not touched.'),
            );
        } finally {
          await app.close();
        }
      }),
    );
}

/** "2 deliveries (1 not sent yet)": a digest that never went out is not one they were sent. */
function deliveriesErased({ deliveries, unsentDeliveries }: ErasureScope): string {
  const unsent = unsentDeliveries === 0 ? '' : unsentDeliveries === deliveries ? ` (${deliveries === 1 ? 'not' : 'none'} sent yet)` : ` (${formatCount(unsentDeliveries)} not sent yet)`;
  return `${plural(deliveries, 'delivery', 'deliveries')}${unsent}`;
}

/** "10 papers sent (and of 10 picked for a digest not sent yet)": the record holds both. */
function papersErased({ papersSent, papersPicked, unsentDeliveries }: ErasureScope): string {
  return `${plural(papersSent, 'paper')} sent${papersPicked > 0 ? ` (and of ${plural(papersPicked, 'paper')} picked for ${unsentDeliveries === 1 ? 'the digest' : 'digests'} not sent yet)` : ''}`;
}

async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(question)).trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}

/** Their liked papers and marks, when they had any: "3 liked papers, 2 marks" (the erasure said nothing of them). */
function readerOwn(scope: { likedPapers: number; marks: number }): string[] {
  return [...(scope.likedPapers > 0 ? [plural(scope.likedPapers, 'liked paper')] : []), ...(scope.marks > 0 ? [plural(scope.marks, 'mark')] : [])];
}
