// A reader's own words that name a catalogue topic inside them ("learned video coding" holds "video
// coding", an alias of Video compression) borrow that topic's defining phrases as hints: on the
// sample corpus, the video-compression papers come first, where the reader's words alone put video
// domain-adaptation papers ("learned", "spatial", "temporal") above them. The reader's words stay
// the floor, and words that name no topic get nothing new.
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/matching/index.js';
import { NOW, sampleCorpus } from './corpus.js';


describe('a catalogue topic named inside a reader’s words', { timeout: 120_000 }, () => {
  const corpus = sampleCorpus();

  const titles = async (topic: string) => {
    const pick = await createMatcher(corpus.db.prisma, { now: NOW }).rank([topic], 10);
    const papers = await corpus.db.prisma.paper.findMany({ where: { id: { in: pick.papers.map((paper) => paper.paperId) } }, select: { id: true, title: true } });
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
