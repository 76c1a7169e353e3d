import type { Command } from 'commander';
import type { Action, CliContext } from '../context.js';
import { printJson, printLines } from '../output.js';
import { plural } from '../../shared/wording.js';

export function registerMigrate(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('migrate')
    .description('apply pending database migrations (prisma/migrations), recorded in _prisma_migrations')
    .option('--json', 'print {applied, total} as JSON')
    .action((options: { json?: boolean }) =>
      run(async () => {
        const { migrate, readMigrations } = await import('../../db/index.js');
        const app = await ctx.openApp({ autoMigrate: false });
        try {
          const applied = await migrate(app.db);
          const total = readMigrations().length;
          if (options.json) printJson({ applied, total });
          else printLines(applied.length ? `Applied ${applied.join(', ')}.` : `Database is up to date (${plural(total, 'migration')}).`, `Database: ${app.db.location}`);
        } finally {
          await app.close();
        }
      }),
    );
}
