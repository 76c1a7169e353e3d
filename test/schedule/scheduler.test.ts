// The scheduler: node-cron tasks recorded in JobRun, a run at start, no overlapping runs, and jobs
// that run once per slot across instances, elected in PostgreSQL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.js';
import { migrate } from '../../src/db/index.js';
import { claimSlot, createScheduler, nextRunOf } from '../../src/schedule/index.js';
import { serviceJobs } from '../../src/schedule/jobs.js';
import { systemClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { sleep } from '../delivery/helpers/world.js';
import { captureLogs } from '../helpers/logs.js';

let db: TestDatabase;
let database: Database;
const log = createLogger('silent');

beforeAll(async () => {
  db = await createTestDatabase('postgres');
  database = await openDatabase({ databaseUrl: db.url, dataDir: db.dataDir });
  await migrate(database);
});
afterAll(async () => {
  await database?.close();
  await db?.drop();
});

const deps = () => ({ prisma: database.prisma, log, clock: systemClock });

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('scheduler', () => {
  it('runs a job at start (the catch-up send) and records the run', async () => {
    let runs = 0;
    const scheduler = createScheduler(deps(), [{ name: 'startup', cron: '0 0 1 1 *', runAtStart: true, run: async () => runs++ }]);
    scheduler.start();
    await until(async () => (await database.prisma.jobRun.findUnique({ where: { name: 'startup' } }))?.okAt != null);
    await scheduler.stop();
    expect(runs).toBe(1);
  });

  it('never runs one job twice at once, and records a failure without stopping', async () => {
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const scheduler = createScheduler(deps(), [
      {
        name: 'slow',
        cron: '0 0 1 1 *',
        run: async () => {
          runs++;
          await gate;
          throw new Error('relay unreachable');
        },
      },
    ]);
    const first = scheduler.runNow('slow');
    const second = scheduler.runNow('slow');
    await sleep(50);
    release();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
    const row = await database.prisma.jobRun.findUniqueOrThrow({ where: { name: 'slow' } });
    expect(row.lastError).toBe('relay unreachable');
    expect(row.okAt).toBeNull();
    await scheduler.stop();
  });

  it('elects exactly one instance per slot for an exclusive job', async () => {
    const slot = new Date('2026-11-22T08:00:00Z');
    const votes = await Promise.all(Array.from({ length: 6 }, () => claimSlot(database.prisma, 'elect', slot)));
    expect(votes.filter(Boolean)).toHaveLength(1);
    expect(await claimSlot(database.prisma, 'elect', slot)).toBe(false);
    expect(await claimSlot(database.prisma, 'elect', new Date('2026-11-22T07:00:00Z'))).toBe(false);
    expect(await claimSlot(database.prisma, 'elect', new Date('2026-11-22T09:00:00Z'))).toBe(true);
  });

  it('runs an exclusive job once per slot when two instances schedule it', async () => {
    const runs: number[] = [];
    const job = (instance: number) => ({ name: 'reingest', cron: '* * * * * *', exclusive: true, run: async () => void runs.push(instance) });
    const a = createScheduler(deps(), [job(1)]);
    const b = createScheduler(deps(), [job(2)]);
    const started = Date.now();
    a.start();
    b.start();
    // At least two slots, however slow the machine: then never more runs than slots went by.
    await sleep(2200);
    await until(() => runs.length >= 2, 30_000);
    await Promise.all([a.stop(), b.stop()]);
    const slots = Math.ceil((Date.now() - started) / 1000);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeLessThanOrEqual(slots);
  });

  it('skips a slot in one warning, not a stack, when the database does not answer the election', async () => {
    const away = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere', dataDir: db.dataDir });
    const { lines, log: captured } = captureLogs();
    let runs = 0;
    const scheduler = createScheduler({ prisma: away.prisma, log: captured, clock: systemClock }, [{ name: 'reingest', cron: '* * * * * *', exclusive: true, run: async () => void runs++ }]);
    try {
      scheduler.start();
      await until(() => lines.some((line) => line.includes('slot not run')), 30_000);
    } finally {
      await scheduler.stop();
      await away.close();
    }
    expect(runs).toBe(0);
    const warning = JSON.parse(lines.find((line) => line.includes('slot not run'))!) as { level: number; job: string; reason: string };
    expect(warning).toMatchObject({ level: 40, job: 'reingest' });
    expect(warning.reason).toMatch(/ECONNREFUSED|reach/);
    // node-cron's own complaint went to the console, with a raw stack, among the JSON lines.
    expect(lines.join('')).not.toMatch(/Run coordinator failed|\n\s+at /);
  });

  it('begins a start run after the start runs it waits for have ended, whether they succeeded or failed', async () => {
    const order: string[] = [];
    const held = (name: string) => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const run = async () => {
        await gate;
        order.push(name);
        if (name === 'feed-a') throw new Error('offline');
      };
      return { release, job: { name, cron: '0 0 1 1 *', runAtStart: true, run } };
    };
    const a = held('feed-a');
    const b = held('feed-b');
    const scheduler = createScheduler(deps(), [
      { name: 'send-after', cron: '0 0 1 1 *', runAtStart: true, startsAfter: { jobs: ['feed-a', 'feed-b'], atMostMs: 30_000 }, run: async () => void order.push('send-after') },
      a.job,
      b.job,
    ]);
    scheduler.start();
    await sleep(200);
    a.release(); // fails
    await sleep(200);
    expect(order).toEqual(['feed-a']);
    // A slot (or `runNow`) meanwhile finds the waiting run in progress, and never runs it ahead.
    const asked = scheduler.runNow('send-after');
    b.release();
    await asked;
    expect(order).toEqual(['feed-a', 'feed-b', 'send-after']);
    await scheduler.stop();
    const sent = await database.prisma.jobRun.findUniqueOrThrow({ where: { name: 'send-after' } });
    const fed = await database.prisma.jobRun.findUniqueOrThrow({ where: { name: 'feed-b' } });
    expect(sent.startedAt!.getTime()).toBeGreaterThanOrEqual(fed.finishedAt!.getTime());
  });

  it('waits for them at most its bound, and says so', async () => {
    let release!: () => void;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    const warnings: unknown[] = [];
    const watching = Object.assign(Object.create(log) as typeof log, { warn: (...args: unknown[]) => void warnings.push(args) });
    let sentAt = 0;
    const began = Date.now();
    const scheduler = createScheduler({ ...deps(), log: watching }, [
      { name: 'hanging-source', cron: '0 0 1 1 *', runAtStart: true, run: () => hanging },
      { name: 'send-bounded', cron: '0 0 1 1 *', runAtStart: true, startsAfter: { jobs: ['hanging-source'], atMostMs: 400 }, run: async () => void (sentAt = Date.now()) },
    ]);
    scheduler.start();
    await until(() => sentAt > 0);
    expect(sentAt - began).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(warnings)).toContain('start run no longer waits');
    release();
    await scheduler.stop();
  });

  it('never begins a waiting start run once stopped, nor waits out its bound', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let sends = 0;
    const scheduler = createScheduler(deps(), [
      { name: 'slow-source', cron: '0 0 1 1 *', runAtStart: true, run: () => held },
      { name: 'send-stopped', cron: '0 0 1 1 *', runAtStart: true, startsAfter: { jobs: ['slow-source'], atMostMs: 60_000 }, run: async () => void sends++ },
    ]);
    scheduler.start();
    await sleep(100);
    const began = Date.now();
    const stopped = scheduler.stop(); // waits for the source's run in progress, not for the bound
    release();
    await stopped;
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(sends).toBe(0);
    expect(await database.prisma.jobRun.findUnique({ where: { name: 'send-stopped' } })).toBeNull();
  });

  it('refuses a start run after a job that does not run at start', () => {
    const job = { cron: '0 0 1 1 *', run: async () => {} };
    expect(() => createScheduler(deps(), [{ ...job, name: 'send', runAtStart: true, startsAfter: { jobs: ['fetch'], atMostMs: 1000 } }, { ...job, name: 'fetch' }])).toThrow(
      /send cannot start after fetch/,
    );
  });

  it('tells when a cron expression fires next', () => {
    const next = nextRunOf('*/10 * * * *')!;
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    expect(next.getUTCMinutes() % 10).toBe(0);
  });
});

describe("the service's re-ingest of SEEDS_DIR", () => {
  it('succeeds on an empty SEEDS_DIR (papers from the live sources only) instead of failing every hour', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'paperboy-empty-seeds-'));
    const appDb = await createTestDatabase('postgres');
    const app = await openTestApp(appDb, { env: { SEEDS_DIR: empty } });
    try {
      const scheduler = createScheduler({ prisma: app.prisma, log, clock: systemClock }, await serviceJobs(app, new AbortController().signal));
      await scheduler.runNow('ingest');
      await scheduler.runNow('ingest');
      const run = await app.prisma.jobRun.findUniqueOrThrow({ where: { name: 'ingest' } });
      expect(run.lastError).toBeNull();
      expect(run.okAt).not.toBeNull();
      await scheduler.stop();
    } finally {
      await app.close();
      await appDb.drop();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
