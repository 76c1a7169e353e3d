// The migration that folds the per-paper "DeliveryPaper" rows into one "DeliveryContent" row per
// delivery keeps what every delivery was built with: its web view and a retry show the same
// papers, in the same order, with the same reasons, after an upgrade.
import { describe, expect, it } from 'vitest';
import { migrate, type Database } from '../../src/db/index.js';
import { BACKENDS } from '../../testkit/database.js';
import { databaseBefore } from '../helpers/migrations.js';

const FOLDING = '20261202000000_delivery_content';

describe.each(BACKENDS)('the delivery-content migration on %s', (backend) => {
  const open = databaseBefore(backend);
  let db: Database | undefined;

  it('carries every delivery’s papers over in rank order and drops the old table', async () => {
    db = await open(FOLDING);
    await db.withSession(async (s) => {
      await s.query(`INSERT INTO "Subscriber" (id, email, "linkKey") VALUES (1, 'ada@example.org', 'k1')`);
      await s.query(`INSERT INTO "Edition" (id, key, date) VALUES (1, 'daily:2026-11-30', '2026-11-30')`);
      await s.query(
        `INSERT INTO "Paper" (id, "titleKey", title, abstract, "firstSeenAt", "lastSeenAt")
         SELECT i, 'p' || i, 'Paper ' || i, 'Abstract', now(), now() FROM generate_series(1, 3) i`,
      );
      await s.query(`INSERT INTO "Delivery" (id, "editionId", "subscriberId", "messageId", "webToken") VALUES (7, 1, 1, '<m7@x>', 't7')`);
      await s.query(
        `INSERT INTO "DeliveryPaper" ("deliveryId", "paperId", rank, score, reasons, trending) VALUES
           (7, 3, 0, 2.5, '[{"topic":"Diffusion models","words":["diffusion"]}]', false),
           (7, 1, 2, 0.5, '[]', true),
           (7, 2, 1, 1.25, '[{"topic":"GANs","words":["gan"]}]', false)`,
      );
    });

    expect(await migrate(db)).toContain(FOLDING);
    const rows = await db.withSession((s) => s.query<{ deliveryId: number; papers: unknown }>(`SELECT "deliveryId", papers FROM "DeliveryContent"`));
    expect(rows).toEqual([
      {
        deliveryId: 7,
        papers: [
          { paperId: 3, score: 2.5, reasons: [{ topic: 'Diffusion models', words: ['diffusion'] }], trending: false },
          { paperId: 2, score: 1.25, reasons: [{ topic: 'GANs', words: ['gan'] }], trending: false },
          { paperId: 1, score: 0.5, reasons: [], trending: true },
        ],
      },
    ]);
    const old = await db.withSession((s) => s.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'DeliveryPaper'`));
    expect(old).toHaveLength(0);
  });
});
