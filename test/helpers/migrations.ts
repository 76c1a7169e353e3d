// For migration tests: a database as it was just before a given migration.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { migrate, openDatabase, readMigrations, type Database } from '../../src/db/index.js';
import { createTestDatabase, tempDir, type Backend, type TestDatabase } from '../../testkit/database.js';
import { REPO_ROOT } from '../../testkit/paths.js';

const MIGRATIONS = path.join(REPO_ROOT, 'prisma/migrations');

/** Applies every migration that comes before `name` (and none from it on). */
export async function migrateBefore(db: Database, name: string): Promise<void> {
  const before = tempDir('paperboy-migrations-');
  cpSync(MIGRATIONS, before, { recursive: true });
  for (const later of readMigrations().filter((m) => m.name >= name)) rmSync(path.join(before, later.name), { recursive: true });
  await migrate(db, before);
}

/**
 * For a describe block: `open(name)` gives a fresh database on `backend`, migrated up to just before
 * migration `name`; it is closed and dropped after each test.
 */
export function databaseBefore(backend: Backend): (name: string) => Promise<Database> {
  let test: TestDatabase | undefined;
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    await test?.drop();
    [db, test] = [undefined, undefined];
  });
  return async (name) => {
    test = await createTestDatabase(backend);
    db = await openDatabase({ databaseUrl: test.url, dataDir: test.dataDir });
    await migrateBefore(db, name);
    return db;
  };
}
