// Several instances against one database: every digest is still built and sent once. First two
// in-process instances (own connection pools, own SMTP pools, own claimant names) started together
// for several days of editions in several zones; then two real `paperboy send --now` processes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { sendDigests } from '../../src/delivery/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openTestApp, testEnv } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { startRecordingSink, type RecordingSink } from '../../testkit/recording-sink.js';
import { addSubscribers } from './helpers/world.js';
import { ingestSeeds, seenJustNow } from '../../testkit/seeds.js';

function duplicatesIn(sink: RecordingSink): number {
  return sink.accepted.length - new Set(sink.accepted.map((m) => m.messageId)).size;
}

describe('two instances on one database', () => {
  let db: TestDatabase;
  let sink: RecordingSink;
  let apps: App[] = [];
  let clock: ReturnType<typeof fixedClock>;

  // Each test has its own world: 300 daily readers in three zones and 60 weekly ones.
  beforeEach(async () => {
    clock = fixedClock(new Date('2026-11-22T00:00:00Z'));
    db = await createTestDatabase('postgres');
    sink = await startRecordingSink();
    apps = [
      await openTestApp(db, { clock, env: { SMTP_URL: sink.url, SMTP_POOL_SIZE: '3', PAPERBOY_INSTANCE: 'blue' } }),
      await openTestApp(db, { clock, env: { SMTP_URL: sink.url, SMTP_POOL_SIZE: '3', PAPERBOY_INSTANCE: 'green' } }),
    ];
    await ingestSeeds(apps[0]!.db, new Date('2026-11-21T00:00:00Z'));
    // Daily readers in three zones (three editions a day) and weekly ones: several editions per run.
    await addSubscribers(apps[0]!.prisma, { count: 300, prefix: 'daily', timeZones: ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo'], sendHour: 7, topics: 4 });
    await addSubscribers(apps[0]!.prisma, { count: 60, prefix: 'weekly', frequency: 'weekly', sendWeekday: 1, sendHour: 7, timeZones: ['UTC'], topics: 4 });
  });
  afterEach(async () => {
    for (const app of apps) await app.close();
    await sink?.close();
    await db?.drop();
  });

  it('send every digest of several days exactly once when both run every scheduled slot', async () => {
    const deps = await Promise.all(apps.map((app) => app.deliveryDeps()));
    const shares = [0, 0];
    // Every three hours for three days, both instances start their scheduled run together.
    for (let hour = 0; hour <= 72; hour += 3) {
      clock.set(new Date(Date.UTC(2026, 10, 22, hour)));
      const reports = await Promise.all(deps.map((d) => sendDigests(d, { mode: 'due', maxWaitMs: 5000 })));
      reports.forEach((r, i) => (shares[i]! += r.sent));
      expect(reports.map((r) => r.error + r.failed)).toEqual([0, 0]);
    }
    const editions = await apps[0]!.prisma.edition.findMany({ include: { _count: { select: { deliveries: true } } } });
    // Keys are per local date, shared by the zones: 21 (caught up) to 25 November, and two weeks.
    expect(editions.map((e) => e.key).sort()).toEqual([
      'daily:2026-11-21', 'daily:2026-11-22', 'daily:2026-11-23', 'daily:2026-11-24', 'daily:2026-11-25', 'weekly:2026-11-16', 'weekly:2026-11-23',
    ]);
    const sent = await apps[0]!.prisma.delivery.count({ where: { status: 'sent' } });
    expect(sent).toBeGreaterThan(900);
    expect(sink.accepted).toHaveLength(sent);
    expect(duplicatesIn(sink)).toBe(0);
    expect(shares[0]! + shares[1]!).toBe(sent);
    // Both did part of the work: the claims spread it, they did not just take turns being idle.
    expect(Math.min(...shares)).toBeGreaterThan(sent / 10);
    expect(await apps[0]!.prisma.edition.count({ where: { completedAt: null } })).toBe(0);
  }, 180_000);

  it('send each digest once when two `paperboy send --now` processes start together', async () => {
    await addSubscribers(apps[0]!.prisma, { count: 400, prefix: 'cli', timeZones: ['UTC'], topics: 4 });
    // The commands read the real clock, not the test's: the papers must be new to them.
    await seenJustNow(apps[0]!.db);
    const before = sink.accepted.length;
    const env = testEnv(db, { SMTP_URL: sink.url, SMTP_POOL_SIZE: '3' });
    const [a, b] = await Promise.all([runPaperboy(['send', '--now', '--json'], env, { timeoutMs: 120_000 }), runPaperboy(['send', '--now', '--json'], env, { timeoutMs: 120_000 })]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const summaries = [JSON.parse(a.stdout), JSON.parse(b.stdout)] as Array<{ sent: number }>;
    const sentNow = sink.accepted.length - before;
    expect(summaries[0]!.sent + summaries[1]!.sent).toBe(sentNow);
    expect(sentNow).toBeGreaterThan(0);
    expect(duplicatesIn(sink)).toBe(0);
    expect(await apps[0]!.prisma.delivery.count({ where: { status: { in: ['pending', 'sending'] } } })).toBe(0);
  }, 180_000);
});
