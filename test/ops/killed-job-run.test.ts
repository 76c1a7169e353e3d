// A job run killed midway (kill -9) stays in `paperboy status` and on /admin after the next run of
// the job has begun: before, its only trace was the job's JobRun row, which that next start
// overwrote. Real processes: `paperboy ingest` (the ingest job's run) is held mid-run by a lock on
// the corpus, seen while it lives, killed, and the job run again; the command and the page are
// read at each step and say the same of the run.
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { GONE, NO_END } from '../../src/ops/index.js';
import { buildServer } from '../../src/web/server.js';
import { openTestApp, testEnv } from '../../testkit/app.js';
import { createTestDatabase, withClient, type TestDatabase } from '../../testkit/database.js';
import { startCommand, waitFor } from '../delivery/helpers/child.js';
import { runPaperboy } from '../helpers/cli.js';

interface IngestJob {
  startedAt: string;
  unfinished: boolean;
  processGone: boolean;
  earlierUnfinished: Array<{ startedAt: string; processGone: boolean }>;
}

const ADMIN_TOKEN = 'admin-token-for-killed-run-tests-01';

describe('a job run killed before it ended', () => {
  let db: TestDatabase | undefined;
  let app: App | undefined;
  let server: FastifyInstance | undefined;
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await db?.drop();
  });

  it('is shown as gone once its process is, and still after the next run of the job', { timeout: 240_000 }, async () => {
    db = await createTestDatabase('postgres');
    const env = testEnv(db, { LOG_LEVEL: 'warn' });
    // A job's text wrapped within 80 columns, joined again; an earlier run's line stays its own.
    const status = async () => (await runPaperboy(['status'], env)).stdout.replace(/\n {11}(?!earlier run)/g, ' ');
    const ingestJob = async (): Promise<IngestJob> => JSON.parse((await runPaperboy(['status', '--json'], env)).stdout).jobs.find((job: { name: string }) => job.name === 'ingest');
    expect((await runPaperboy(['status'], env)).code).toBe(0); // creates the tables
    // /admin as the service serves it, from another process than the runs': the ingest job's runs, newest first.
    app = await openTestApp(db, { env: { ADMIN_TOKEN } });
    server = await buildServer(app);
    const adminRuns = async () => {
      const page = await server!.inject({ method: 'GET', url: '/admin', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      const section = page.body.match(/<section class="job">\s*<h3>ingest<\/h3>[\s\S]*?<\/section>/)?.[0] ?? '';
      return [...section.matchAll(/<li[\s\S]*?<\/li>/g)].map(([item]) => item);
    };

    const corpus = new pg.Client({ connectionString: db.url });
    await corpus.connect();
    let killedAt: string;
    try {
      // The ingest records its start, then waits for the corpus, which this transaction holds.
      await corpus.query('BEGIN');
      await corpus.query('LOCK TABLE "CorpusPage" IN ACCESS EXCLUSIVE MODE');
      const ingest = startCommand(['ingest'], env);
      // pg_stat_activity, read in a transaction, is one snapshot: the lock's holder cannot watch it.
      const waiting = () =>
        withClient(db!.url!, async (watcher) => (await watcher.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rowCount! > 0);
      await waitFor(waiting, 60_000, ingest);

      // Still running in a live process: not said to be gone.
      expect(await status()).toMatch(/^ {2}ingest {3}last run \d{4}-\d\d-\d\d \d\d:\d\dZ, never succeeded; no end recorded: still running/m);
      const running = await ingestJob();
      expect(running).toMatchObject({ unfinished: true, processGone: false, earlierUnfinished: [] });
      const [during, ...none] = await adminRuns();
      expect(none).toEqual([]);
      expect(during).toContain(`<span class="badge open">${NO_END.label}</span>`);
      expect(during).toContain(NO_END.reason);
      expect(during).not.toContain(GONE.label);

      ingest.child.kill('SIGKILL');
      await ingest.exited;
      killedAt = running.startedAt;
    } finally {
      await corpus.query('ROLLBACK');
      await corpus.end();
    }

    // Its process is gone: said at once, before any other run.
    expect(await status()).toMatch(/^ {2}ingest {3}last run \d{4}-\d\d-\d\d \d\d:\d\dZ, never succeeded; did not finish: its process is gone/m);
    expect(await ingestJob()).toMatchObject({ startedAt: killedAt, unfinished: true, processGone: true });
    // The page says it too, in the same words, where it said "no end recorded" before.
    const [gone] = await adminRuns();
    expect(gone).toContain(`<span class="badge bad">${GONE.label}</span>`);
    expect(gone).toContain(`datetime="${killedAt}"`);
    expect(gone).toContain(GONE.reason);
    expect(gone).not.toContain(NO_END.label);
    expect(await status()).toContain(`${GONE.label}: ${GONE.reason}`);

    // The next run succeeds; the killed one is still there, under it.
    expect((await runPaperboy(['ingest'], env)).code).toBe(0);
    const text = await status();
    const stamp = `${killedAt.slice(0, 16).replace('T', ' ')}Z`;
    expect(text).toMatch(/^ {2}ingest {3}last run \d{4}-\d\d-\d\d \d\d:\d\dZ, succeeded /m);
    expect(text).toContain(`\n           earlier run ${stamp}, did not finish: its process is gone`);
    const after = await ingestJob();
    expect(after).toMatchObject({ unfinished: false, processGone: false, earlierUnfinished: [{ startedAt: killedAt, processGone: true }] });
    expect(after.startedAt).not.toBe(killedAt);
    // On the page, the killed run is still listed, under the run that followed it, as gone.
    const [next, killed, ...older] = await adminRuns();
    expect(older).toEqual([]);
    expect(next).toContain('<span class="badge ok">succeeded</span>');
    expect(killed).toContain(`<span class="badge bad">${GONE.label}</span>`);
    expect(killed).toContain(`datetime="${killedAt}"`);
    expect(killed).toContain(GONE.reason);
  });
});
