// A reader's "more like this" on a paper whose subject the window lacks: the reader model used to
// take closeness relative to the window's closest paper, so when nothing was close, the least far
// came in anyway. One mark on a reinforcement-learning paper, with no other such paper left,
// filled a digest with implicit video representations and image personalisation, "both on upper
// bound, baselines, effectiveness". The sample corpus (seeds/), real PostgreSQL.
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/matching/index.js';
import { addLikedPapers } from '../../src/subscriptions/feedback.js';
import { createSubscriber, NOW, sampleCorpus } from './corpus.js';

const MARKED = 'Adaptive Regularization of Representation Rank as an Implicit Constraint of Bellman Equation';

describe('a favourite with nothing close to it in the window', () => {
  const corpus = sampleCorpus();

  it('brings no paper that merely shares some of its words', async () => {
    const { prisma } = corpus.db;
    const paper = await prisma.paper.findFirstOrThrow({ where: { title: MARKED } });
    const reader = await createSubscriber(prisma, 'rl@example.org', []);
    await addLikedPapers(prisma, reader.id, [{ paperId: paper.id, arxivId: paper.arxivId, title: paper.title, abstract: paper.abstract }], { source: 'system', now: NOW });
    const pick = await createMatcher(prisma, { now: NOW }).pick({ subscriberId: reader.id, topics: [], limit: 10 });
    const titles = await prisma.paper.findMany({ where: { id: { in: pick.papers.map((p) => p.paperId) } }, select: { title: true } });
    // No other paper of the sample is on reinforcement learning's value networks: an empty digest,
    // which is never sent, rather than ten papers on other subjects.
    expect(titles.map((t) => t.title)).toEqual([]);
  });
});
