// One mapping from errors to exit codes and messages for every command.
import { ConfigError, isUserError } from '../shared/errors.js';
import { DatabaseUnavailableError, EmbeddedDatabaseError, MigrationError } from '../db/index.js';
import { EXIT } from './context.js';

export type Action = () => Promise<number | void>;

export async function runAction(action: Action): Promise<number> {
  try {
    return (await action()) ?? EXIT.ok;
  } catch (error) {
    if (isUserError(error) || error instanceof ConfigError) {
      process.stderr.write(`paperboy: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof DatabaseUnavailableError) {
      process.stderr.write(`paperboy: ${error.message}: stopped; nothing was marked failed, and what was not sent is left for the next run\n`);
      return EXIT.unexpected;
    }
    if (error instanceof EmbeddedDatabaseError || error instanceof MigrationError) {
      process.stderr.write(`paperboy: ${error.message}\n`);
      return EXIT.unexpected;
    }
    process.stderr.write(`paperboy: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.unexpected;
  }
}
