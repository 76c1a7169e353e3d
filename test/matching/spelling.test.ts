// British and American spellings are one word to a reader: "Bayesian optimisation" finds papers on
// Bayesian optimization, "modeling" finds a paper on "modelling", and "language modelling" is the
// catalogue's "language modeling", on both backends.
import { describe, expect, it } from 'vitest';
import { defaultTopicCatalogue } from '../../src/matching/index.js';
import { spellingVariants } from '../../src/matching/spelling.js';
import { BACKENDS } from '../../testkit/database.js';
import { fixtureCorpus, type FixturePaper } from './corpus.js';

const BAYESIAN = 'Bayesian Optimization of Hyperparameters';
const MODELLING = 'Language Modelling of Chemical Reactions';
const BEHAVIOUR = 'Behaviour Cloning from Few Demonstrations';

const PAPERS: FixturePaper[] = [
  { title: BAYESIAN, abstract: 'We tune hyperparameters by Bayesian optimization with a Gaussian process surrogate.' },
  { title: MODELLING, abstract: 'Sequence modelling of reactions: a language model predicts the products.' },
  { title: BEHAVIOUR, abstract: 'A robot learns by behaviour cloning from five demonstrations.' },
  { title: 'Protein Folding with Sparse Attention', abstract: 'We predict protein folding pathways with a sparse attention model.' },
  { title: 'Composing Jazz Harmonies', abstract: 'A symbolic model writes jazz chord progressions.' },
  { title: 'Rocks of the Deep Sea Floor', abstract: 'Sediment cores reveal the history of the ocean crust.' },
  { title: 'A Quiet Paper on Soil', abstract: 'Soil moisture measured by cheap sensors.' },
  { title: 'Neural Radiance Fields in the Wild', abstract: 'We reconstruct scenes from photo collections with varying light.' },
];

describe('spelling variants', () => {
  it('rewrites a topic into the other spelling, word by word, and leaves words without one alone', () => {
    expect(spellingVariants('Bayesian optimisation')).toEqual(['Bayesian optimization']);
    expect(spellingVariants('tokenization')).toEqual(['tokenisation']);
    expect(spellingVariants('labeled data')).toEqual(['labelled data']);
    expect(spellingVariants('nearest neighbour search')).toEqual(['nearest neighbor search']);
    expect(spellingVariants('analysing behavioural data')).toEqual(['analyzing behavioral data']);
    expect(spellingVariants('grey-box centre')).toEqual(['gray-box center']);
    // No other spelling: "size" and "rise" are too short to be -ise verbs; pairwise, denoising,
    // supervised and promise have no -ize form; acronyms stay as written.
    for (const text of ['size', 'rise', 'pairwise ranking', 'denoising diffusion', 'self-supervised learning', 'promise', 'RLHF', 'program synthesis', 'constructor', 'toString']) {
      expect(spellingVariants(text)).toEqual([]);
    }
  });

  it('resolves a catalogue alias written in the other spelling to its topic', () => {
    expect(defaultTopicCatalogue().slugsOf('language modelling')).toEqual(defaultTopicCatalogue().slugsOf('language modeling'));
    expect(defaultTopicCatalogue().slugsOf('language modelling')).toEqual(['llms']);
  });
});

describe.each(BACKENDS)('either spelling on %s', (backend) => {
  const { titles } = fixtureCorpus(backend, PAPERS);

  it('finds a paper in American spelling for a topic in British spelling, and the other way round', async () => {
    expect(await titles('Bayesian optimisation')).toEqual([BAYESIAN]);
    expect(await titles('chemical reaction modeling')).toEqual([MODELLING]);
    expect(await titles('behavior cloning')).toEqual([BEHAVIOUR]);
  });
});
