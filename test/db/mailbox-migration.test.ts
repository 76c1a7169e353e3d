// The web-safety migration merges subscribers whose addresses differ only in case into one (the most
// engaged, then the oldest), keeps the never-resend ledger of the others, records the merge, and
// from then on PostgreSQL refuses a second subscriber for the same mailbox.
import { describe, expect, it } from 'vitest';
import { migrate, type Database } from '../../src/db/index.js';
import { BACKENDS } from '../../testkit/database.js';
import { databaseBefore } from '../helpers/migrations.js';

const WEB_SAFETY = '20261203040000_web_safety';

describe.each(BACKENDS)('the one-subscriber-per-mailbox migration on %s', (backend) => {
  const open = databaseBefore(backend);
  let db: Database | undefined;

  it('merges case variants into the most engaged subscriber and then refuses new ones', async () => {
    db = await open(WEB_SAFETY);
    await db.withSession(async (s) => {
      await s.query(
        `INSERT INTO "Subscriber" (id, email, status, "linkKey") VALUES
           (1, 'Enum-Active-3@example.org', 'unsubscribed', 'k1'),
           (2, 'enum-active-3@example.org', 'active', 'k2'),
           (3, 'ENUM-ACTIVE-3@example.org', 'pending', 'k3'),
           (4, 'other@example.org', 'active', 'k4')`,
      );
      await s.query(`INSERT INTO "Edition" (id, key, date) VALUES (1, 'daily:2026-11-30', '2026-11-30')`);
      await s.query(`INSERT INTO "Paper" (id, "titleKey", title, abstract, "firstSeenAt", "lastSeenAt") SELECT i, 'p' || i, 'Paper ' || i, 'A', now(), now() FROM generate_series(1, 2) i`);
      await s.query(`INSERT INTO "Delivery" (id, "editionId", "subscriberId", "messageId", "webToken") VALUES (7, 1, 1, '<m7@x>', 't7'), (8, 1, 2, '<m8@x>', 't8')`);
      await s.query(`INSERT INTO "SentPaper" ("subscriberId", "paperId", "deliveryId") VALUES (1, 1, 7), (1, 2, 7), (2, 2, 8)`);
    });

    expect(await migrate(db)).toContain(WEB_SAFETY);
    const rows = await db.withSession((s) => s.query<{ id: number; email: string; emailKey: string }>(`SELECT id, email, "emailKey" FROM "Subscriber" ORDER BY id`));
    expect(rows).toEqual([
      { id: 2, email: 'enum-active-3@example.org', emailKey: 'enum-active-3@example.org' },
      { id: 4, email: 'other@example.org', emailKey: 'other@example.org' },
    ]);
    const ledger = await db.withSession((s) => s.query<{ paperId: number }>(`SELECT "paperId" FROM "SentPaper" WHERE "subscriberId" = 2 ORDER BY "paperId"`));
    expect(ledger.map((r) => r.paperId)).toEqual([1, 2]);
    const events = await db.withSession((s) => s.query<{ type: string; detail: unknown }>(`SELECT type, detail FROM "SubscriptionEvent" WHERE "subscriberId" = 2`));
    expect(events).toEqual([{ type: 'merged', detail: { mergedSubscriberIds: [1, 3], reason: 'same mailbox in another case' } }]);
    await expect(db.withSession((s) => s.query(`INSERT INTO "Subscriber" (email, "linkKey") VALUES ('Other@EXAMPLE.org', 'k5')`))).rejects.toThrow(/emailKey|unique/i);
  });
});
