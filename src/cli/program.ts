// The `paperboy` command line: one subcommand per task, each validating its own arguments. Only the
// command that runs is loaded (commands/index.ts); the others are listed by name and summary.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { EXIT, type Action, type CliContext } from './context.js';
import { printable } from './printable.js';
import { runAction } from './run.js';

export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  exitQuietlyWhenTheReaderLeaves(ctx);
  let pending: Promise<number> = Promise.resolve(EXIT.ok);
  const run = (action: Action) => {
    pending = runAction(action, ctx.explainOutage);
  };
  const program = new Command()
    .name('paperboy')
    .description('Research-paper digests by email: ingest a corpus, match it to subscribers, send MJML digests over SMTP.')
    .version(packageVersion(), '-V, --version', 'print the version of paperboy')
    .configureOutput({ outputError: (message, write) => write(asOurError(message)) })
    // "(default 10)" as the descriptions written by hand say it, not commander's `(default: "10")`,
    // whose quotes made a number look like text to type.
    .configureHelp({ optionDescription: (option) => (option.defaultValue === undefined || option.negate ? option.description : `${option.description} (default ${option.defaultValueDescription ?? String(option.defaultValue)})`) })
    .showHelpAfterError(seeHelp())
    .exitOverride();
  const asked = argv.slice(2);
  const wanted = commandNamed(asked);
  for (const entry of COMMANDS) {
    if (entry.name === wanted) (await entry.load())(program, ctx, run);
    else program.command(entry.name).description(entry.summary);
  }
  // A subcommand's mistake points at that subcommand's help, where its options are.
  for (const command of program.commands) command.showHelpAfterError(seeHelp(command.name()));
  if (asked[0] === 'help' && asked[1] !== undefined && !asked[1].startsWith('-') && !COMMANDS.some((entry) => entry.name === asked[1])) {
    // Commander answers `paperboy help bogus` with the whole help on stderr and exit 1, and not a
    // word about what was wrong: say it as an unknown command is said.
    process.stderr.write(asOurError(`error: unknown command '${asked[1]}'\n`));
    process.stderr.write(`${seeHelp()}\n`);
    return EXIT.usage;
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

/**
 * Commander's own errors (an unknown option, a missing argument) as the tool's own are written:
 * each line starting with "paperboy:", not "error:", so that a script or a person reading stderr
 * sees one form, and its "(Did you mean --now?)" on the same line as what it corrects.
 */
export function asOurError(message: string): string {
  const text = message
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.+)\)$/m, (_, suggestion: string) => ` (did you mean ${suggestion})`)
    .trimEnd();
  return text
    .split('\n')
    // What was typed is repeated: no control character of it reaches the terminal.
    .map((line) => `paperboy: ${printable(line)}\n`)
    .join('');
}

/** Where a usage mistake points: the help of the command it was made in, or the tool's. */
function seeHelp(command?: string): string {
  return `paperboy: see paperboy ${command ? `${command} ` : ''}--help`;
}

/** The subcommand the arguments name: the first word that is not an option (`help X` names X). */
function commandNamed(args: string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/** package.json sits two levels above this file, in src/ and in dist/ alike. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/**
 * `paperboy preview | head -1`: once the reader has closed the pipe, what is left to print has no
 * one to read it. Stop there, as Unix tools do, instead of dying on EPIPE with a stack trace; but
 * close the database first: the embedded one left open reads as a hard kill to the next command
 * ("not shut down cleanly … recovering it").
 */
function exitQuietlyWhenTheReaderLeaves(ctx: CliContext): void {
  let leaving = false;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (leaving) return;
      if (error.code !== 'EPIPE') throw error;
      leaving = true;
      // The command's own work may fail on the closing database meanwhile: nobody reads its words.
      process.stderr.write = () => true;
      const closed = ctx.closeApp?.().catch(() => {}) ?? Promise.resolve();
      void Promise.race([closed, new Promise((resolve) => setTimeout(resolve, CLOSE_ON_LEAVING_MS))]).then(() => process.exit(process.exitCode ?? 0));
    });
  }
}

/** How long a command whose reader left waits for its database to close before it exits anyway. */
const CLOSE_ON_LEAVING_MS = 5_000;
