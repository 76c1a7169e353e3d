// The feedback-key migration: readers already on the list keep their link key as feedback key, so
// the "more / less like this" links already mailed to them keep working; a reader added afterwards
// gets a random one of their own, apart from their link key, on both backends.
import { describe, expect, it } from 'vitest';
import { migrate, type Database } from '../../src/db/index.js';
import { BACKENDS } from '../../testkit/database.js';
import { databaseBefore } from '../helpers/migrations.js';

const FEEDBACK_KEY = '20261214090000_feedback_key';

describe.each(BACKENDS)('the feedback-key migration on %s', (backend) => {
  const open = databaseBefore(backend);
  let db: Database | undefined;

  it('keeps the links already mailed working, and gives new readers a key of their own', async () => {
    db = await open(FEEDBACK_KEY);
    await db.withSession((s) => s.query(`INSERT INTO "Subscriber" (email, "linkKey") VALUES ('before@example.org', 'key-before-aaaaaaaaaa')`));
    expect(await migrate(db)).toContain(FEEDBACK_KEY);
    await db.withSession((s) => s.query(`INSERT INTO "Subscriber" (email, "linkKey") VALUES ('after@example.org', 'key-after-aaaaaaaaaaa')`));
    const rows = await db.withSession((s) => s.query<{ email: string; linkKey: string; feedbackKey: string }>(`SELECT email, "linkKey", "feedbackKey" FROM "Subscriber" ORDER BY id`));
    expect(rows[0]).toEqual({ email: 'before@example.org', linkKey: 'key-before-aaaaaaaaaa', feedbackKey: 'key-before-aaaaaaaaaa' });
    expect(rows[1]!.feedbackKey).toMatch(/^[0-9a-f]{32}$/);
  });
});
