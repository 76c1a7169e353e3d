// The database drops an ingest's connections (a restart, a failover, terminated backends): the
// command stops with one line, not a crash, and run again it stores what is missing. node-postgres
// reports a lost connection twice, and the second report, unheard, ended the command (and the
// service, whose hourly ingest is the same code) with "Unhandled 'error' event" and a stack.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePage } from '../../src/corpus/index.js';
import { testEnv } from '../../testkit/app.js';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { SEEDS_DIR } from '../../testkit/paths.js';
import { startCommand } from '../delivery/helpers/child.js';

describe('an ingest whose database connections are terminated', () => {
  let db: TestDatabase | undefined;
  afterAll(async () => {
    await db?.drop();
  });

  it('stops with one line instead of crashing, and run again stores every page', { timeout: 240_000 }, async () => {
    db = await createTestDatabase('postgres');
    const pages = mkdtempSync(path.join(tmpdir(), 'paperboy-pages-'));
    // Each copy's titles made its own (as bench:ingest does), so that every page is work to store.
    for (const name of readdirSync(SEEDS_DIR)) {
      const text = readFileSync(path.join(SEEDS_DIR, name), 'utf8');
      const titleLines = new Set(parsePage(text, name, { today: new Date() }).entries.map((entry) => entry.line - 1));
      const lines = text.split('\n');
      for (let copy = 0; copy < 40; copy++) {
        writeFileSync(path.join(pages, `${copy}-${name}`), lines.map((line, i) => (titleLines.has(i) ? `${line} (copy ${copy})` : line)).join('\n'));
      }
    }
    const env = testEnv(db, { LOG_LEVEL: 'warn' });
    const ingest = startCommand(['ingest', pages], env);
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    const database = new URL(db.url!).pathname.slice(1);
    try {
      // Again and again until the command ends: some termination lands in the middle of a page.
      while (ingest.child.exitCode === null) {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    } finally {
      await admin.end();
    }
    const code = await ingest.exited;
    expect(ingest.stderr()).not.toMatch(/Unhandled|unexpected error|\n\s+at /);
    if (code !== 0) {
      expect(code).toBe(1);
      expect(ingest.stderr()).toMatch(/^paperboy: the database did not answer \(.*\): stopped$/m);
    }
    const again = startCommand(['ingest', pages, '--json'], env);
    expect(await again.exited, again.stderr()).toBe(0);
    const pool = new pg.Client({ connectionString: db.url });
    await pool.connect();
    try {
      expect((await pool.query('SELECT count(*)::int AS n FROM "CorpusPage"')).rows[0].n).toBe(readdirSync(pages).length);
    } finally {
      await pool.end();
    }
  });
});
