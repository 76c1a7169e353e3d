// Applies prisma/migrations/*/migration.sql in order and records each in `_prisma_migrations`
// exactly as `prisma migrate deploy` does (same table, checksum and columns), so either tool can
// take over from the other. Prisma's schema engine cannot run here; this needs only SQL.
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Database, SqlSession } from './types.js';
import { isConnectionError } from './retry.js';

/** The lock key Prisma's own migrate uses, so the two never run at once either. */
const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export const DEFAULT_MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../prisma/migrations');

export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/** Applies what is missing; returns the names applied now. Safe to run from several processes. */
export async function migrate(db: Database, dir: string = DEFAULT_MIGRATIONS_DIR): Promise<string[]> {
  const migrations = readMigrations(dir);
  return db.withSession(async (session) => {
    const locking = db.kind !== 'embedded'; // embedded: one process owns the database anyway
    if (locking) await session.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK})`);
    try {
      return await applyPending(db, session, migrations);
    } finally {
      if (locking) await session.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK})`);
    }
  });
}

async function applyPending(db: Database, session: SqlSession, migrations: Migration[]): Promise<string[]> {
  await session.exec(CREATE_MIGRATIONS_TABLE);
  const rows = await session.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
  );
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} failed earlier and was not rolled back. Fix the database, then mark it ` +
        `(\`npx prisma migrate resolve --rolled-back ${failed.migration_name}\`, or delete its row from _prisma_migrations).`,
    );
  }
  const applied = new Map(rows.filter((row) => row.finished_at).map((row) => [row.migration_name, row.checksum]));
  const done: string[] = [];
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new MigrationError(
          `Migration ${migration.name} was changed after it was applied (checksum differs). Never edit an applied ` +
            `migration: add a new one.`,
        );
      }
      continue;
    }
    await applyOne(db, session, migration);
    done.push(migration.name);
  }
  return done;
}

/**
 * The migration's row, its SQL and its completion in one transaction: a connection lost midway (a
 * restart, terminated backends) leaves nothing, and the next run applies it again. (With the row
 * written first, as Prisma writes it, a lost connection left a row neither finished nor rolled
 * back, and every later start refused to run until someone marked it by hand.) A migration whose
 * SQL fails is recorded as Prisma records one, rolled back, with its error in `logs`.
 */
async function applyOne(db: Database, session: SqlSession, migration: Migration): Promise<void> {
  const id = randomUUID();
  try {
    await transactionOn(db, session, async (tx) => {
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 0)`,
        [id, migration.checksum, migration.name],
      );
      await tx.exec(migration.sql);
      await tx.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
    });
  } catch (error) {
    if (isConnectionError(error)) throw error;
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count, logs, rolled_back_at)
       VALUES ($1, $2, $3, now(), 0, $4, now())`,
      [id, migration.checksum, migration.name, String((error as Error).message)],
    );
    throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
  }
}

/**
 * A transaction on the migrator's own connection, the one holding the advisory lock: a second one
 * from the pool would wait for ever where the pool has one connection (a command attached to the
 * embedded service). The embedded owner uses PGlite's own transaction, which keeps every other
 * query of the process (its socket's clients too) out until it ends.
 */
async function transactionOn(db: Database, session: SqlSession, fn: (tx: SqlSession) => Promise<void>): Promise<void> {
  if (db.kind === 'embedded') return db.transaction(fn);
  await session.exec('BEGIN');
  try {
    await fn(session);
    await session.exec('COMMIT');
  } catch (error) {
    await session.exec('ROLLBACK').catch(() => {});
    throw error;
  }
}
