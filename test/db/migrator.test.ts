import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MigrationError, openDatabase, readMigrations, type Database } from '../../src/db/index.js';
import { BACKENDS, createTestDatabase, tempDir, type TestDatabase } from '../../testkit/database.js';
import { REPO_ROOT } from '../../testkit/paths.js';

const MIGRATIONS = path.join(REPO_ROOT, 'prisma/migrations');

describe.each(BACKENDS)('migrator on %s', (backend) => {
  let test: TestDatabase;
  const open: Database[] = [];
  const connect = async () => {
    const db = await openDatabase({ databaseUrl: test.url, dataDir: test.dataDir });
    open.push(db);
    return db;
  };
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close();
    await test?.drop();
  });

  it('records every migration in _prisma_migrations as Prisma does, and is idempotent', async () => {
    test = await createTestDatabase(backend);
    const db = await connect();
    const names = readMigrations().map((m) => m.name);
    expect(await migrate(db)).toEqual(names);
    expect(await migrate(db)).toEqual([]);
    const rows = await db.withSession((s) =>
      s.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null }>(
        `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
      ),
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = readFileSync(path.join(MIGRATIONS, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('refuses a migration edited after it was applied', async () => {
    test = await createTestDatabase(backend);
    const db = await connect();
    const dir = tempDir('paperboy-migrations-');
    cpSync(MIGRATIONS, dir, { recursive: true });
    await migrate(db, dir);
    const first = readMigrations(dir)[0]!;
    writeFileSync(path.join(dir, first.name, 'migration.sql'), `${first.sql}\n-- edited\n`);
    await expect(migrate(db, dir)).rejects.toThrow(MigrationError);
  });

  it('rolls back a failing migration and leaves nothing half-applied', async () => {
    test = await createTestDatabase(backend);
    const db = await connect();
    const dir = tempDir('paperboy-migrations-');
    cpSync(MIGRATIONS, dir, { recursive: true });
    await migrate(db, dir);
    mkdirSync(path.join(dir, '29990101000000_broken'));
    writeFileSync(path.join(dir, '29990101000000_broken', 'migration.sql'), `CREATE TABLE "Half" (id int);\nSELECT * FROM "NoSuchTable";\n`);
    await expect(migrate(db, dir)).rejects.toThrow(/29990101000000_broken/);
    const tables = await db.withSession((s) => s.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'`));
    expect(tables).toHaveLength(0);
    // Recorded as Prisma records a failure (rolled back, with its error), which blocks nothing: fixed, it applies.
    writeFileSync(path.join(dir, '29990101000000_broken', 'migration.sql'), `CREATE TABLE "Half" (id int);
`);
    expect(await migrate(db, dir)).toEqual(['29990101000000_broken']);
    const rows = await db.withSession((s) =>
      s.query<{ finished_at: Date | null; rolled_back_at: Date | null; logs: string | null }>(`SELECT finished_at, rolled_back_at, logs FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken' ORDER BY started_at, finished_at NULLS FIRST`),
    );
    expect(rows).toMatchObject([
      { finished_at: null, rolled_back_at: expect.any(Date), logs: expect.stringContaining('NoSuchTable') },
      { finished_at: expect.any(Date), rolled_back_at: null },
    ]);
  });
});

describe('migrator on postgres, its connection lost midway', () => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.drop();
  });

  it('leaves no row behind, so the next start applies the migration instead of refusing to run', async () => {
    test = await createTestDatabase('postgres');
    const dir = tempDir('paperboy-migrations-');
    cpSync(MIGRATIONS, dir, { recursive: true });
    const db = await openDatabase({ databaseUrl: test.url, dataDir: test.dataDir });
    try {
      await migrate(db, dir);
      // The backend running the migration is terminated while it runs (a restart, a failover).
      mkdirSync(path.join(dir, '29990101000000_interrupted'));
      writeFileSync(path.join(dir, '29990101000000_interrupted', 'migration.sql'), `CREATE TABLE "Later" (id int);
SELECT pg_terminate_backend(pg_backend_pid());
`);
      await expect(migrate(db, dir)).rejects.toThrow();
      // Before: a row neither finished nor rolled back, and "failed earlier and was not rolled back" at every start.
      writeFileSync(path.join(dir, '29990101000000_interrupted', 'migration.sql'), `CREATE TABLE "Later" (id int);
`);
      expect(await migrate(db, dir)).toEqual(['29990101000000_interrupted']);
    } finally {
      await db.close();
    }
  });
});

describe('migrator on postgres, concurrently', () => {
  it('applies each migration once when several processes start together', async () => {
    const test = await createTestDatabase('postgres');
    const dbs = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: test.url, dataDir: test.dataDir })));
    try {
      const results = await Promise.all(dbs.map((db) => migrate(db)));
      expect(results.flat()).toEqual(readMigrations().map((m) => m.name));
    } finally {
      for (const db of dbs) await db.close();
      await test.drop();
    }
  });
});
