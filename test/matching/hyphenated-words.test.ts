// A hyphenated word of the reader's is one word, and also its parts, as PostgreSQL indexes it: a
// paper that writes the idea apart ("invariant to … transformations" for "transformation-invariant")
// is found, as plain BM25 on the reader's words would find it, while a paper with one part of it
// is not. Prefixes and words with a stop word inside are not taken apart.
import { describe, expect, it } from 'vitest';
import { defaultVocabulary } from '../../src/matching/index.js';
import { freeTextQuery } from '../../src/matching/concepts.js';
import { BACKENDS } from '../../testkit/database.js';
import { fixtureCorpus, UNRELATED_PAPERS, type FixturePaper } from './corpus.js';

const WHOLE = 'Transformation-Invariant Contrastive Learning';
const APART = 'Representations Invariant to Geometric Transformations';
const ONE_PART = 'Transformations of Tabular Data Pipelines';

// Subjects far from the tests' words, so that a word in three papers is still a telling one.
const FILLER = ['sea ice', 'bird song', 'coffee yields', 'glacier melt', 'traffic lights', 'river floods', 'honey bees', 'wind farms', 'coral reefs', 'city noise', 'wheat rust', 'solar flares', 'cave paintings', 'desert dunes', 'tidal power', 'volcanic ash'];

const PAPERS: FixturePaper[] = [
  { title: WHOLE, abstract: 'We learn transformation-invariant representations of images with a contrastive loss.' },
  { title: APART, abstract: 'Our representations stay invariant to rotations, crops and other transformations of the input.' },
  { title: ONE_PART, abstract: 'We study transformations of tabular data pipelines in warehouses.' },
  ...FILLER.map((subject) => ({ title: `Measuring ${subject}`, abstract: `A field study of ${subject} over ten years.` })),
  ...UNRELATED_PAPERS,
];

describe('a hyphenated word, taken apart', () => {
  const parts = (text: string) => freeTextQuery(text, defaultVocabulary()).concepts.filter((concept) => concept.role === 'part').map((concept) => concept.label);

  it('gives its parts beside the whole word, the whole word staying one word of the reader', () => {
    const words = freeTextQuery('channel-wise attention', defaultVocabulary()).concepts.filter((concept) => concept.role === 'word').map((concept) => concept.label);
    expect(words).toEqual(['channel-wise', 'attention']);
    expect(parts('channel-wise attention')).toEqual(['channel', 'wise']);
  });

  it('leaves out a prefix, and takes no word with a stop word inside apart', () => {
    // "self" is no idea a paper on self-attention shares with "self-supervised".
    expect(parts('self-supervised learning')).toEqual(['supervised']);
    // "few" is a stop word: "shot" apart would be any zero-shot or one-shot paper.
    expect(parts('few-shot learning')).toEqual([]);
    expect(parts('text-to-image generation')).toEqual([]);
  });

  it('keeps a word the reader also typed as their word, not as a part', () => {
    const concepts = freeTextQuery('channel-wise channel attention', defaultVocabulary()).concepts;
    expect(concepts.filter((concept) => concept.label === 'channel').map((concept) => concept.role)).toEqual(['word']);
  });
});

describe.each(BACKENDS)('hyphenated words on %s', (backend) => {
  const corpus = fixtureCorpus(backend, PAPERS);

  it('finds the idea written apart after the papers that write the word, and not a paper with one part', async () => {
    const titles = await corpus.titles('transformation-invariant');
    expect(titles[0]).toBe(WHOLE);
    expect(titles).toContain(APART);
    expect(titles).not.toContain(ONE_PART);
  });
});
