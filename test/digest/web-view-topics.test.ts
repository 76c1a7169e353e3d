// A digest's web view names the topics the email named: a reader who changes their topics after
// Thursday's digest, then opens that digest in the browser, still reads Thursday's topics, not
// "No papers today on" topics that did not exist when it was built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../src/db/index.js';
import { runSend } from '../../src/delivery/index.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { openSendWorld, type SendWorld } from '../helpers/sent-digests.js';
import { migrateBefore } from '../helpers/migrations.js';
import { insertPapers } from '../matching/corpus.js';

const EMAIL = 'mover@example.org';

describe('the web view of a digest after the reader changed topics', () => {
  let world: SendWorld;

  beforeAll(async () => {
    world = await openSendWorld(new Date('2026-12-03T17:00:00Z'));
    const { prisma } = world.app;
    await insertPapers(prisma, [{ title: 'Protein Folding with Sparse Attention', abstract: 'We predict protein folding pathways with a sparse attention model.', arxivId: '2612.00042' }]);
    await prisma.subscriber.create({
      data: {
        email: EMAIL,
        status: 'active',
        linkKey: 'key-mover',
        timeZone: 'Europe/London',
        confirmedAt: new Date('2026-11-01T00:00:00Z'),
        interests: { create: [{ label: 'protein folding' }, { label: 'robot grasping' }] },
      },
    });
    expect(await runSend(await world.app.deliveryDeps(), { mode: 'now' })).toMatchObject({ sent: 1, failed: 0 });
    // Later, on their preferences page: other topics.
    const { id } = await prisma.subscriber.findUniqueOrThrow({ where: { email: EMAIL } });
    await prisma.interest.deleteMany({ where: { subscriberId: id } });
    await prisma.interest.create({ data: { subscriberId: id, label: 'speculative decoding' } });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows the topics, the quiet-topics line and the title the email had', async () => {
    const mail = world.messageTo(EMAIL);
    expect(mail.subject).toBe('1 new paper on protein folding · Thu 3 Dec');
    expect(mail.text).toContain('Your topics: protein folding · robot grasping\nNo papers today on robot grasping.\n');
    const web = await world.webView(EMAIL);
    expect(web).toContain('Your topics: protein folding · robot grasping<');
    expect(web).toContain('No papers today on robot grasping.<');
    expect(web).toContain('<title>1 new paper on protein folding · Thu 3 Dec</title>');
    expect(web).toContain('to papers on protein folding, robot grasping.');
    expect(web).not.toContain('speculative decoding');
  });
});

describe('the delivery-topics migration', () => {
  let test: TestDatabase;
  let db: Database;
  afterAll(async () => {
    await db?.close();
    await test?.drop();
  });

  it('gives a digest built before it the topics its reader follows now (what its web view showed)', async () => {
    test = await createTestDatabase('postgres');
    db = await openDatabase({ databaseUrl: test.url, dataDir: test.dataDir });
    await migrateBefore(db, '20261207090000_delivery_topics');
    await db.withSession(async (s) => {
      await s.query(`INSERT INTO "Subscriber" (id, email, "linkKey") VALUES (1, 'ada@example.org', 'k1')`);
      await s.query(`INSERT INTO "Interest" ("subscriberId", label) VALUES (1, 'protein folding'), (1, 'GANs')`);
      await s.query(`INSERT INTO "Edition" (id, key, date) VALUES (1, 'daily:2026-12-01', '2026-12-01')`);
      await s.query(`INSERT INTO "Delivery" (id, "editionId", "subscriberId", "messageId", "webToken") VALUES (7, 1, 1, '<m7@x>', 't7')`);
      await s.query(`INSERT INTO "DeliveryContent" ("deliveryId", papers) VALUES (7, '[]')`);
    });
    expect(await migrate(db)).toContain('20261207090000_delivery_topics');
    const rows = await db.withSession((s) => s.query<{ topics: string[] }>(`SELECT topics FROM "DeliveryContent"`));
    expect(rows).toEqual([{ topics: ['protein folding', 'GANs'] }]);
  });
});
