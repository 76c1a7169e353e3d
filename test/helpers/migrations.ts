// For migration tests: a database as it was just before a given migration.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { migrate, readMigrations, type Database } from '../../src/db/index.js';
import { tempDir } from '../../testkit/database.js';
import { REPO_ROOT } from '../../testkit/paths.js';

const MIGRATIONS = path.join(REPO_ROOT, 'prisma/migrations');

/** Applies every migration that comes before `name` (and none from it on). */
export async function migrateBefore(db: Database, name: string): Promise<void> {
  const before = tempDir('paperboy-migrations-');
  cpSync(MIGRATIONS, before, { recursive: true });
  for (const later of readMigrations().filter((m) => m.name >= name)) rmSync(path.join(before, later.name), { recursive: true });
  await migrate(db, before);
}
