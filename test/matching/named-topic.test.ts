// A reader's own words that name a catalogue topic inside them ("learned video coding" holds "video
// coding", an alias of Video compression) borrow that topic's defining phrases as hints: on the
// sample corpus, the video-compression papers come first, where the reader's words alone put video
// domain-adaptation papers ("learned", "spatial", "temporal") above them. The reader's words stay
// the floor, and words that name no topic get nothing new.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../src/db/index.js';
import { createMatcher, syncCatalogue } from '../../src/matching/index.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { ingestSeeds } from '../../testkit/seeds.js';

const NOW = new Date('2026-11-22T08:00:00Z');

describe('a catalogue topic named inside a reader’s words', { timeout: 120_000 }, () => {
  let test: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    db = await openDatabase({ databaseUrl: test.url, dataDir: test.dataDir });
    await migrate(db);
    await syncCatalogue(db.prisma);
    await ingestSeeds(db, NOW);
  });
  afterAll(async () => {
    await db?.close();
    await test?.drop();
  });

  const titles = async (topic: string) => {
    const pick = await createMatcher(db.prisma, { now: NOW }).rank([topic], 10);
    const papers = await db.prisma.paper.findMany({ where: { id: { in: pick.papers.map((paper) => paper.paperId) } }, select: { id: true, title: true } });
    return pick.papers.map((paper) => papers.find((p) => p.id === paper.paperId)!.title);
  };

  it('ranks the papers on that subject first, in the words its papers use', async () => {
    const [first, second] = await titles('learned video coding');
    expect(first).toMatch(/video compression/i);
    expect(second).toMatch(/video compression/i);
  });

  it('takes nothing in for words that name no topic', async () => {
    expect(await titles('protein folding')).toEqual([]);
  });
});
