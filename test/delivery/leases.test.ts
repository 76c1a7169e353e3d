// A claim lasts as long as its holder says, by the database's clock. Judged by each process's own
// clock and its own --claim-timeout, a run took over claims their holder was still sending: a
// `send --claim-timeout 5` started beside a run that renews every 20 s, or an instance whose
// clock runs minutes ahead, sent those digests a second time. And a holder that was paused past
// the end of its claims (SIGSTOP, a frozen VM or container) must not send, once it runs again,
// what another run took over meanwhile.
import { describe, expect, it } from 'vitest';
import { claimBatch } from '../../src/delivery/claim.js';
import { claimantName } from '../../src/delivery/claimant.js';
import { inFlightLimit, sendDigests } from '../../src/delivery/index.js';
import { planDeliveries } from '../../src/delivery/plan.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openTestApp } from '../../testkit/app.js';
import { duplicatesOf, startCommand, waitFor } from './helpers/child.js';
import { expectAllDelivered, perTestFixture } from './helpers/fixture.js';
import { addSubscribers, openSendWorld, sleep } from './helpers/world.js';

const t = perTestFixture();

describe('claim leases', () => {
  it('a `send --claim-timeout 5` beside a running send takes over none of its live claims', { timeout: 180_000 }, async () => {
    // A slow server (200 ms a message, two connections): the first run's claims outlive 5 s.
    const world = await openSendWorld({ delayMs: 200 });
    Object.assign(t, { db: world.db, sink: world.sink, app: world.app });
    await addSubscribers(world.app.prisma, { count: 300, topics: 2 });
    const env = { ...world.env, SMTP_POOL_SIZE: '2', LOG_LEVEL: 'warn' };
    const first = startCommand(['send', '--now', '--json'], env);
    await waitFor(() => world.sink.accepted.length >= 5, 60_000, first);
    await sleep(6000);
    const second = startCommand(['send', '--now', '--json', '--claim-timeout', '5'], env);
    expect(await second.exited, second.stderr()).toBe(0);
    expect(await first.exited, first.stderr()).toBe(0);
    const [a, b] = [JSON.parse(first.stdout()), JSON.parse(second.stdout())] as [{ sent: number }, { sent: number }];
    expect(duplicatesOf(world.sink.accepted)).toBe(0);
    // Each run's summary counts what it sent.
    expect(a.sent + b.sent).toBe(world.sink.accepted.length);
    await expectAllDelivered(world.app, world.sink, 300);
  });

  it('a send paused past the end of its claims sends none that another run took over meanwhile', { timeout: 180_000 }, async () => {
    const world = await openSendWorld({ delayMs: 100 });
    Object.assign(t, { db: world.db, sink: world.sink, app: world.app });
    await addSubscribers(world.app.prisma, { count: 300, topics: 2 });
    const env = { ...world.env, SMTP_POOL_SIZE: '2', LOG_LEVEL: 'warn' };
    const paused = startCommand(['send', '--now', '--json', '--claim-timeout', '5'], env);
    await waitFor(() => world.sink.accepted.length >= 20, 60_000, paused);
    paused.child.kill('SIGSTOP');
    const atStop = world.sink.accepted.length;
    await sleep(7000); // its claims end at most 5 s after its last heartbeat
    const other = startCommand(['send', '--now', '--json'], env);
    await waitFor(() => world.sink.accepted.length >= atStop + 50, 60_000, other);
    paused.child.kill('SIGCONT');
    expect(await other.exited, other.stderr()).toBe(0);
    expect(await paused.exited, paused.stderr()).toBe(0);
    const [a, b] = [JSON.parse(paused.stdout()), JSON.parse(other.stdout())] as [{ sent: number }, { sent: number }];
    // At most what the paused run had already handed to the server when it was stopped.
    expect(duplicatesOf(world.sink.accepted)).toBeLessThanOrEqual(inFlightLimit(2));
    expect(a.sent + b.sent).toBe(300);
    await expectAllDelivered(world.app, world.sink, 300);
  });

  it('an instance whose clock runs five minutes ahead leaves another instance\'s fresh claims alone', { timeout: 120_000 }, async () => {
    const world = await openSendWorld();
    Object.assign(t, { db: world.db, sink: world.sink, app: world.app });
    await addSubscribers(world.app.prisma, { count: 12, topics: 2 });
    await planDeliveries(world.app.prisma, { now: new Date(), mode: 'now', mailFrom: world.app.config.mailFrom });
    // Another instance, alive (this process's pid), claims six and is sending them.
    const holder = claimantName('blue');
    const held = await claimBatch(world.app.prisma, { claimant: holder, now: new Date(), claimTimeoutMs: 60_000, limit: 6, editionIds: null });
    expect(held).toHaveLength(6);
    const ahead = await openTestApp(world.db, { clock: fixedClock(new Date(Date.now() + 5 * 60_000)), env: { SMTP_URL: world.sink.url } });
    try {
      const report = await sendDigests(await ahead.deliveryDeps(), { mode: 'now', maxWaitMs: 0 });
      expect(report).toMatchObject({ claimedElsewhere: 6 });
      const rows = await world.app.prisma.delivery.findMany({ where: { id: { in: held } } });
      expect(rows.map((r) => [r.status, r.claimedBy])).toEqual(held.map(() => ['sending', holder]));
      const heldIds = new Set(rows.map((r) => r.messageId));
      expect(world.sink.accepted.filter((m) => heldIds.has(m.messageId))).toEqual([]);
    } finally {
      await ahead.close();
    }
  });
});
