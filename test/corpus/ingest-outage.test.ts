// An ingest stopped midway. By Ctrl-C: the pages being stored finish, and it says what is left. By
// the database dropping its connections (a restart, a failover, terminated backends): the
// command stops with one line, not a crash. Run again, either stores what is missing. node-postgres
// reports a lost connection twice, and the second report, unheard, ended the command (and the
// service, whose hourly ingest is the same code) with "Unhandled 'error' event" and a stack.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePage } from '../../src/corpus/index.js';
import { testEnv } from '../../testkit/app.js';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { SEEDS_DIR } from '../../testkit/paths.js';
import { startCommand, waitFor } from '../delivery/helpers/child.js';

/** 40 copies of each seed page, each copy's titles made its own (as bench:ingest does), so that every page is work to store. */
function copiesOfSeeds(): string {
  const pages = mkdtempSync(path.join(tmpdir(), 'paperboy-pages-'));
  for (const name of readdirSync(SEEDS_DIR)) {
    const text = readFileSync(path.join(SEEDS_DIR, name), 'utf8');
    const titleLines = new Set(parsePage(text, name, { today: new Date() }).entries.map((entry) => entry.line - 1));
    const lines = text.split('\n');
    for (let copy = 0; copy < 40; copy++) {
      writeFileSync(path.join(pages, `${copy}-${name}`), lines.map((line, i) => (titleLines.has(i) ? `${line} (copy ${copy})` : line)).join('\n'));
    }
  }
  return pages;
}

async function storedPages(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT count(*)::int AS n FROM "CorpusPage"')).rows[0].n;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return 0; // not migrated yet: the command does it first
    throw error;
  } finally {
    await client.end();
  }
}

describe('an ingest stopped midway', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  // Ctrl-C: it ended without a word, exit 130, a part of the pages stored.
  it('finishes the pages being stored, says what is left, and run again stores the rest', { timeout: 240_000 }, async () => {
    db = await createTestDatabase('postgres');
    const pages = copiesOfSeeds();
    const env = testEnv(db, { LOG_LEVEL: 'warn' });
    const ingest = startCommand(['ingest', pages], env);
    await waitFor(async () => (await storedPages(db!.url!)) >= 5, 120_000, ingest);
    ingest.child.kill('SIGINT');
    expect(await ingest.exited, ingest.stderr()).toBe(3);
    expect(ingest.stdout()).toMatch(/^Stopped \(Ctrl-C or SIGTERM\) before [\d,]+ of 160 pages: what was stored stays; the same command again finishes the rest \(stored pages are skipped as unchanged\)\.$/m);
    const stored = await storedPages(db.url!);
    expect(stored).toBeLessThan(160);
    const again = startCommand(['ingest', pages, '--json'], env);
    expect(await again.exited, again.stderr()).toBe(0);
    expect(JSON.parse(again.stdout())).toMatchObject({ skipped: expect.any(Number), notReached: 0 });
    expect(await storedPages(db.url!)).toBe(160);
  });

  // Its database connections terminated.
  it('stops with one line instead of crashing, and run again stores every page', { timeout: 240_000 }, async () => {
    db = await createTestDatabase('postgres');
    const pages = copiesOfSeeds();
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
    expect(await storedPages(db.url!)).toBe(readdirSync(pages).length);
  });
});
