// The database goes away in the middle of `paperboy send --now` (a real child process): refused
// and dropped connections through a proxy, backends terminated by PostgreSQL (57P01). The sender
// must stop handing messages to SMTP until it can record them again, so that however long the
// outage, no more messages are sent twice than were in flight when it began; an outage longer
// than the bound stops the run without marking anything failed, and the next run finishes it.
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { inFlightLimit } from '../../src/delivery/index.js';
import { openTestApp, testEnv } from '../helpers/app.js';
import { createTestDatabase, withClient, ADMIN_URL, type TestDatabase } from '../helpers/database.js';
import { duplicatesOf, startCommand, waitFor } from './helpers/child.js';
import { startDatabaseProxy, type DatabaseProxy } from './helpers/proxy.js';
import { startRecordingSink, type RecordingSink } from './helpers/sink.js';
import { addSubscribers, ingestSeeds, sleep } from './helpers/world.js';

const SUBSCRIBERS = Number(process.env.OUTAGE_SUBSCRIBERS ?? 600);
const POOL = 5;
const IN_FLIGHT = inFlightLimit(POOL);

let db: TestDatabase | undefined;
let app: App | undefined;
let sink: RecordingSink | undefined;
let proxy: DatabaseProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await app?.close();
  await sink?.close();
  await db?.drop();
  proxy = app = sink = db = undefined;
});

async function world() {
  db = await createTestDatabase('postgres');
  sink = await startRecordingSink();
  app = await openTestApp(db);
  await ingestSeeds(app.prisma);
  await addSubscribers(app.prisma, { count: SUBSCRIBERS, topics: 2 });
  proxy = await startDatabaseProxy({ host: '127.0.0.1', port: 5432 });
  return testEnv(db, { SMTP_URL: sink.url, SMTP_POOL_SIZE: String(POOL), LOG_LEVEL: 'warn', DATABASE_URL: proxy.through(db.url!) });
}

/** Every delivery ended sent or skipped, and each sent one was accepted under its own Message-ID. */
async function expectAllDelivered() {
  const rows = await app!.prisma.delivery.findMany({ select: { status: true, messageId: true } });
  expect(rows).toHaveLength(SUBSCRIBERS);
  expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'skipped')).toEqual([]);
  const accepted = new Set(sink!.accepted.map((m) => m.messageId));
  expect(rows.filter((r) => r.status === 'sent' && !accepted.has(r.messageId))).toEqual([]);
}

describe('a database outage during a send run', () => {
  it('holds messages back while PostgreSQL refuses connections, then resumes: duplicates ≤ in flight', { timeout: 180_000 }, async () => {
    const env = await world();
    const send = startCommand(['send', '--now', '--json'], env);
    await waitFor(() => sink!.accepted.length >= 100, 120_000, send);
    await proxy!.cut();
    const atCut = sink!.accepted.length;
    await sleep(6000);
    const duringOutage = sink!.accepted.length - atCut;
    await proxy!.restore();
    expect(await send.exited, send.stderr()).toBe(0);
    expect(send.stderr()).toMatch(/no new message goes out until it does/);
    expect(send.stderr()).toMatch(/sending resumes/);
    await expectAllDelivered();
    console.info(`outage of 6 s after ${atCut} accepted: ${duringOutage} accepted during it, ${duplicatesOf(sink!.accepted)} duplicate(s) of ${SUBSCRIBERS}`);
    expect(duringOutage).toBeLessThanOrEqual(IN_FLIGHT);
    expect(duplicatesOf(sink!.accepted)).toBeLessThanOrEqual(IN_FLIGHT);
  });

  it('stops cleanly when it lasts past the bound: exit 1, nothing marked failed, the next run finishes', { timeout: 180_000 }, async () => {
    const env = await world();
    const send = startCommand(['send', '--now', '--json', '--db-outage', '3'], env);
    await waitFor(() => sink!.accepted.length >= 100, 120_000, send);
    await proxy!.cut();
    const cutAt = Date.now();
    const atCut = sink!.accepted.length;
    const code = await send.exited;
    const stoppedAfterMs = Date.now() - cutAt;
    expect(code).toBe(1);
    expect(send.stderr()).toMatch(/^paperboy: the database did not answer for \d+ s .*left for the next run$/m);
    expect(send.stderr()).not.toMatch(/\n\s+at /); // one line, no stack
    expect(stoppedAfterMs).toBeLessThan(15_000);
    const duringOutage = sink!.accepted.length - atCut;
    expect(duringOutage).toBeLessThanOrEqual(IN_FLIGHT);
    expect(await app!.prisma.delivery.count({ where: { status: { in: ['failed', 'bounced'] } } })).toBe(0);
    expect(await app!.prisma.delivery.count({ where: { attempts: { gt: 0 } } })).toBe(0);

    await proxy!.restore();
    const rerun = startCommand(['send', '--now', '--json'], env);
    expect(await rerun.exited, rerun.stderr()).toBe(0);
    await expectAllDelivered();
    console.info(`outage past the bound after ${atCut} accepted: stopped in ${stoppedAfterMs} ms, ${duringOutage} accepted meanwhile, ${duplicatesOf(sink!.accepted)} duplicate(s) of ${SUBSCRIBERS} after the next run`);
    expect(duplicatesOf(sink!.accepted)).toBeLessThanOrEqual(IN_FLIGHT);
  });

  it('rides out backends terminated by PostgreSQL (57P01) again and again', { timeout: 180_000 }, async () => {
    const env = await world();
    const name = new URL(db!.url!).pathname.slice(1);
    const send = startCommand(['send', '--now', '--json'], { ...env, DATABASE_URL: db!.url });
    await waitFor(() => sink!.accepted.length >= 50, 120_000, send);
    let terminated = 0;
    await withClient(ADMIN_URL, async (admin) => {
      for (let i = 0; i < 15 && send.child.exitCode === null; i++) {
        const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        terminated += rowCount ?? 0;
        await sleep(200);
      }
    });
    expect(await send.exited, send.stderr()).toBe(0);
    expect(terminated).toBeGreaterThan(0);
    await expectAllDelivered();
    console.info(`${terminated} backends terminated during the run: ${duplicatesOf(sink!.accepted)} duplicate(s) of ${SUBSCRIBERS}`);
    expect(duplicatesOf(sink!.accepted)).toBeLessThanOrEqual(IN_FLIGHT);
  });
});
