// Through a real send run: a subscriber whose topics match nothing new gets no email, and the skip
// is recorded on the delivery; one whose topics match gets a digest whose papers say why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { runSend } from '../../src/delivery/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { createSubscriber, insertPapers, NOW } from './corpus.js';
import { storedPapers } from '../helpers/content.js';

describe('send run with matching', () => {
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    app = await openTestApp(db, { clock: fixedClock(NOW) });
    await insertPapers(app.prisma, [
      { title: 'Protein Folding with Sparse Attention', abstract: 'We predict protein folding pathways with a sparse attention model.' },
      { title: 'A Quiet Paper on Soil', abstract: 'Soil moisture measured by cheap sensors.', upvotes: 12 },
    ]);
    await createSubscriber(app.prisma, 'folding@example.org', ['protein folding']);
    await createSubscriber(app.prisma, 'weaving@example.org', ['underwater basket weaving']);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('skips the digest when nothing new matches and records why; the other reader gets theirs', async () => {
    const summary = await runSend(await app.deliveryDeps(), { mode: 'now' });
    expect(summary).toMatchObject({ sent: 1, skipped: 1, failed: 0 });
    const skipped = await app.prisma.delivery.findFirstOrThrow({ where: { subscriber: { email: 'weaving@example.org' } } });
    expect(skipped.status).toBe('skipped');
    expect(skipped.skipReason).toMatch(/nothing new/);
    expect(await storedPapers(app.prisma, skipped.id)).toEqual([]);

    const sent = await app.prisma.delivery.findFirstOrThrow({ where: { subscriber: { email: 'folding@example.org' } } });
    expect(sent.status).toBe('sent');
    const papers = await storedPapers(app.prisma, sent.id);
    expect(papers[0]!.reasons).toEqual([{ topic: 'protein folding', words: ['Protein Folding'] }]);
    // The soil paper is outside the reader's topic and has upvotes: it is the trending section.
    expect(papers.filter((paper) => paper.trending)).toHaveLength(1);

    // The next day nothing new has appeared: both are skipped, nothing is sent twice.
    const next = await runSend(await app.deliveryDeps(), { mode: 'now' });
    expect(next.sent).toBe(0);
  });
});
