// One mapping from errors to exit codes and messages for every command.
import { ConfigError, isUserError } from '../shared/errors.js';
import { EXIT, type Action } from './context.js';
import { printable } from './printable.js';

export async function runAction(action: Action, explainOutage?: () => string | undefined): Promise<number> {
  try {
    return (await action()) ?? EXIT.ok;
  } catch (error) {
    if (isUserError(error) || error instanceof ConfigError) {
      printProblems(error.message);
      return EXIT.usage;
    }
    // Loaded only on this path: the database module is heavy and most runs never get here.
    const { DatabaseUnavailableError, EmbeddedDatabaseError, MigrationError, NoEmbeddedDatabaseError, describeDbError, isConnectionError } = await import('../db/index.js');
    // A setting or a directory to change, not a fault: exit 2, as for any usage mistake.
    if (error instanceof NoEmbeddedDatabaseError) {
      process.stderr.write(`paperboy: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof DatabaseUnavailableError || isConnectionError(error)) {
      // An outage is not a bug: its reason in one line, not a stack.
      process.stderr.write(
        error instanceof DatabaseUnavailableError
          ? `paperboy: ${error.message}: stopped; nothing was marked failed, and what was not sent is left for the next run\n`
          : `paperboy: the database did not answer (${describeDbError(error)}): stopped\n`,
      );
      const explanation = explainOutage?.();
      if (explanation) process.stderr.write(`paperboy: ${explanation}\n`);
      return EXIT.unexpected;
    }
    if (error instanceof EmbeddedDatabaseError || error instanceof MigrationError) {
      process.stderr.write(`paperboy: ${error.message}\n`);
      return EXIT.unexpected;
    }
    printProblems(`unexpected error: ${(error as Error)?.stack ?? String(error)}`);
    return EXIT.unexpected;
  }
}

/** Each line of a message on stderr as a line of its own, so that every problem reads alone. */
export function printProblems(message: string): void {
  process.stderr.write(message.split('\n').map((line) => `paperboy: ${printable(line)}\n`).join(''));
}
