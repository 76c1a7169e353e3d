// Writers of the same delivery rows must not deadlock: the heartbeat renewing a process's claims
// runs while its recorder marks those rows sent, many at a time. (A deadlock there once failed
// recordings in a 100,000-digest run, and each failed recording became a duplicate.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { claimBatch, startHeartbeat } from '../../src/delivery/claim.js';
import { claimantName } from '../../src/delivery/claimant.js';
import { createOutageGuard } from '../../src/db/index.js';
import { DEFAULT_RETRY } from '../../src/delivery/failures.js';
import { planDeliveries } from '../../src/delivery/plan.js';
import { createRecorder } from '../../src/delivery/record.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, withClient, type TestDatabase } from '../../testkit/database.js';
import { addSubscribers } from './helpers/world.js';

describe('concurrent writers of claimed rows', () => {
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    app = await openTestApp(db);
    await addSubscribers(app.prisma, { count: 600, topics: 1 });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('record acceptances while the heartbeat renews the same claims, without a deadlock', { timeout: 30_000 }, async () => {
    const now = new Date();
    await planDeliveries(app.prisma, { now, mode: 'now', mailFrom: app.config.mailFrom });
    const claimant = claimantName('locks');
    const ids = await claimBatch(app.prisma, { claimant, now, claimTimeoutMs: 60_000, limit: 600, editionIds: null });
    expect(ids).toHaveLength(600);
    const held = new Set(ids);
    const errors: unknown[] = [];
    const heartbeat = startHeartbeat(app.prisma, { claimant, held, claimTimeoutMs: 3, now: () => new Date(), onError: (e) => errors.push(e) });
    const recorder = createRecorder(await app.deliveryDeps(), { claimant, retry: DEFAULT_RETRY, random: Math.random, onDone: () => {}, db: createOutageGuard({ maxOutageMs: 10_000 }) });
    try {
      // Shuffled, so that the group commits lock rows in an order unrelated to the heartbeat's.
      const shuffled = [...ids].sort(() => Math.random() - 0.5);
      const outcomes = await Promise.all(shuffled.map((id) => recorder.sent(id, '250 OK', 'digest')));
      expect(outcomes.every((o) => o === 'sent')).toBe(true);
    } finally {
      heartbeat.stop();
    }
    expect(errors).toEqual([]);
    expect(await app.prisma.delivery.count({ where: { status: 'sent' } })).toBe(600);
  });

  it('renews claims whose digests are being built (their rows key-share locked), and keeps them ours', { timeout: 30_000 }, async () => {
    await planDeliveries(app.prisma, { now: new Date(), mode: 'now', mailFrom: app.config.mailFrom });
    await app.prisma.delivery.updateMany({ data: { status: 'pending', claimedBy: null } });
    const claimant = claimantName('building');
    const ids = await claimBatch(app.prisma, { claimant, now: new Date(), claimTimeoutMs: 60_000, limit: 50, editionIds: null });
    expect(ids).toHaveLength(50);
    const heartbeat = startHeartbeat(app.prisma, { claimant, held: new Set(ids), claimTimeoutMs: 60_000, now: () => new Date(), onError: () => {} });
    try {
      // What a build transaction holds while it inserts the batch's contents and ledger rows.
      await withClient(db.url!, async (builder) => {
        await builder.query('BEGIN');
        await builder.query('SELECT id FROM "Delivery" WHERE id = ANY($1::int[]) FOR KEY SHARE', [ids]);
        await heartbeat.renewNow();
        await builder.query('COMMIT');
      });
      const held = await Promise.all(ids.map((id) => heartbeat.holds(id)));
      expect(held.every(Boolean)).toBe(true);
    } finally {
      heartbeat.stop();
      await app.prisma.delivery.updateMany({ data: { status: 'pending', claimedBy: null } }); // as the other test expects them
    }
  });
});
