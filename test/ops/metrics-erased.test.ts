// /metrics counts deliveries as `status` and /admin do: an erased reader's digests stay counted as
// sent (from what `erase` keeps), where "sent" went down at each erasure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { runSend } from '../../src/delivery/index.js';
import { createMetrics, serviceStatus } from '../../src/ops/index.js';
import { eraseSubscriber, operatorSubscriptionSchema, subscribeConfirmed } from '../../src/subscriptions/index.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { ingestSeeds } from '../../testkit/seeds.js';

describe("/metrics after an erasure", { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let app: App;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    app = await openTestApp(db);
    await ingestSeeds(app.db, app.clock.now());
    for (const email of ['ada@example.org', 'bob@example.org']) {
      const input = operatorSubscriptionSchema.parse({ email, topics: ['Diffusion models'], preferences: {} });
      await subscribeConfirmed(app.prisma, input, { source: 'cli', defaultTimeZone: 'UTC', now: app.clock.now() });
    }
    await runSend(await app.deliveryDeps(), { mode: 'now' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('still counts the digests sent to a reader since erased, as status does', async () => {
    const metrics = createMetrics(app.prisma);
    const sent = async () => Number(/^paperboy_deliveries\{status="sent"\} (\d+)$/m.exec(await metrics.registry.metrics())?.[1]);
    const statusSent = async () => (await serviceStatus(app.prisma, { editions: 1, now: app.clock.now(), sendCron: app.config.sendCron, sources: app.config })).editions[0]!.sent;
    expect(await sent()).toBe(2);
    await eraseSubscriber(app.prisma, 'ada@example.org');
    expect(await sent()).toBe(2);
    expect(await statusSent()).toBe(2);
  });
});
