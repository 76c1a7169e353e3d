// A word learned by pseudo-relevance feedback (expansion.ts) that is mostly written beside one of the
// reader's words is that word's idea, not a second one (relevance.ts: learnedTermWords). On the
// sample corpus, which holds no paper on LLM agents, "LLM agents" learned "align" from the papers on
// large language models its plain ranking put first, and those papers passed the evidence rule as
// two ideas, "LLM" and "align": a text-to-speech paper, "Linguistic Collapse", a Verilog circuit
// paper, each "matched: LLM agents". A topic on LLMs alone keeps them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../src/db/index.js';
import { createMatcher, syncCatalogue } from '../../src/matching/index.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { ingestSeeds } from '../../testkit/seeds.js';

const NOW = new Date('2026-11-22T08:00:00Z');
const LLM_ONLY = [/^GOAT-TTS/, /^Linguistic Collapse/, /^Circuit Representation Learning/];

describe('a learned word that is another word of the reader’s idea', { timeout: 120_000 }, () => {
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

  const papers = async (topic: string, limit = 10) => {
    const pick = await createMatcher(db.prisma, { now: NOW }).rank([topic], limit);
    const found = await db.prisma.paper.findMany({ where: { id: { in: pick.papers.map((paper) => paper.paperId) } }, select: { id: true, title: true, abstract: true } });
    return pick.papers.map((paper) => found.find((p) => p.id === paper.paperId)!);
  };

  it('does not pad a two-idea topic with papers on one of its ideas', async () => {
    const listed = await papers('LLM agents');
    for (const title of LLM_ONLY) expect(listed.map((paper) => paper.title)).not.toContainEqual(expect.stringMatching(title));
    // What is left says "agent".
    for (const paper of listed) expect(`${paper.title} ${paper.abstract}`).toMatch(/agent/i);
    // And its reason says that only "agent" matched, not the topic whole.
    const pick = await createMatcher(db.prisma, { now: NOW }).rank(['LLM agents'], 10);
    for (const paper of pick.papers) expect(paper.reasons).toEqual([{ topic: 'LLM agents', words: [expect.stringMatching(/^agents?$/i)], partial: true }]);
  });

  it('keeps those papers for a topic on that idea alone', async () => {
    const titles = (await papers('LLMs', 50)).map((paper) => paper.title);
    for (const title of LLM_ONLY) expect(titles).toContainEqual(expect.stringMatching(title));
  });
});
