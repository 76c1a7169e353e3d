// Recording an accepted message survives the connection going away right after the write
// committed: the outage guard runs the write again, and that attempt must still say "sent" (it
// said "lost-claim", so `send`'s summary counted fewer digests than went out, and accounted for
// them nowhere).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('recording an acceptance whose first write committed unseen', () => {
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    app = await openTestApp(db);
    await addSubscribers(app.prisma, { count: 4, topics: 1 });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('counts it sent, not lost to another run', async () => {
    const now = new Date();
    await planDeliveries(app.prisma, { now, mode: 'now', mailFrom: app.config.mailFrom });
    const claimant = claimantName('recording');
    const ids = await claimBatch(app.prisma, { claimant, now, claimTimeoutMs: 60_000, limit: 4, editionIds: null });
    expect(ids).toHaveLength(4);
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
    const recorder = createRecorder(await app.deliveryDeps(), { claimant, retry: DEFAULT_RETRY, random: Math.random, onDone: () => {}, db: answerLost });
    const outcomes = await Promise.all(ids.map((id) => recorder.sent(id, '250 2.0.0 Ok: queued', 'digest')));
    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(await app.prisma.delivery.count({ where: { status: 'sent', claimedBy: null } })).toBe(4);
  });
});
