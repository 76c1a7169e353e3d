// The pure parts of matching: how topics become concepts, how evidence becomes relevance, how
// reasons quote the paper, and what counts as a near-duplicate.
import { describe, expect, it } from 'vitest';
import { defaultVocabulary } from '../../src/matching/catalogue.js';
import { catalogueQuery, comparableKey, freeTextQuery, variantsOf } from '../../src/matching/concepts.js';
import { isNearDuplicate } from '../../src/matching/duplicates.js';
import { InterestResolver } from '../../src/matching/interests.js';
import { combinedRelevance } from '../../src/matching/pool.js';
import { describeMatch } from '../../src/matching/reasons.js';
import { conceptEvidence } from '../../src/matching/relevance.js';
import type { PaperSignals } from '../../src/matching/signals.js';
import { unitsOf } from '../../src/matching/words.js';

const vocabulary = defaultVocabulary();
const zero = { titlePhrase: 0, abstractPhrase: 0, titleNear: 0, abstractNear: 0, titleUnless: 0, abstractUnless: 0 };

describe('concepts', () => {
  it('expands acronyms and their expansions both ways, with acronym plurals', () => {
    expect(variantsOf('LLM', vocabulary.synonyms)).toEqual(expect.arrayContaining(['LLM', 'large language model', 'LLMs']));
    expect(variantsOf('large language models', vocabulary.synonyms)).toEqual(expect.arrayContaining(['large language models', 'LLM', 'LLMs']));
    expect(variantsOf('efficient LLM inference', vocabulary.synonyms)).toContain('efficient large language model inference');
    expect(variantsOf('neural architecture search', vocabulary.synonyms)).toEqual(expect.arrayContaining(['NAS', 'architecture search']));
    expect(variantsOf('neural architecture search', vocabulary.synonyms)).not.toContain('neural NAS');
  });

  it('writes hyphenated phrases so that both spellings match', () => {
    expect(variantsOf('vision-language model', [])).toEqual(['vision language model']);
  });

  it('builds a catalogue topic from its curated phrases, related ones weighing less', () => {
    const query = catalogueQuery(vocabulary.topics.find((t) => t.slug === 'reinforcement-learning')!, vocabulary);
    expect(query.key).toBe('catalogue:reinforcement-learning');
    const policy = query.concepts.find((c) => c.label === 'policy gradient')!;
    const reward = query.concepts.find((c) => c.label === 'reward')!;
    expect(policy.weight).toBeGreaterThan(reward.weight);
  });

  it('resolves catalogue names, slugs and aliases ignoring case, hyphens and plurals; anything else is free text', () => {
    const resolver = new InterestResolver(vocabulary);
    expect(resolver.resolve('LLMs').key).toBe('catalogue:llms');
    expect(resolver.resolve('vision transformer').label).toBe('Vision transformers');
    expect(resolver.resolve('3d-vision').key).toBe('catalogue:3d-vision');
    const free = resolver.resolve('protein folding, molecular dynamics');
    expect(free.key).toBe('text:protein folding molecular dynamic');
    expect(free.concepts.map((c) => c.label)).toEqual(['protein folding', 'molecular dynamics']);
    expect(freeTextQuery('GANs', vocabulary).concepts[0]!.variants).toEqual(expect.arrayContaining(['GANs', 'generative adversarial network']));
  });

  it('splits free text into known terms and words for the rarity fallback', () => {
    expect(unitsOf('efficient large language model inference', vocabulary.synonyms)).toEqual(['efficient', 'large language model', 'inference']);
    expect(comparableKey('Vision-Language Models')).toBe('vision language model');
  });
});

describe('relevance', () => {
  it('values a phrase in the title above the same phrase in the abstract, and both above scattered words', () => {
    const title = conceptEvidence({ ...zero, titlePhrase: 1, titleNear: 1 });
    const abstract = conceptEvidence({ ...zero, abstractPhrase: 1, abstractNear: 1 });
    const scattered = conceptEvidence({ ...zero, abstractNear: 0.2 });
    expect(title).toBeGreaterThan(abstract);
    expect(abstract).toBeGreaterThan(scattered);
    // Repetition helps, with diminishing returns.
    expect(conceptEvidence({ ...zero, abstractPhrase: 3, abstractNear: 3 })).toBeLessThan(title);
  });

  it('does not count occurrences that are part of an "unless" phrase', () => {
    expect(conceptEvidence({ ...zero, titlePhrase: 1, titleNear: 1, titleUnless: 1 })).toBe(0);
  });

  it('combines topics: the best topic counts, others add a little', () => {
    expect(combinedRelevance([0.2, 0.6]).topic).toBe(1);
    expect(combinedRelevance([0.2, 0.6]).relevance).toBeGreaterThan(0.6);
    expect(combinedRelevance([0.2, 0.6]).relevance).toBeLessThan(0.8);
  });
});

describe('reasons', () => {
  const query = freeTextQuery('LLM', vocabulary);
  it('quotes the paper, title first', () => {
    const reason = describeMatch('LLM', query.concepts, [0], { title: 'Prompting LLMs for Arithmetic', abstract: 'Large language models are prompted.' });
    expect(reason).toEqual({ topic: 'LLM', words: ['LLMs'] });
  });
  it('falls back on the concept when the paper cannot be quoted', () => {
    expect(describeMatch('LLM', query.concepts, [0], { title: 'x', abstract: 'y' }).words).toEqual(['LLM']);
  });
});

describe('near-duplicates', () => {
  const paper = (id: number, title: string, fingerprint: string, arxivId: string | null = null): PaperSignals => ({
    id,
    title,
    arxivId,
    fingerprint,
    upvotes: 0,
    pageCount: 1,
    publishedAt: null,
    firstSeenAt: new Date(),
    firstListedAt: null,
    lastListedAt: null,
  });
  it('are the same abstract, the same arXiv id, or nearly the same title', () => {
    expect(isNearDuplicate(paper(1, 'A', 'f'), paper(2, 'B', 'f'))).toBe(true);
    expect(isNearDuplicate(paper(1, 'A', 'f', '1'), paper(2, 'B', 'g', '1'))).toBe(true);
    expect(isNearDuplicate(paper(1, 'Masked Autoencoders Are Scalable Vision Learners', 'f'), paper(2, 'Masked autoencoders are scalable vision learners!', 'g'))).toBe(true);
    expect(isNearDuplicate(paper(1, 'Masked Autoencoders Are Scalable Vision Learners', 'f'), paper(2, 'Masked Autoencoders for Audio', 'g'))).toBe(false);
  });
});
