// A topic that finds nothing names the words of it no paper uses, so the reader knows what to change
// ("misinformation" of "misinformation detection", on papers that say "fake news").
import { describe, expect, it } from 'vitest';
import { previewFor } from '../../src/matching/index.js';
import { unusedWords } from '../../src/matching/unused-words.js';
import { newWindowSince } from '../../src/matching/weights.js';
import { BACKENDS } from '../../testkit/database.js';
import { fixtureCorpus, NOW, UNRELATED_PAPERS, type FixturePaper } from './corpus.js';

const PAPERS: FixturePaper[] = [
  ...UNRELATED_PAPERS,
  { title: 'Detecting Fake News with Discourse Trees', abstract: 'We detect fake news articles from the structure of their discourse.' },
  { title: 'Hyperbolic Embeddings of Trees', abstract: 'Trees embed in hyperbolic space with low distortion.', firstSeenDaysAgo: 30 },
];

describe.each(BACKENDS)('words no paper uses, on %s', (backend) => {
  const corpus = fixtureCorpus(backend, PAPERS);
  const since = newWindowSince(NOW);

  it('names the words of a topic that no paper of the window uses, as typed, each once', async () => {
    expect(await unusedWords(corpus.fx.prisma, 'Misinformation detection', since)).toEqual(['Misinformation']);
    // Looked up as the papers' vectors hold them: "detections" is the "detect" of the fake-news paper.
    expect(await unusedWords(corpus.fx.prisma, 'misinformation detections, misinformation', since)).toEqual(['misinformation']);
    expect(await unusedWords(corpus.fx.prisma, 'underwater basket-weaving', since)).toEqual(['underwater', 'basket-weaving']);
    // A word with letters beyond ASCII is one word, not two pieces of one.
    expect(await unusedWords(corpus.fx.prisma, 'Schrödinger bridges for soil', since)).toEqual(['Schrödinger', 'bridges']);
  });

  it('never names a stop word, nor a word every paper of it uses', async () => {
    expect(await unusedWords(corpus.fx.prisma, 'how to detect fake news', since)).toEqual([]);
    expect(await unusedWords(corpus.fx.prisma, 'the of and', since)).toEqual([]);
  });

  it('counts only the papers of the window: a word of an older paper is unused', async () => {
    expect(await unusedWords(corpus.fx.prisma, 'hyperbolic trees', since)).toEqual(['hyperbolic']);
    expect(await unusedWords(corpus.fx.prisma, 'hyperbolic trees', newWindowSince(NOW, 60))).toEqual([]);
  });

  it('a preview that finds nothing says them for topics in the reader’s words, not for catalogue topics', async () => {
    const own = await previewFor(corpus.fx.prisma, { topics: ['misinformation detection'] }, { now: NOW });
    expect(own.papers).toEqual([]);
    expect(own.unused).toEqual([{ topic: 'misinformation detection', words: ['misinformation'] }]);
    // A catalogue topic's name is not what is searched (its phrases are): nothing to name.
    const catalogue = await previewFor(corpus.fx.prisma, { topics: ['Speech and audio'] }, { now: NOW });
    expect(catalogue.papers).toEqual([]);
    expect(catalogue.unused).toEqual([]);
    // A topic that finds papers names nothing.
    expect((await previewFor(corpus.fx.prisma, { topics: ['fake news detection'] }, { now: NOW })).unused).toEqual([]);
  });
});
