// A delivery's stored content is parsed on every read: a row that does not hold what build.ts
// writes fails that delivery (for the operator to see) instead of reaching a template.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { InvalidContentError, parseStoredContent, sendDigests } from '../../src/delivery/index.js';
import { planDeliveries } from '../../src/delivery/plan.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { startRecordingSink, type RecordingSink } from '../../testkit/recording-sink.js';
import { addSubscribers } from './helpers/world.js';
import { ingestSeeds } from '../../testkit/seeds.js';

describe('stored content', () => {
  const paper = { paperId: 3, score: 0.5, reasons: [{ topic: 'LLMs', words: ['language model'] }], trending: false };

  it('parses what build.ts writes, and names what is wrong otherwise', () => {
    expect(parseStoredContent([paper])).toEqual([paper]);
    // A "like" reason keeps the words it rests on: the web view is rebuilt from this and must say what the email said.
    const liked = { ...paper, reasons: [{ topic: 'Mixture of Experts Layers', words: ['which you like'], kind: 'like' as const, shared: ['MoE', 'experts'] }] };
    expect(parseStoredContent([liked])).toEqual([liked]);
    expect(() => parseStoredContent([])).toThrow(InvalidContentError);
    expect(() => parseStoredContent([{ ...paper, paperId: '3' }])).toThrow(/stored content is not valid: 0\.paperId/);
    expect(() => parseStoredContent({ papers: [paper] })).toThrow(/\(root\)/);
    expect(() => parseStoredContent([{ ...paper, reasons: [{ topic: 'x' }] }])).toThrow(/0\.reasons\.0\.words/);
  });

  describe('in a send run', () => {
    let db: TestDatabase;
    let app: App;
    let sink: RecordingSink;
    beforeAll(async () => {
      db = await createTestDatabase('postgres');
      sink = await startRecordingSink();
      app = await openTestApp(db, { env: { SMTP_URL: sink.url } });
      await ingestSeeds(app.db);
      await addSubscribers(app.prisma, { count: 3, topics: 2 });
    });
    afterAll(async () => {
      await app?.close();
      await sink?.close();
      await db?.drop();
    });

    it('fails the delivery whose stored content is invalid and sends the others', async () => {
      await planDeliveries(app.prisma, { now: new Date(), mode: 'now', mailFrom: app.config.mailFrom });
      const [broken] = await app.prisma.delivery.findMany({ orderBy: { id: 'asc' }, take: 1 });
      await app.prisma.deliveryContent.create({ data: { deliveryId: broken!.id, papers: [{ paperId: 'x' }] } });
      const report = await sendDigests(await app.deliveryDeps(), { mode: 'now' });
      expect(report).toMatchObject({ sent: 2, failed: 1, pending: 0 });
      const row = await app.prisma.delivery.findUniqueOrThrow({ where: { id: broken!.id } });
      expect(row.status).toBe('failed');
      expect(row.lastError).toMatch(/^stored content is not valid: 0\.paperId/);
      expect(sink.accepted.map((m) => m.messageId)).not.toContain(row.messageId);
    });
  });
});
