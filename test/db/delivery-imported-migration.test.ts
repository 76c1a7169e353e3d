// The imported-delivery migration: the editions an earlier import recorded as had (plain "sent"
// rows, known by the Message-ID the import gave them) are marked imported, so that `status`, /admin
// and /metrics stop counting them as digests this service sent; real ones stay as they were.
import { describe, expect, it } from 'vitest';
import { migrate, type Database } from '../../src/db/index.js';
import { BACKENDS } from '../../testkit/database.js';
import { databaseBefore } from '../helpers/migrations.js';

const DELIVERY_IMPORTED = '20261215090000_delivery_imported';

describe.each(BACKENDS)('the imported-delivery migration on %s', (backend) => {
  const open = databaseBefore(backend);
  let db: Database | undefined;

  it('marks the deliveries an import recorded, and only those', async () => {
    db = await open(DELIVERY_IMPORTED);
    await db.withSession(async (s) => {
      await s.query(`INSERT INTO "Subscriber" (id, email, "linkKey") VALUES (1, 'ada@example.org', 'key-ada-aaaaaaaaaaaaa')`);
      await s.query(`INSERT INTO "Edition" (id, key, date) VALUES (1, 'daily:2026-12-03', '2026-12-03'), (2, 'daily:2026-12-04', '2026-12-04')`);
      await s.query(`INSERT INTO "Delivery" ("editionId", "subscriberId", status, "messageId", "webToken") VALUES
        (1, 1, 'sent', '<0123abcd.imported@paperboy.invalid>', 'w1'),
        (2, 1, 'sent', '<4567@paperboy.example.org>', 'w2')`);
    });
    expect(await migrate(db)).toContain(DELIVERY_IMPORTED);
    const rows = await db.withSession((s) => s.query<{ editionId: number; imported: boolean }>(`SELECT "editionId", imported FROM "Delivery" ORDER BY "editionId"`));
    expect(rows).toEqual([
      { editionId: 1, imported: true },
      { editionId: 2, imported: false },
    ]);
  });
});
