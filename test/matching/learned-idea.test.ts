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

  it('keeps those papers for a topic on that idea alone', async () => {
    const titles = (await papers('LLMs', 50)).map((paper) => paper.title);
    for (const title of LLM_ONLY) expect(titles).toContainEqual(expect.stringMatching(title));
  });
});
