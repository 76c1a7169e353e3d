// Recording an outcome survives the connection going away right after the write committed: the
// outage guard runs the write again, and that attempt must still say what happened. An accepted
// message said "lost-claim" (so `send`'s summary counted fewer digests than went out, and
// accounted for them nowhere); a bounce was counted twice or not at all (a reader suspended after
// two refusals instead of three, or a missing mailbox never suspended).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { claimBatch } from '../../src/delivery/claim.js';
import { claimantName } from '../../src/delivery/claimant.js';
import { DEFAULT_RETRY } from '../../src/delivery/failures.js';
import { planDeliveries } from '../../src/delivery/plan.js';
import { createRecorder } from '../../src/delivery/record.js';
import type { OutageGuard } from '../../src/db/index.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { addSubscribers } from './helpers/world.js';

// What the outage guard does when a write's answer is lost with its connection: the write
// committed, and it is run again.
const answerLost: OutageGuard = {
  down: false,
  ready: () => Promise.resolve(),
  async run(call) {
    await call();
    return call();
  },
};

describe('recording an outcome whose first write committed unseen', () => {
  let db: TestDatabase;
  let app: App;

  // Each test its own database: a send to everyone claims every row there is.
  beforeEach(async () => {
    db = await createTestDatabase('postgres');
    app = await openTestApp(db);
  });
  afterEach(async () => {
    await app?.close();
    await db?.drop();
  });

  it('counts an acceptance sent, not lost to another run', async () => {
    await addSubscribers(app.prisma, { count: 4, topics: 1 });
    const now = new Date();
    await planDeliveries(app.prisma, { now, mode: 'now', mailFrom: app.config.mailFrom });
    const claimant = claimantName('recording');
    const ids = await claimBatch(app.prisma, { claimant, now, claimTimeoutMs: 60_000, limit: 4, editionIds: null });
    expect(ids).toHaveLength(4);
    const recorder = createRecorder(await app.deliveryDeps(), { claimant, retry: DEFAULT_RETRY, random: Math.random, onDone: () => {}, db: answerLost });
    const outcomes = await Promise.all(ids.map((id) => recorder.sent(id, '250 2.0.0 Ok: queued', 'digest')));
    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(await app.prisma.delivery.count({ where: { status: 'sent', claimedBy: null } })).toBe(4);
  });

  it('counts a bounce once, and suspends a missing mailbox', async () => {
    const claimant = claimantName('bounces');
    await addSubscribers(app.prisma, { count: 2, prefix: 'gone', topics: 1 });
    await planDeliveries(app.prisma, { now: new Date(), mode: 'now', mailFrom: app.config.mailFrom });
    const rows = await app.prisma.delivery.findMany({ where: { subscriber: { email: { startsWith: 'gone' } } }, include: { subscriber: true }, orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(2);
    expect(await claimBatch(app.prisma, { claimant, now: new Date(), claimTimeoutMs: 60_000, limit: 10, editionIds: null })).toHaveLength(2);
    const recorder = createRecorder(await app.deliveryDeps(), { claimant, retry: DEFAULT_RETRY, random: Math.random, onDone: () => {}, db: answerLost });
    const refusal = (response: string) => Object.assign(new Error(response), { responseCode: 550, response, code: 'EENVELOPE', command: 'RCPT TO' });
    const [full, missing] = rows.map((r) => ({ id: r.id, subscriberId: r.subscriberId, email: r.subscriber.email, attempts: 0 }));
    expect(await recorder.failure(full!, refusal('552 5.2.2 Mailbox full'))).toBe('bounced');
    expect(await recorder.failure(missing!, refusal('550 5.1.1 User unknown'))).toBe('bounced');
    const after = await app.prisma.subscriber.findMany({ where: { email: { startsWith: 'gone' } }, orderBy: { id: 'asc' } });
    expect(after.map((s) => [s.hardBounces, s.status])).toEqual([[1, 'active'], [1, 'suspended']]);
  });
});
