// SIGTERM in the middle of a send run, to `paperboy send` and to `paperboy serve`, through a slow
// SMTP server: the process stops claiming at once, lets what is in flight finish, gives the rest
// of its claims back and is gone well within the shutdown bound (30 s); the next run sends the
// rest. Nothing lost, nothing sent twice.
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { openTestApp, testEnv } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { freePort } from '../helpers/serve.js';
import { duplicatesOf, startCommand, waitFor, type RunningCommand } from './helpers/child.js';
import { startRecordingSink, type RecordingSink } from './helpers/sink.js';
import { addSubscribers, ingestSeeds } from './helpers/world.js';

const SUBSCRIBERS = 400;
const SHUTDOWN_BOUND_MS = 30_000;

let db: TestDatabase | undefined;
let app: App | undefined;
let sink: RecordingSink | undefined;
afterEach(async () => {
  await app?.close();
  await sink?.close();
  await db?.drop();
  app = sink = db = undefined;
});

async function world() {
  db = await createTestDatabase('postgres');
  sink = await startRecordingSink({ delayMs: 40 });
  app = await openTestApp(db);
  await ingestSeeds(app.prisma);
  // Due from local midnight: `serve`'s run at start sends them.
  await addSubscribers(app.prisma, { count: SUBSCRIBERS, topics: 2, sendHour: 0 });
  return testEnv(db, { SMTP_URL: sink.url, SMTP_POOL_SIZE: '3', LOG_LEVEL: 'info' });
}

async function terminateMidRun(command: RunningCommand) {
  await waitFor(() => sink!.accepted.length >= 60, 120_000, command);
  const signalledAt = Date.now();
  command.child.kill('SIGTERM');
  const code = await command.exited;
  const goneAfterMs = Date.now() - signalledAt;
  const claimed = await app!.prisma.delivery.count({ where: { status: 'sending' } });
  const sentBefore = sink!.accepted.length;
  return { code, goneAfterMs, claimed, sentBefore };
}

async function finishAndCount(env: NodeJS.ProcessEnv) {
  const rerun = startCommand(['send', '--now', '--json'], env);
  expect(await rerun.exited, rerun.stderr()).toBe(0);
  const rows = await app!.prisma.delivery.findMany({ select: { status: true, messageId: true } });
  expect(rows).toHaveLength(SUBSCRIBERS);
  expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'skipped')).toEqual([]);
  const accepted = new Set(sink!.accepted.map((m) => m.messageId));
  expect(rows.filter((r) => r.status === 'sent' && !accepted.has(r.messageId))).toEqual([]);
  expect(duplicatesOf(sink!.accepted)).toBe(0);
}

describe('SIGTERM during a send run', () => {
  it('`send` stops claiming, finishes what is in flight, gives the rest back and exits within the bound', { timeout: 180_000 }, async () => {
    const env = await world();
    const send = startCommand(['send', '--now', '--json'], env);
    const { code, goneAfterMs, claimed, sentBefore } = await terminateMidRun(send);
    console.info(`send: SIGTERM after ${sentBefore} accepted of ${SUBSCRIBERS}: gone in ${goneAfterMs} ms, exit ${code}, ${claimed} claim(s) left`);
    expect(code).toBe(3); // done in part: the rest is pending
    expect(goneAfterMs).toBeLessThan(SHUTDOWN_BOUND_MS);
    expect(claimed).toBe(0); // every claim not finished was given back
    expect(JSON.parse(send.stdout()).sent).toBeLessThan(SUBSCRIBERS);
    expect(send.stderr()).toMatch(/send run interrupted/);
    await finishAndCount(env);
  });

  it('`serve` stops its send run the same way and shuts down within the bound', { timeout: 180_000 }, async () => {
    const env = await world();
    const port = await freePort();
    const serve = startCommand(['serve'], { ...env, PORT: String(port), HOST: '127.0.0.1', SEND_CRON: '0 0 1 1 *' });
    const { code, goneAfterMs, claimed, sentBefore } = await terminateMidRun(serve);
    console.info(`serve: SIGTERM after ${sentBefore} accepted of ${SUBSCRIBERS}: gone in ${goneAfterMs} ms, exit ${code}, ${claimed} claim(s) left`);
    expect(code).toBe(0);
    expect(goneAfterMs).toBeLessThan(SHUTDOWN_BOUND_MS);
    expect(claimed).toBe(0);
    expect(serve.stderr()).toMatch(/send run interrupted/);
    expect(sentBefore).toBeLessThan(SUBSCRIBERS);
    await finishAndCount(env);
  });
});
