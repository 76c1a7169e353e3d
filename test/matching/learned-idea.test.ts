// A word learned by pseudo-relevance feedback (expansion.ts) that is mostly written beside one of the
// reader's words is that word's idea, not a second one (relevance.ts: learnedTermWords). On the
// sample corpus, which holds no paper on LLM agents, "LLM agents" learned "align" from the papers on
// large language models its plain ranking put first, and those papers passed the evidence rule as
// two ideas, "LLM" and "align": a text-to-speech paper, "Linguistic Collapse", a Verilog circuit
// paper, each "matched: LLM agents". A topic on LLMs alone keeps them.
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/matching/index.js';
import { NOW, sampleCorpus } from './corpus.js';

const LLM_ONLY = [/^GOAT-TTS/, /^Linguistic Collapse/, /^Circuit Representation Learning/];

describe('a learned word that is another word of the reader’s idea', { timeout: 120_000 }, () => {
  const corpus = sampleCorpus();

  const papers = async (topic: string, limit = 10) => {
    const pick = await createMatcher(corpus.db.prisma, { now: NOW }).rank([topic], limit);
    const found = await corpus.db.prisma.paper.findMany({ where: { id: { in: pick.papers.map((paper) => paper.paperId) } }, select: { id: true, title: true, abstract: true } });
    return pick.papers.map((paper) => found.find((p) => p.id === paper.paperId)!);
  };

  it('does not pad a two-idea topic with papers on one of its ideas', async () => {
    const listed = await papers('LLM agents');
    for (const title of LLM_ONLY) expect(listed.map((paper) => paper.title)).not.toContainEqual(expect.stringMatching(title));
    // What is left says "agent".
    for (const paper of listed) expect(`${paper.title} ${paper.abstract}`).toMatch(/agent/i);
    // And its reason says that only "agent" matched, not the topic whole.
    const pick = await createMatcher(corpus.db.prisma, { now: NOW }).rank(['LLM agents'], 10);
    for (const paper of pick.papers) expect(paper.reasons).toEqual([{ topic: 'LLM agents', words: [expect.stringMatching(/^agents?$/i)], partial: true }]);
  });

  // A description of a subject the sample corpus lacks (round 22): no paper has its rarer words, and
  // the papers with its commoner ones ("video", "error", "correct") are not on it.
  it('sends nothing but the papers with its rarer words to a description of a subject the window lacks', async () => {
    expect(await papers('quantum error correction for superconducting qubits')).toEqual([]);
    for (const paper of await papers('robots learning to grasp from videos')) expect(`${paper.title} ${paper.abstract}`).toMatch(/grasp/i);
  });

  // A known term of the synonym table inside the reader's words is one name, not three words of a
  // description (round 32): "graph neural networks for molecules" names two ideas, and the sample
  // corpus has no paper on molecules, so no paper is on it. As a four-word description it brought
  // nine papers on graphs, one on "Graph-of-Thought" reasoning, and its outlook said "9 papers".
  it('takes a known term in the reader’s words for one idea: a name with a word no paper has brings nothing', async () => {
    expect(await papers('graph neural networks for molecules')).toEqual([]);
    expect((await papers('graph neural networks')).length).toBeGreaterThan(0);
  });

  // A paper that says a known term inside the reader's words ("diffusion models") and another of
  // their words, but not the whole of them, is in on part of the topic, and its reason says so.
  it('says "only" of a paper that has a known term of the topic but not the whole of it', async () => {
    const pick = await createMatcher(corpus.db.prisma, { now: NOW }).rank(['diffusion models for video editing'], 10);
    expect(pick.papers.length).toBeGreaterThan(0);
    const found = await corpus.db.prisma.paper.findMany({ where: { id: { in: pick.papers.map((paper) => paper.paperId) } }, select: { id: true, title: true, abstract: true } });
    for (const paper of pick.papers) {
      const text = found.find((p) => p.id === paper.paperId)!;
      // No sample paper says both "video" and "editing"; each one's reason names what it does say.
      expect(/video/i.test(`${text.title} ${text.abstract}`) && /edit/i.test(`${text.title} ${text.abstract}`)).toBe(false);
      expect(paper.reasons[0]).toMatchObject({ topic: 'diffusion models for video editing', partial: true });
    }
  });

  it('keeps those papers for a topic on that idea alone', async () => {
    const titles = (await papers('LLMs', 50)).map((paper) => paper.title);
    for (const title of LLM_ONLY) expect(titles).toContainEqual(expect.stringMatching(title));
  });
});
