// The delivery engine's bookkeeping, on PostgreSQL and on embedded PGlite: progress totals,
// edition completion, `retry --failed`, suspension after hard bounces, subscribers who left
// between planning and sending, and claims left behind by a process that died. Each test starts
// from its own world (fresh database, seed corpus, 24 readers, clock at 09:00 on 22 November).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { claimBatch } from '../../src/delivery/claim.js';
import { claimantName } from '../../src/delivery/claimant.js';
import { retryFailed, sendDigests } from '../../src/delivery/index.js';
import { planDeliveries } from '../../src/delivery/plan.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openTestApp } from '../../testkit/app.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { countByRecipient, startRecordingSink, type RecordingSink } from '../../testkit/recording-sink.js';
import { addSubscribers } from './helpers/world.js';
import { ingestSeeds } from '../../testkit/seeds.js';

// Up to five whole sends per test: on embedded PGlite on a loaded machine that is minutes.
describe.each(BACKENDS)('delivery engine on %s', { timeout: 240_000 }, (backend) => {
  let db: TestDatabase;
  let sink: RecordingSink;
  let app: App;
  let clock: ReturnType<typeof fixedClock>;
  const refused = 'reader7@example.org';
  /** Answered 451 while set: a relay that keeps deferring one reader. */
  let deferred: string | undefined;

  beforeEach(async () => {
    clock = fixedClock(new Date('2026-11-22T09:00:00Z'));
    db = await createTestDatabase(backend);
    sink = await startRecordingSink({ onRecipient: (to) => (to === refused ? { code: 550, message: '5.2.1 Mailbox disabled' } : to === deferred ? { code: 451, message: '4.7.1 Try again later' } : undefined) });
    app = await openTestApp(db, { clock, env: { SMTP_URL: sink.url, SMTP_POOL_SIZE: '2' } });
    await ingestSeeds(app.db, new Date('2026-11-21T00:00:00Z'));
    await addSubscribers(app.prisma, { count: 24, topics: 4 });
  });
  afterEach(async () => {
    await app?.close();
    await sink?.close();
    await db?.drop();
  });

  const deps = () => app.deliveryDeps();
  const nextDay = () => clock.advance(24 * 3600_000);

  it('reports progress against the right total and completes the edition', async () => {
    const progress: Array<[number, number]> = [];
    const report = await sendDigests(await deps(), { mode: 'now', batchSize: 5, onProgress: (done, total) => progress.push([done, total]) });
    expect(report).toMatchObject({ subscribers: 24, planned: 24, sent: 23, bounced: 1, pending: 0 });
    expect(progress[0]).toEqual([0, 24]);
    expect(progress.at(-1)).toEqual([24, 24]);
    expect(progress.every(([done, total]) => total === 24 && done <= total)).toBe(true);
    const edition = await app.prisma.edition.findFirstOrThrow({ where: { key: 'daily:2026-11-22' } });
    expect(edition.completedAt).not.toBeNull();
  });

  it('re-opens a complete edition when a new subscriber is planned into it', async () => {
    await sendDigests(await deps(), { mode: 'now' });
    await addSubscribers(app.prisma, { count: 1, prefix: 'newcomer', topics: 2 });
    await planDeliveries(app.prisma, { now: clock.now(), mode: 'now', mailFrom: app.config.mailFrom });
    expect((await app.prisma.edition.findFirstOrThrow({ where: { key: 'daily:2026-11-22' } })).completedAt).toBeNull();
    const report = await sendDigests(await deps(), { mode: 'now' });
    expect(report).toMatchObject({ planned: 0, sent: 1 });
    expect((await app.prisma.edition.findFirstOrThrow({ where: { key: 'daily:2026-11-22' } })).completedAt).not.toBeNull();
  });

  it('retry --failed sends again only what failed, with the same Message-ID', async () => {
    await sendDigests(await deps(), { mode: 'now' });
    const failed = await app.prisma.delivery.findMany({ where: { status: 'sent' }, take: 3, orderBy: { id: 'asc' } });
    await app.prisma.delivery.updateMany({ where: { id: { in: failed.map((d) => d.id) } }, data: { status: 'failed', attempts: 9, lastError: '451 try later' } });
    const before = sink.accepted.length;
    const report = await retryFailed(await deps(), {});
    expect(report).toMatchObject({ reopened: 3, sent: 3, failed: 0, pending: 0 });
    expect(sink.accepted.slice(before).map((m) => m.messageId).sort()).toEqual(failed.map((d) => d.messageId).sort());
    expect(await retryFailed(await deps(), {})).toMatchObject({ reopened: 0, sent: 0 });
  });

  // A run whose digests gave up (a relay deferring until the attempts ran out) was recorded as a
  // plain success: nothing in status's job line, "succeeded" in /admin.
  it('records a digest that failed for good in its run as a warning, with the way to send it again', async () => {
    deferred = 'reader3@example.org';
    try {
      await planDeliveries(app.prisma, { now: clock.now(), mode: 'now', mailFrom: app.config.mailFrom });
      await app.prisma.delivery.updateMany({ where: { subscriber: { email: deferred } }, data: { attempts: 8 } });
      const report = await sendDigests(await deps(), { mode: 'now', maxWaitMs: 0 });
      expect(report).toMatchObject({ failed: 1, pending: 0 });
      expect(report.warning).toBe('1 digest failed for good (paperboy retry --failed sends it again)');
    } finally {
      deferred = undefined;
    }
  });

  it('suspends a subscriber after three hard bounces in a row, and sends them nothing after', async () => {
    for (let day = 0; day < 3; day++) {
      await sendDigests(await deps(), { mode: 'now' });
      nextDay();
    }
    const subscriber = await app.prisma.subscriber.findUniqueOrThrow({ where: { email: refused }, include: { events: true } });
    expect(subscriber.status).toBe('suspended');
    expect(subscriber.hardBounces).toBe(3);
    expect(subscriber.events.filter((e) => e.type === 'suspended').map((e) => e.source)).toEqual(['bounce']);
    const report = await sendDigests(await deps(), { mode: 'now' });
    expect(report).toMatchObject({ bounced: 0, sent: 23 });
    expect(await app.prisma.delivery.count({ where: { subscriber: { email: refused } } })).toBe(3);
  });

  it('skips a subscriber who left between planning and sending', async () => {
    await planDeliveries(app.prisma, { now: clock.now(), mode: 'now', mailFrom: app.config.mailFrom });
    await app.prisma.subscriber.update({ where: { email: 'reader2@example.org' }, data: { status: 'unsubscribed' } });
    await sendDigests(await deps(), { mode: 'now' });
    const received = countByRecipient(sink.accepted);
    expect(received.get('reader2@example.org')).toBeUndefined();
    expect(received.get('reader1@example.org')).toBe(1);
    const row = await app.prisma.delivery.findFirstOrThrow({ where: { subscriber: { email: 'reader2@example.org' } }, orderBy: { id: 'desc' } });
    expect(row).toMatchObject({ status: 'skipped', skipReason: 'subscriber is unsubscribed' });
  });

  it('takes over claims left by a dead process at once, and stale ones after the claim timeout', async () => {
    await planDeliveries(app.prisma, { now: clock.now(), mode: 'now', mailFrom: app.config.mailFrom });
    // A process on this machine that has exited, and one elsewhere that went silent.
    const dead = claimantName('crashed', 2 ** 22 + 17);
    const silent = 'far-away@other-host:4242';
    const claim = (claimant: string) => claimBatch(app.prisma, { claimant, now: clock.now(), claimTimeoutMs: 60_000, limit: 3, editionIds: null });
    const [a, b] = [await claim(dead), await claim(silent)];
    expect(a.length + b.length).toBe(6);
    clock.advance(30_000);
    const first = await sendDigests(await deps(), { mode: 'now', maxWaitMs: 0 });
    // The silent host's claims, not stale yet: another run's to send, not waiting on us.
    expect(first).toMatchObject({ pending: 0, claimedElsewhere: 3 });
    // The silent host's claims run out (by the database's clock, which the fixed clock cannot move).
    await app.prisma.delivery.updateMany({ where: { claimedBy: silent }, data: { claimedUntil: new Date(Date.now() - 1000) } });
    clock.advance(60_000);
    const second = await sendDigests(await deps(), { mode: 'now', claimTimeoutMs: 60_000, maxWaitMs: 0 });
    expect(second.sent + second.skipped).toBe(3); // skipped: a reader may have run out of new papers by now
    expect(second).toMatchObject({ pending: 0, claimedElsewhere: 0 });
    expect(await app.prisma.delivery.count({ where: { status: { in: ['pending', 'sending'] } } })).toBe(0);
  });
});
