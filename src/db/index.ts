// The database: PostgreSQL when DATABASE_URL is set, embedded PGlite under DATA_DIR otherwise.
// Nothing connects on import; the composition root calls openDatabase once.
import { openEmbedded } from './embedded.js';
import { openPostgres } from './postgres.js';
import type { Database } from './types.js';

export type { Database, SqlSession, DatabaseKind } from './types.js';
export { migrate, readMigrations, MigrationError } from './migrator.js';
export { EmbeddedDatabaseError, NoEmbeddedDatabaseError } from './embedded.js';
export { isConnectionError, isTransientDbError, retryTransient, DatabaseUnavailableError, describeDbError } from './retry.js';
export { groupCommit } from './group-commit.js';
export { createOutageGuard, DEFAULT_MAX_OUTAGE_MS, type OutageGuard } from './outage.js';
export { connectionProblem, hungUpBeforeAnswer, noAnswerProblem, FIRST_ANSWER_MS } from './connect-errors.js';
export { Prisma, PrismaClient } from './generated/client.js';
export type * from './generated/models.js';
export {
  SubscriberStatus,
  Frequency,
  DeliveryStatus,
} from './generated/enums.js';

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  warn?: (message: string) => void;
  /** What an operator waiting at a terminal should know (the embedded database being created). */
  notice?: (message: string) => void;
  /** An embedded database must already exist (a command that only reads): none is created. */
  mustExist?: boolean;
  /** The service: attached to another process's embedded database, it takes it over when that one dies. */
  standby?: boolean;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres({ connectionString: options.databaseUrl });
  return openEmbedded({ dataDir: options.dataDir, warn: options.warn, notice: options.notice, mustExist: options.mustExist, standby: options.standby });
}
