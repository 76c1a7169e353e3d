// Words of this field that PostgreSQL's English stemmer folds into everyday ones ("transformer" and
// "transformation" are both 'transform', "generalization" and "general" both 'general', and so on
// for normalization, regularization, objective, optimizer and tokenizer) stay apart,
// in the papers' vectors and in the readers' queries alike (search_text(), migration
// 20261206090000_field_words), on both backends.
import { describe, expect, it } from 'vitest';
import { searchTopic } from '../../src/matching/search.js';
import { BACKENDS } from '../../testkit/database.js';
import { fixtureCorpus, UNRELATED_PAPERS, type FixturePaper } from './corpus.js';

const LINEAR_TRANSFORMERS = 'Linear Transformers Are Fast Weight Programmers';
const LINEAR_TRANSFORMATION = 'Image Registration by a Linear Transformation';
const DOMAIN_GENERALIZATION = 'Domain Generalization by Mixing Styles';
const GENERAL_DOMAIN = 'A General Recipe for Domain Experts';
const NORMALIZATION = 'Layer Normalization Without Statistics';
const NORMAL_PRIORS = 'Normal Priors for Bayesian Layers';
const OBJECT_DETECTION = 'Object Detection in Aerial Images';
const TRAINING_OBJECTIVE = 'A Detection Objective for Anomalies';
const OPTIMIZERS = 'Adaptive Optimizers Compared';
const OPTIMIZATION = 'Convex Optimization of Portfolios';
const TOKENIZER = 'A Visual Tokenizer for Image Generation';
const TOKENS = 'Merging Similar Tokens to Save Compute';

const PAPERS: FixturePaper[] = [
  { title: LINEAR_TRANSFORMERS, abstract: 'Transformers with linear attention scale to long sequences; we relate them to fast weights.' },
  { title: LINEAR_TRANSFORMATION, abstract: 'We estimate the linear transformation that aligns two scans, and transform one onto the other.' },
  { title: DOMAIN_GENERALIZATION, abstract: 'Models that generalize to unseen domains: we mix the styles of training domains.' },
  { title: GENERAL_DOMAIN, abstract: 'In general, a domain expert labels data; we give a general recipe for doing it faster.' },
  { title: NORMALIZATION, abstract: 'We normalize activations per layer without batch statistics.' },
  { title: NORMAL_PRIORS, abstract: 'A normal prior on every layer makes the posterior tractable.' },
  { title: OBJECT_DETECTION, abstract: 'We detect small objects such as cars in aerial images.' },
  { title: TRAINING_OBJECTIVE, abstract: 'A new objective for anomaly detection: the training objective rewards separation.' },
  { title: OPTIMIZERS, abstract: 'We compare optimisers such as Adam and SGD with momentum on image classifiers.' },
  { title: OPTIMIZATION, abstract: 'An optimal allocation is found by convex optimization, and we optimize it further.' },
  { title: TOKENIZER, abstract: 'The tokenizer maps image patches to discrete codes for an autoregressive generator.' },
  { title: TOKENS, abstract: 'Similar tokens of a sequence are merged, so fewer tokens are processed.' },
  ...UNRELATED_PAPERS,
];

describe.each(BACKENDS)('field words on %s', (backend) => {
  const corpus = fixtureCorpus(backend, PAPERS);
  const titles = corpus.titles;

  it('keeps transformers apart from transformations', async () => {
    const found = await titles('linear transformers');
    expect(found[0]).toBe(LINEAR_TRANSFORMERS);
    expect(found).not.toContain(LINEAR_TRANSFORMATION);
    expect(await titles('image transformation')).not.toContain(LINEAR_TRANSFORMERS);
  });

  it('finds a term learned from the vectors as it stands there, not rewritten again', async () => {
    // Pseudo-relevance feedback learns lexemes from the stored vectors ('transformerz'); they are
    // searched as they are, where a second search_text() would make 'transformerzz' and find nothing.
    const concept = { label: 'transformerz', role: 'expansion' as const, weight: 0.3, variants: ['transformerz'], unless: [] };
    const rows = await searchTopic(corpus.fx.prisma, { label: 'learned', key: 'text:learned', concepts: [concept] }, new Date(0));
    expect(rows.map((row) => row.paperId)).toEqual([corpus.fx.ids.get(LINEAR_TRANSFORMERS)]);
  });

  it('keeps generalization (in every form) apart from "general"', async () => {
    const found = await titles('domain generalization');
    expect(found[0]).toBe(DOMAIN_GENERALIZATION);
    expect(found).not.toContain(GENERAL_DOMAIN);
    // "generalize" in the abstract is the same word as the topic's "generalization".
    expect(await titles('models that generalise')).toContain(DOMAIN_GENERALIZATION);
  });

  it('keeps normalization apart from "normal", and objectives apart from objects', async () => {
    const found = await titles('layer normalization');
    expect(found[0]).toBe(NORMALIZATION);
    expect(found).not.toContain(NORMAL_PRIORS);
    expect(await titles('object detection')).not.toContain(TRAINING_OBJECTIVE);
  });

  it('keeps optimizers (Adam, SGD) apart from optimization, and tokenizers apart from tokens', async () => {
    expect(await titles('optimizers')).toEqual([OPTIMIZERS]);
    expect(await titles('optimization')).not.toContain(OPTIMIZERS);
    expect(await titles('tokenizers')).toEqual([TOKENIZER]);
    expect(await titles('tokens')).not.toContain(TOKENIZER);
  });
});
