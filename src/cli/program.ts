// The `paperboy` command line: one subcommand per task, each validating its own arguments.
import { Command, CommanderError } from 'commander';
import { EXIT, type CliContext } from './context.js';
import { runAction, type Action } from './run.js';
import { registerFeedback } from './commands/feedback.js';
import { registerFetch } from './commands/fetch.js';
import { registerIngest } from './commands/ingest.js';
import { registerMigrate } from './commands/migrate.js';
import { registerPreview } from './commands/preview.js';
import { registerRender } from './commands/render.js';
import { registerRetry } from './commands/retry.js';
import { registerSend } from './commands/send.js';
import { registerServe } from './commands/serve.js';
import { registerStatus } from './commands/status.js';
import { registerSubscribe } from './commands/subscribe.js';

export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  let pending: Promise<number> = Promise.resolve(EXIT.ok);
  const run = (action: Action) => {
    pending = runAction(action);
  };
  const program = new Command()
    .name('paperboy')
    .description('Research-paper digests by email: ingest a corpus, match it to subscribers, send MJML digests over SMTP.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of [registerMigrate, registerIngest, registerSubscribe, registerSend, registerStatus, registerRetry, registerServe, registerPreview, registerRender, registerFetch, registerFeedback]) {
    register(program, ctx, run);
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return pending;
}
