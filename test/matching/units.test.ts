// The pure parts of matching: how topics become concepts, how evidence becomes relevance, how
// reasons quote the paper, and what counts as a near-duplicate.
import { describe, expect, it } from 'vitest';
import { defaultVocabulary } from '../../src/matching/catalogue.js';
import { catalogueQuery, comparableKey, comparableWords, freeTextQuery, variantsOf } from '../../src/matching/concepts.js';
import { tokenize } from '../../src/matching/text-vectors.js';
import { isNearDuplicate } from '../../src/matching/duplicates.js';
import { InterestResolver } from '../../src/matching/interests.js';
import { buildPool, combinedRelevance, expandPool, rankTopic, storePool } from '../../src/matching/pool.js';
import { describeMatch, wordsBeyondTopic } from '../../src/matching/reasons.js';
import { isGenericWording } from '../../src/matching/generic-words.js';
import { conceptScore, idf } from '../../src/matching/bm25f.js';
import { acronymTokens, definitionsIn, learnedGroups, longFormBefore, otherSenses, phraseCandidates, titleSpelling } from '../../src/matching/acronyms.js';
import { belowCut, hasEvidence, learnedTermWords, scorePapers, topicMatches } from '../../src/matching/relevance.js';
import { joinOverlapping, ReaderModel } from '../../src/matching/reader-model.js';
import { dot, TextIndexBuilder, truncate } from '../../src/matching/text-vectors.js';
import type { ConceptEvidence } from '../../src/matching/search.js';
import type { PaperSignals } from '../../src/matching/signals.js';
import { unitsOf } from '../../src/matching/concepts.js';
import { bridgeUnseenWords, compoundIndex, partsOf } from '../../src/matching/word-parts.js';

const vocabulary = defaultVocabulary();
const shape = { documents: 1000, averageTitle: 8, averageAbstract: 80 };
const lengths = { title: 8, abstract: 80 };
const row = (paperId: number, concept: number, titlePhrase: number, abstractPhrase: number): ConceptEvidence => ({
  paperId, concept, titlePhrase, abstractPhrase, titleUnless: 0, abstractUnless: 0, titleLength: 8, abstractLength: 80,
});

describe('concepts', () => {
  it('expands acronyms and their expansions both ways, with acronym plurals', () => {
    expect(variantsOf('LLM', vocabulary.synonyms)).toEqual(expect.arrayContaining(['LLM', 'large language model', 'LLMs']));
    expect(variantsOf('large language models', vocabulary.synonyms)).toEqual(expect.arrayContaining(['large language models', 'LLM', 'LLMs']));
    expect(variantsOf('efficient LLM inference', vocabulary.synonyms)).toContain('efficient large language model inference');
    expect(variantsOf('neural architecture search', vocabulary.synonyms)).toEqual(expect.arrayContaining(['NAS', 'architecture search']));
    expect(variantsOf('neural architecture search', vocabulary.synonyms)).not.toContain('neural NAS');
  });

  it("knows the field's common abbreviations, each with one meaning", () => {
    expect(variantsOf('OT', vocabulary.synonyms)).toContain('optimal transport');
    expect(variantsOf('BNNs', vocabulary.synonyms)).toContain('binary neural network');
    expect(variantsOf('parameter-efficient fine-tuning', vocabulary.synonyms)).toEqual(expect.arrayContaining(['PEFT', 'PEFTs']));
    // …and the everyday short form "nets".
    expect(variantsOf('graph neural nets', vocabulary.synonyms)).toContain('graph neural network');
    // An abbreviation with two common meanings in the field (DA, SSL, CL) is left to the papers
    // that define it (acronyms.ts): listing it here would search both meanings.
    const owners = new Map<string, number>();
    for (const group of vocabulary.synonyms) for (const member of group) owners.set(member.toLowerCase(), (owners.get(member.toLowerCase()) ?? 0) + 1);
    expect([...owners].filter(([, count]) => count > 1)).toEqual([]);
    for (const ambiguous of ['da', 'ssl', 'cl', 'sr', 'dp']) expect(owners.has(ambiguous), ambiguous).toBe(false);
  });

  it("the reader model's words keep the field's two-letter terms: 3D, RL, AI", () => {
    // Three liked 3D-vision papers share little but "3D"; dropping it made their profile a
    // self-supervised-learning one (bench:feedback, 3d-vision: nDCG@10 0.00 → 0.79).
    expect(tokenize('3D object detection with RL agents, et al. in AI')).toEqual(['3d', 'object', 'detection', 'rl', 'agent', 'ai']);
    // "… is all you need" makes no two titles alike: a reader who liked one was sent the others "both on you".
    expect(tokenize('Message Passing Is All You Need')).toEqual(['message', 'pass']);
  });

  it('discounts a word only inside a boilerplate phrase of two words or more, never the word alone', () => {
    const stop = new Set(['our', 'at', 'is', 'are', 'the', 'will', 'be', 'and', 'can', 'has', 'been', 'we']);
    for (const phrase of vocabulary.boilerplate) expect(comparableWords(phrase).filter((word) => !stop.has(word)).length, phrase).toBeGreaterThanOrEqual(2);
    const code = freeTextQuery('code generation', vocabulary).concepts.find((concept) => concept.label === 'code')!;
    expect(code.unless).toContain('code is available');
    expect(freeTextQuery('image generation', vocabulary).concepts.find((concept) => concept.label === 'image')!.unless).toEqual([]);
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
    expect(free.concepts.filter((c) => c.role === 'phrase').map((c) => c.label)).toEqual(['protein folding', 'molecular dynamics']);
    expect(free.concepts.filter((c) => c.role === 'word').map((c) => c.label)).toEqual(['protein', 'folding', 'molecular', 'dynamics']);
    expect(freeTextQuery('GANs', vocabulary).concepts[0]!.variants).toEqual(expect.arrayContaining(['GANs', 'generative adversarial network']));
  });

  it('splits free text into known terms and words', () => {
    expect(unitsOf('efficient large language model inference', vocabulary.synonyms)).toEqual(['efficient', 'large language model', 'inference']);
    expect(comparableKey('Vision-Language Models')).toBe('vision language model');
  });
});

describe('relevance', () => {
  it('scores a term with BM25F: title above abstract, rare above common, repetition saturating', () => {
    const inTitle = conceptScore({ title: 1, abstract: 0 }, lengths, 10, shape);
    const inAbstract = conceptScore({ title: 0, abstract: 1 }, lengths, 10, shape);
    expect(inTitle).toBeGreaterThan(inAbstract);
    expect(conceptScore({ title: 0, abstract: 1 }, lengths, 500, shape)).toBeLessThan(inAbstract);
    const twice = conceptScore({ title: 0, abstract: 2 }, lengths, 10, shape);
    expect(twice).toBeGreaterThan(inAbstract);
    expect(conceptScore({ title: 0, abstract: 20 }, lengths, 10, shape)).toBeLessThan(idf(10, 1000) * 2.2);
    // A longer abstract dilutes one mention.
    expect(conceptScore({ title: 0, abstract: 1 }, { title: 8, abstract: 200 }, 10, shape)).toBeLessThan(inAbstract);
  });

  it('does not count occurrences that are part of an "unless" phrase', () => {
    const query = freeTextQuery('protein folding', vocabulary);
    const rows = [{ ...row(1, 0, 1, 0), titleUnless: 1 }];
    expect(scorePapers(query.concepts, rows, shape)).toEqual([]);
  });

  it('never admits a paper on one word of a two-word topic, or on hints alone', () => {
    const query = freeTextQuery('protein folding', vocabulary);
    const index = (label: string) => query.concepts.findIndex((c) => c.label === label);
    const telling = () => true;
    expect(hasEvidence(query.concepts, [index('folding')], telling)).toBe(false);
    expect(hasEvidence(query.concepts, [index('protein'), index('folding')], telling)).toBe(true);
    expect(hasEvidence(query.concepts, [index('protein folding')], telling)).toBe(true);
    const rl = catalogueQuery(vocabulary.topics.find((t) => t.slug === 'reinforcement-learning')!, vocabulary);
    expect(hasEvidence(rl.concepts, [rl.concepts.findIndex((c) => c.label === 'exploration')], telling)).toBe(false);
  });

  it('counts one idea written two ways once: "LLM" and a learned "large language models" are no evidence for "LLM agents"', () => {
    const query = freeTextQuery('LLM agents', vocabulary);
    const learned = (label: string) => ({ label, role: 'expansion' as const, weight: 0.3, variants: [label], unless: [] });
    const concepts = [...query.concepts, learned('large language models'), learned('tool use')];
    const index = (label: string) => concepts.findIndex((c) => c.label === label);
    const telling = () => true;
    expect(hasEvidence(concepts, [index('LLM'), index('large language models')], telling)).toBe(false);
    // A learned term for another idea is a second line of evidence, as before.
    expect(hasEvidence(concepts, [index('LLM'), index('tool use')], telling)).toBe(true);
  });

  it('counts a learned term concentrated among the papers of one reader word as that word: "LLM" and a learned "align" are one idea', () => {
    const query = freeTextQuery('LLM agents', vocabulary);
    const learned = (label: string) => ({ label, role: 'expansion' as const, weight: 0.3, variants: [label], unless: [] });
    const concepts = [...query.concepts, learned('align'), learned('tool')];
    const index = (label: string) => concepts.findIndex((c) => c.label === label);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    // A window of 1,000 papers: "LLM" in 20; "align" in 26, 6 of them with "LLM" (11.5 times the
    // window's rate); "tool" in 100, 3 of them with "LLM" (1.5 times): a word of its own.
    const rows = [
      ...range(1, 20).map((id) => row(id, index('LLM'), 1, 1)),
      ...[...range(1, 6), ...range(100, 119)].map((id) => row(id, index('align'), 0, 1)),
      ...[...range(18, 20), ...range(200, 296)].map((id) => row(id, index('tool'), 0, 1)),
      row(500, index('agents'), 1, 1),
    ];
    const telling = () => true;
    const wordOf = learnedTermWords(concepts, rows, telling, shape.documents);
    expect([...wordOf]).toEqual([[index('align'), index('LLM')]]);
    expect(hasEvidence(concepts, [index('LLM'), index('align')], telling, undefined, wordOf)).toBe(false);
    expect(hasEvidence(concepts, [index('LLM'), index('tool')], telling, undefined, wordOf)).toBe(true);
    const admitted = scorePapers(concepts, rows, shape).map((paper) => paper.paperId);
    expect(admitted).not.toContain(1);
    expect(admitted).toEqual(expect.arrayContaining([18, 19, 20]));
  });

  it('ranks the paper on both ideas of a topic first and cuts what falls far below the best, unless it has all the telling words', () => {
    const query = freeTextQuery('protein folding', vocabulary);
    const [protein, folding, phrase] = ['protein', 'folding', 'protein folding'].map((label) => query.concepts.findIndex((c) => c.label === label));
    const weak = { ...row(2, protein!, 0, 1), abstractLength: 400 };
    const rows = [row(1, protein!, 1, 3), row(1, folding!, 1, 3), row(1, phrase!, 1, 2), weak, { ...weak, concept: folding! }, row(3, folding!, 1, 0)];
    const papers = scorePapers(query.concepts, rows, shape);
    // Paper 3 has one of the two ideas: a candidate because the subject is in the corpus (paper 1
    // has both), left to the cut-off. Where no paper has both, only a paper with the name's rarest
    // word is: never one with its commoner word ("Folded Tokens" in a window without proteins).
    expect(papers.map((p) => p.paperId).sort()).toEqual([1, 2, 3]);
    expect(scorePapers(query.concepts, [row(3, folding!, 1, 0)], shape)).toEqual([]);
    const ids = (rows: ReturnType<typeof row>[]) => scorePapers(query.concepts, rows, shape).map((p) => p.paperId).sort();
    expect(ids([row(3, folding!, 1, 0), row(5, folding!, 1, 0), row(4, protein!, 1, 0)])).toEqual([4]);
    // Equally rare, either word may be the subject: both are left to the cut-off.
    expect(ids([row(3, folding!, 1, 0), row(4, protein!, 1, 0)])).toEqual([3, 4]);
    const matches = topicMatches(papers, query.concepts);
    expect(matches.get(1)!.relevance).toBe(1);
    // Paper 2 has both words, weakly: plain BM25 would list it, so it stays, far below.
    expect(matches.get(2)?.relevance ?? 0).toBeLessThan(0.3);
    const lonely = { ...papers[1]!, paperId: 4, coverage: 0.5 };
    expect(topicMatches([papers[0]!, lonely], query.concepts).has(4)).toBe(false);
  });

  it('takes a fragment of a description whose word the window lacks only if it states the rarest word the window has', () => {
    const query = freeTextQuery('genome analysis with deep learning', vocabulary);
    const index = (label: string) => query.concepts.findIndex((c) => c.label === label);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    // A window of 1,000 papers: "analysis" in 30, once in each abstract; "deep" in 200 and
    // "learning" in 400 (common: looked up only beside other evidence, their counts given);
    // "genome" in none.
    const known = new Map([[index('deep'), 200], [index('learning'), 400]]);
    const mentions = range(1, 30).map((id) => row(id, index('analysis'), 0, 1));
    const ids = (rows: ConceptEvidence[]) => scorePapers(query.concepts, rows, shape, true, known).map((paper) => paper.paperId);
    expect(ids(mentions)).toEqual([]);
    // A paper with "analysis" in its title states it: a candidate, left to the cut-off.
    expect(ids([...mentions, row(40, index('analysis'), 1, 1)])).toEqual([40]);
    // With one genome paper in the window, a fragment needs "genome", its rarest word.
    expect(ids([...mentions, row(40, index('analysis'), 1, 1), row(41, index('genome'), 0, 1)])).toEqual([41]);
  });

  it('ends a topic at the first deep drop in its scores, once two papers are kept', () => {
    const query = freeTextQuery('neural collapse', vocabulary);
    const paper = (paperId: number, score: number) => ({ paperId, score, floor: score, coverage: 1, matched: [] });
    // Two papers about neural collapse, then papers that only say "collapse" (mode, codebook).
    const kept = topicMatches([paper(1, 10), paper(2, 9.5), paper(3, 2.8), paper(4, 2.6)], query.concepts);
    expect([...kept.keys()]).toEqual([1, 2]);
    // The drop after the first paper alone does not end the list: one paper is no distribution.
    expect([...topicMatches([paper(1, 10), paper(2, 4), paper(3, 3.5)], query.concepts).keys()]).toEqual([1, 2, 3]);
    // A gentle slope is kept down to the relative cut-off.
    expect([...topicMatches([10, 8, 6.5, 5, 4, 3.2, 2.6].map((score, i) => paper(i + 1, score)), query.concepts).keys()]).toHaveLength(7);
  });

  it('keeps, past the drop, a paper with every word the reader typed, not one with part of them', () => {
    const query = freeTextQuery('adversarial robustness', vocabulary);
    const [adversarial, robustness] = ['adversarial', 'robustness'].map((label) => query.concepts.findIndex((c) => c.label === label));
    const paper = (paperId: number, score: number, concepts: number[]) => ({ paperId, score, floor: score, coverage: 1, matched: concepts.map((concept) => ({ concept, score: 1 })) });
    const both = [adversarial!, robustness!];
    // Two papers with the exact phrase far ahead; then a GAN paper ("adversarial" alone) and a paper
    // on robustness to adversarial examples in other words, both below half the one before.
    const papers = [paper(1, 18, both), paper(2, 17, both), paper(3, 8, [adversarial!]), paper(4, 7.5, both), paper(5, 5, both), paper(6, 4, both)];
    // The last two are below the relative cut-off (30 % of 18): the drop lets nothing weaker in.
    expect([...topicMatches(papers, query.concepts).keys()]).toEqual([1, 2, 4]);
  });

  it('remembers what the cut-off left out, with its relevance, for readers whose marks point at it', () => {
    const query = freeTextQuery('neural collapse', vocabulary);
    const paper = (paperId: number, score: number) => ({ paperId, score, floor: score, coverage: 1, matched: [] });
    const papers = [paper(1, 10), paper(2, 9.5), paper(3, 2.8), paper(4, 2.6)];
    const below = belowCut(papers, topicMatches(papers, query.concepts));
    expect([...below.keys()]).toEqual([3, 4]);
    expect(below.get(3)).toBeCloseTo(0.28);
  });

  it('gives a paper like what the reader marked the relevance its topic gave it below the cut-off', () => {
    const builder = new TextIndexBuilder();
    const abstract = 'Neural collapse of last-layer features in classifiers trained past zero error.';
    builder.add([
      { id: 1, title: 'Neural Collapse in Deep Classifiers', abstract },
      { id: 2, title: 'Collapse of Class Means Under Weight Decay', abstract },
      { id: 3, title: 'Collapse of Class Means Under Label Smoothing', abstract },
      { id: 4, title: 'Policy Gradients for Board Games', abstract: 'Value methods for chess and go.' },
    ]);
    const model = new ReaderModel(builder.build());
    const feedback = { excluded: new Set([1]), examples: [{ paperId: 1, title: '', abstract: '', verdict: 'more' as const, source: 'marked' as const }] };
    const factors = new Map([1, 2, 3, 4].map((id) => [id, { freshness: 0, trending: 0 }]));
    // Papers 2 and 3 are as close to the marked paper; only paper 3 had evidence for the topic.
    const ranked = model.rerank([], feedback, { factors, belowCut: (id) => (id === 3 ? 0.25 : 0) });
    expect(ranked.map((entry) => entry.paperId)).toEqual([3, 2]);
    expect(ranked[0]!.relevance - ranked[1]!.relevance).toBeCloseTo(0.25);
  });

  it("scores a reader's profile against every paper over its strongest terms, and says what each paper shares with it", () => {
    const builder = new TextIndexBuilder();
    const texts = [
      ['Sparse Attention for Long Documents', 'Sparse attention lets transformers read long documents at linear cost.'],
      ['Linear Attention Revisited', 'Kernel feature maps give attention a linear cost in sequence length.'],
      ['Long-Context Retrieval for Documents', 'Retrieval over long documents with dense passage encoders.'],
      ['Policy Gradients for Board Games', 'Value methods for chess and go.'],
      ['Sparse Mixture of Experts', 'Sparse routing of tokens to experts in transformers.'],
    ];
    builder.add(texts.map(([title, abstract], i) => ({ id: i + 1, title: title!, abstract: abstract! })));
    const index = builder.build();
    const profile = index.vectorize('Sparse attention over long documents', 'Transformers that read long documents with sparse attention at linear cost.');
    for (const maxTerms of [3, 8, Infinity]) {
      const strongest = truncate(profile, maxTerms);
      const close = new Map<number, [number, number, number]>();
      index.closeness(profile, maxTerms).forEach((id, similarity, shared, largest) => close.set(id, [similarity, shared, largest]));
      const plain = new Map<number, number>();
      index.similarities(profile, maxTerms).forEach((id, similarity) => plain.set(id, similarity));
      for (let id = 1; id <= texts.length; id++) {
        const vector = index.vectorOf(id)!;
        const products = [...vector.terms].flatMap((term, i) => {
          const at = strongest.terms.indexOf(term);
          return at < 0 ? [] : [vector.weights[i]! * strongest.weights[at]!];
        });
        if (products.length === 0) {
          expect(close.has(id) || plain.has(id)).toBe(false);
          continue;
        }
        expect(close.get(id)![0]).toBeCloseTo(dot(vector, strongest), 12);
        expect(close.get(id)!.slice(1)).toEqual([products.length, Math.max(...products)]);
        expect(plain.get(id)).toBe(close.get(id)![0]);
      }
    }
    // Equal weights are cut by position: the strongest terms are the same set however often asked.
    const even = { terms: Int32Array.from([2, 5, 7, 9]), weights: Float32Array.from([0.5, 0.5, 0.5, 0.5]) };
    expect([...truncate(even, 2).terms]).toEqual([2, 5]);
  });

  it('does not take a known term of a two-idea topic as evidence on its own', () => {
    const query = freeTextQuery('large language models for code', vocabulary);
    const term = query.concepts.findIndex((c) => c.role === 'phrase' && c.label === 'large language models');
    const code = query.concepts.findIndex((c) => c.label === 'code');
    expect(term).toBeGreaterThanOrEqual(0);
    // "large", "language" and "model" are common words; "code" is the telling one.
    const telling = (index: number) => index === code;
    expect(hasEvidence(query.concepts, [term], telling)).toBe(false);
    expect(hasEvidence(query.concepts, [term, code], telling)).toBe(true);
  });

  it('ranks the paper on both ideas of a topic above papers with a phrase of one of them, however often they say it', () => {
    const query = freeTextQuery('knowledge distillation for quantized networks', vocabulary);
    const at = (label: string, role: string) => query.concepts.findIndex((c) => c.label === label && c.role === role);
    const [knowledge, distillation, quantized, networks] = ['knowledge', 'distillation', 'quantized', 'networks'].map((label) => at(label, 'word'));
    const phrase = at('knowledge distillation', 'phrase');
    expect(Math.min(knowledge!, distillation!, quantized!, networks!, phrase)).toBeGreaterThanOrEqual(0);
    // Paper 1 is on knowledge distillation alone, and says so in its title and four times after;
    // paper 2 distils quantized networks without the phrase.
    const rows = [row(1, knowledge!, 1, 4), row(1, distillation!, 1, 4), row(1, phrase, 1, 4), row(1, networks!, 0, 2), row(2, quantized!, 1, 3), row(2, distillation!, 1, 2), row(2, knowledge!, 0, 1), row(2, networks!, 1, 2)];
    expect(scorePapers(query.concepts, rows, shape).map((p) => p.paperId)).toEqual([2, 1]);
    // With both ideas, the phrase still counts in full: it comes first.
    const both = [...rows, row(3, knowledge!, 1, 3), row(3, distillation!, 1, 3), row(3, phrase, 1, 3), row(3, quantized!, 1, 2), row(3, networks!, 0, 1)];
    expect(scorePapers(query.concepts, both, shape).map((p) => p.paperId)).toEqual([3, 2, 1]);
  });

  it('takes a hyphenated word as one word: its parts count together, not each on its own', () => {
    const words = (text: string) => freeTextQuery(text, { ...vocabulary, synonyms: [] }).concepts.filter((c) => c.role === 'word').map((c) => c.variants);
    // …spaced or closed: "auto-encoders" finds "Masked Autoencoders".
    expect(words('multi-task learning')).toEqual([['multi task', 'multitask'], ['learning']]);
    expect(words('auto-encoders')).toEqual([['auto encoders', 'autoencoders']]);
    // A stop word inside ("in", "to") would vanish from a phrase search: searched as written.
    expect(words('in-context learning')).toEqual([['in-context'], ['learning']]);
    expect(words('text-to-image generation')).toEqual([['text-to-image'], ['generation']]);
  });

  it('looks up a word no paper uses through the forms the papers use: compound, camel-case parts, prefix', () => {
    // Lexemes as PostgreSQL's English configuration makes them, with their document frequencies.
    const frequency = new Map([['reward', 5], ['driven', 9], ['agent', 7], ['learn', 300], ['multi-task', 8], ['multi', 9], ['task', 40], ['gan', 12], ['style', 20], ['quadrat', 3], ['attent', 90], ['pre-train', 6], ['pretrain', 4]]);
    const stems: Record<string, string> = { 'reward-driven': 'reward-driven', reward: 'reward', driven: 'driven', agents: 'agent', 'multi-task': 'multi-task', multi: 'multi', task: 'task', learning: 'learn', multitask: 'multitask', StyleGAN: 'stylegan', Style: 'style', GAN: 'gan', subquadratic: 'subquadrat', quadratic: 'quadrat', attention: 'attent', pretraining: 'pretrain', models: 'model' };
    const lexicon = { frequency, lexemeOf: (word: string) => stems[word] };
    const words = (text: string) => freeTextQuery(text, { ...vocabulary, synonyms: [] }).concepts.filter((c) => c.role === 'word');
    const bridge = (text: string) => bridgeUnseenWords(words(text), lexicon, compoundIndex(frequency)).map((c) => c.variants);
    expect(partsOf('StyleGAN')[0]).toEqual(['Style', 'GAN']);
    expect(partsOf('subquadratic')).toContainEqual(['quadratic']);
    expect(bridge('multitask models')).toEqual([['multitask', 'multi-task'], ['models']]);
    expect(bridge('StyleGAN')).toEqual([['Style'], ['GAN']]);
    expect(bridge('subquadratic attention')).toEqual([['quadratic'], ['attention']]);
    // A hyphenated word no paper writes is its parts, as the reader would write them apart.
    expect(bridge('reward-driven agents')).toEqual([['reward'], ['driven'], ['agents']]);
    expect(bridge('multi-task learning')).toEqual([['multi task', 'multitask'], ['learning']]);
    // A word the papers write both ways matches both; a word they use is otherwise left alone.
    expect(bridge('pretraining')).toEqual([['pretraining', 'pre-train']]);
    expect(bridge('attention')).toEqual([['attention']]);
  });

  it('learns acronyms from their definitions in papers (Schwartz & Hearst)', () => {
    expect(longFormBefore('recently, selective state space models', 'SSM')).toBe('state space models');
    expect(longFormBefore('Neural-based multi-task learning', 'MTL')).toBe('multi-task learning');
    expect(longFormBefore('we study the loss of', 'XYZ')).toBeUndefined();
    const texts = ['Neural collapse (NC) is a phenomenon', 'graph neural networks (GNNs) are', 'sound source localization (SSL) has', 'self-supervised learning (SSL) methods'];
    const groups = learnedGroups(definitionsIn(texts, acronymTokens('NC, SSL'), phraseCandidates('graph neural networks')), acronymTokens('NC, SSL'), phraseCandidates('graph neural networks'));
    expect(groups).toEqual(expect.arrayContaining([['neural collapse', 'NC'], ['graph neural networks', 'GNN'], ['self-supervised learning', 'SSL'], ['sound source localization', 'SSL']]));
  });

  it('reads an acronym the glossary gives one meaning in the papers that mean something else by it as no evidence', () => {
    // "OCR" brought "Segmentation Transformer: Object-Contextual Representations …" ("HRNet + OCR")
    // first; "CoT" a paper on the "Composition Transformer (CoT)".
    expect(titleSpelling('Segmentation Transformer: Object-Contextual Representations for Semantic Segmentation', 'ocr')).toEqual([{ acronym: 'OCR', form: 'object contextual representations' }]);
    expect(titleSpelling('Reading Text in the Wild', 'ocr')).toEqual([]);
    const glossary = [['optical character recognition', 'OCR'], ['chain-of-thought', 'chain of thought', 'CoT']];
    const mined = {
      groups: [['composition transformer', 'CoT'], ['chain of thought', 'CoT']],
      papers: [
        { paperId: 1, text: 'Object-Contextual Representations … HRNet + OCR', definitions: [{ acronym: 'OCR', form: 'object contextual representations' }] },
        { paperId: 2, text: 'a Composition Transformer (CoT) for zero-shot learning', definitions: [{ acronym: 'CoT', form: 'composition transformer' }] },
        { paperId: 3, text: 'chain-of-thought (CoT) prompting', definitions: [{ acronym: 'CoT', form: 'chain of thought' }] },
        // Another sense, but the paper also writes the meant one: its evidence stands.
        { paperId: 4, text: 'Open Clip Retrieval (OCR) … optical character recognition', definitions: [{ acronym: 'OCR', form: 'open clip retrieval' }] },
      ],
    };
    const { groups, misread } = otherSenses(mined, glossary);
    expect(groups).toEqual([['chain of thought', 'CoT']]);
    expect(misread).toEqual(new Map([['ocr', new Set([1])], ['cot', new Set([2])]]));
    // An acronym the glossary lacks means what the window's papers mostly say it means.
    expect(otherSenses({ groups: [['neural collapse', 'NC']], papers: [{ paperId: 5, text: 'noise contrastive (NC)', definitions: [{ acronym: 'NC', form: 'noise contrastive' }] }] }, glossary).misread).toEqual(new Map([['nc', new Set([5])]]));
  });

  it('combines topics: the best topic counts, others add a little', () => {
    expect(combinedRelevance([0.2, 0.6]).topic).toBe(1);
    expect(combinedRelevance([0.2, 0.6]).relevance).toBeGreaterThan(0.6);
    expect(combinedRelevance([0.2, 0.6]).relevance).toBeLessThan(0.8);
  });

  it('a pool kept as arrays for the run gives back the same entries, in the same order', () => {
    const factors = new Map([
      [1, { freshness: 0.9, trending: 0.1 }],
      [2, { freshness: 0, trending: 0.7 }],
      [3, { freshness: 0.3, trending: 0 }],
    ]);
    const match = (relevance: number) => ({ relevance, score: relevance, concepts: [0], partial: false, apart: false });
    const topics = [rankTopic(new Map([[1, match(0.4)], [2, match(0.8)]]), factors), rankTopic(new Map([[3, match(0.6)], [1, match(0.1)], [4, match(0.5)]]), factors)];
    const pool = buildPool(topics, factors, 3);
    expect(pool.entries.map((entry) => entry.topic)).toContain(1);
    expect(expandPool(storePool(pool), factors)).toEqual(pool);
  });
});

describe('reasons', () => {
  const query = freeTextQuery('LLM', vocabulary);
  it('quotes the paper, title first', () => {
    const reason = describeMatch('LLM', query.concepts, [0], { title: 'Prompting LLMs for Arithmetic', abstract: 'Large language models are prompted.' });
    expect(reason).toEqual({ topic: 'LLM', words: ['LLMs'] });
  });
  it('names a phrase once, not its first word before it (title first, the phrase in the abstract)', () => {
    // A digest read "matched: graph neural networks (Graph, Graph neural networks)" (a catalogue
    // topic since round 27; the same holds for any reader's phrase).
    const snn = freeTextQuery('spiking neural networks', vocabulary);
    const all = snn.concepts.map((_, index) => index);
    const paper = { title: 'Power Law Spiking Transformer', abstract: 'We build on spiking neural networks and their neural dynamics.' };
    expect(describeMatch('spiking neural networks', snn.concepts, all, paper).words).toEqual(['spiking neural networks']);
    const diffusion = freeTextQuery('diffusion models', vocabulary);
    const reason = describeMatch('diffusion models', diffusion.concepts, [0, 2], { title: 'Protein Folding with Diffusion Priors', abstract: 'We present diffusion models over backbone frames.' });
    expect(reason.words).toEqual(['diffusion models']);
    // Words that are not inside one another all stay, in their order.
    expect(describeMatch('diffusion models', diffusion.concepts, [0, 1], { title: 'Diffusion for Proteins', abstract: 'Generative models of backbones.' }).words).toEqual(['Diffusion', 'models']);
  });
  it('falls back on the concept when the paper cannot be quoted', () => {
    expect(describeMatch('LLM', query.concepts, [0], { title: 'x', abstract: 'y' }).words).toEqual(['LLM']);
  });
  it('names the words of a paper that has only part of the topic, though they are the topic\'s own', () => {
    // "matched: LLM agents" under a reinforcement-learning paper that says "agent" and never LLM
    // read as a paper on LLM agents; a paper with all of the topic's words needs no such words.
    expect(wordsBeyondTopic('LLM agents', ['agents'])).toEqual([]);
    expect(wordsBeyondTopic('LLM agents', ['agents'], { partial: true })).toEqual(['only agents']);
    const agents = freeTextQuery('LLM agents', vocabulary);
    const only = agents.concepts.findIndex((concept) => concept.label === 'agents');
    const reason = describeMatch('LLM agents', agents.concepts, [only], { title: 'Representation rank and the Bellman equation', abstract: 'Our DRL agents perform better.' }, { partial: true });
    expect(reason).toEqual({ topic: 'LLM agents', words: ['agents'], partial: true });
  });
  it('names the topic\'s words when the paper has them all but not as the topic\'s phrase', () => {
    // "matched: long context" under a paper that says "long-term" and, elsewhere, "in this context"
    // read as a paper on long contexts.
    expect(wordsBeyondTopic('long context', ['long', 'context'], { apart: true })).toEqual(['long', 'context']);
    const query = freeTextQuery('long context', vocabulary);
    const words = query.concepts.flatMap((concept, index) => (concept.role === 'word' ? [index] : []));
    const paper = { title: 'Data-free Quantization', abstract: 'We study long-term optimization in the context of quantization-aware training.' };
    const reason = describeMatch('long context', query.concepts, words, paper, { apart: true });
    expect(reason).toEqual({ topic: 'long context', words: ['long', 'context'], apart: true });
    // The topic's own ranking says which papers have the words apart: every word, no phrase.
    const phrase = query.concepts.findIndex((concept) => concept.role === 'phrase');
    const scored = (paperId: number, matched: number[]) => ({ paperId, score: 1, floor: 1, coverage: 1, matched: matched.map((concept) => ({ concept, score: 1 })) });
    const matches = topicMatches([scored(1, [phrase, ...words]), scored(2, words)], query.concepts);
    expect([matches.get(1)?.apart, matches.get(2)?.apart]).toEqual([false, true]);
  });

  describe('"like X, which you marked"', () => {
    // Papers on other subjects, so that what the test's papers share is telling (in at most a tenth
    // of the papers), as in a real corpus: a reason names only telling words when there are some.
    const GREEK = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'omicron', 'sigma', 'upsilon', 'omega'];
    const elsewhere = GREEK.flatMap((first, i) => GREEK.slice(0, 2).map((second, j) => ({ id: 1000 + 2 * i + j, title: `Tables of ${first} ${second} glaciers`, abstract: `Field notes on ${first} and ${second} ice.` })));
    /** What paper 2 is said to share with paper 1, which the reader marked or named (indexed with `elsewhere`). */
    const sharedWith = (papers: Array<{ id: number; title: string; abstract: string }>, source: 'marked' | 'liked', always = true): string[] => {
      const index = new TextIndexBuilder();
      index.add([...papers, ...elsewhere]);
      const [example, paper] = [papers[0]!, papers[1]!];
      const feedback = { excluded: new Set([example.id]), examples: [{ paperId: example.id, title: example.title, abstract: example.abstract, verdict: 'more' as const, source }] };
      return new ReaderModel(index.build()).reason(paper.id, feedback, paper, always)?.shared ?? [];
    };
    const papers = [
      { id: 1, title: 'Dense Retrieval with Dual Encoders', abstract: 'Dual encoders embed queries and passages for dense retrieval over large collections.' },
      { id: 2, title: 'Dual Encoders for Passage Retrieval at Scale', abstract: 'We train dual encoders that embed queries and passages for retrieval.' },
      { id: 3, title: 'Dense Prediction for Monocular Depth', abstract: 'A convolutional decoder predicts depth maps from single images of indoor scenes.' },
      { id: 4, title: 'Policy Gradients for Board Games', abstract: 'Value methods for chess and go.' },
    ];
    const builder = new TextIndexBuilder();
    builder.add([...papers, ...elsewhere]);
    const model = new ReaderModel(builder.build());
    const marked = { excluded: new Set([1]), examples: [{ paperId: 1, title: papers[0]!.title, abstract: '', verdict: 'more' as const, source: 'marked' as const }] };
    const text = (id: number) => papers.find((paper) => paper.id === id)!;

    it('names the words both papers share, as the paper\'s abstract writes them', () => {
      const reason = model.reason(2, marked, text(2));
      expect(reason).toMatchObject({ topic: 'Dense Retrieval with Dual Encoders', words: ['which you marked'], kind: 'like' });
      // The abstract's sentence case, not the title's Title Case ("both on Dual Encoders, Step, faster").
      expect(reason!.shared).toEqual(expect.arrayContaining(['dual encoders']));
      expect(reason!.shared!.length).toBeLessThanOrEqual(3);
    });

    it('keeps a name\'s capital, which the abstract keeps too', () => {
      const splats = [
        { id: 1, title: 'Gaussian Splatting for Real-Time Rendering', abstract: 'We render scenes with Gaussian splatting in real time.' },
        { id: 2, title: 'Fast Gaussian Splatting Reconstruction', abstract: 'Gaussian splatting reconstructs scenes quickly, in real time.' },
      ];
      expect(sharedWith(splats, 'marked', false)).toEqual(expect.arrayContaining(['Gaussian splatting']));
    });

    it('never quotes two words across punctuation as if the paper wrote them together', () => {
      // "graph neural networks (GNNs)" in both abstracts: a digest read "both on gate, networks GNNs".
      const gnns = [
        { id: 1, title: 'Learned Edge Gates for Molecules', abstract: 'We study graph neural networks (GNNs) with edge gates for molecules.' },
        { id: 2, title: 'Edge Gates at Scale', abstract: 'Edge gates help graph neural networks (GNNs) on large molecules.' },
      ];
      const index = new TextIndexBuilder();
      index.add([...gnns, ...elsewhere]);
      const liked = { excluded: new Set([1]), examples: [{ paperId: 1, title: gnns[0]!.title, abstract: gnns[0]!.abstract, verdict: 'more' as const, source: 'liked' as const }] };
      const built = index.build();
      const shared = new ReaderModel(built).reason(2, liked, gnns[1]!, true)!.shared!;
      expect(shared.length).toBeGreaterThan(0);
      expect(shared.some((word) => /networks GNNs/i.test(word))).toBe(false);
      // The pair is still a term of both papers (their vectors are unchanged); it is only not quoted
      // from text that does not write it: every term of "networks GNNs", pair included, is wanted.
      const wanted = new Set(built.quote('networks GNNs', new Set(Array.from({ length: 100_000 }, (_, i) => i))).keys());
      expect([...built.quote('networks GNNs', wanted).values()]).toContain('networks GNNs');
      expect([...built.quote('graph neural networks (GNNs)', wanted).values()]).toEqual(['networks', 'GNNs']);
      expect([...built.quote('networks, GNNs', wanted).values()]).toEqual(['networks', 'GNNs']);
    });

    it('names a phrase the paper writes whole, not the two pairs of words it overlaps in', () => {
      // A digest read "both on LLM, large language, language models".
      const llms = [
        { id: 1, title: 'Benchmarking Web Agents', abstract: 'We benchmark large language models acting as web agents on long tasks.' },
        { id: 2, title: 'Shortcut-Free Perception Benchmarks', abstract: 'Vision encoders feed large language models; our benchmark tests web agents without shortcuts.' },
      ];
      const shared = sharedWith(llms, 'marked');
      expect(shared).toContain('large language models');
      expect(shared).not.toContain('large language');
      expect(shared).not.toContain('language models');
      // Only as the text writes them: two pairs the paper never writes as one phrase stay apart.
      expect(joinOverlapping(['large language', 'language models', 'LLM'], ['Large language models are strong.'])).toEqual(['Large language models', 'LLM']);
      expect(joinOverlapping(['large language', 'language models'], ['A large language. Language models.'])).toEqual(['large language', 'language models']);
      expect(joinOverlapping(['graph neural', 'neural networks', 'networks GNNs'], ['graph neural networks GNNs'])).toEqual(['graph neural networks GNNs']);
    });

    it('never names the parts of a link as what two papers share', () => {
      // Both abstracts end in a GitHub link: the reason said "both on diffusion models, github com, https github".
      const linked = [
        { id: 1, title: 'Adaptive Noise Schedules', abstract: 'We learn noise schedules for diffusion models. Weights at https://github.com/example/adaptive-noise.' },
        { id: 2, title: 'Lung Scans', abstract: 'We read lung scans with diffusion models. See https://github.com/other/lung-scans.' },
        { id: 3, title: 'Board Games', abstract: 'Chess and go with diffusion models.' },
        { id: 4, title: 'Protein Folding', abstract: 'We fold proteins with diffusion models.' },
      ];
      const index = new TextIndexBuilder();
      index.add([...linked, ...elsewhere]);
      const liked = { excluded: new Set([1]), examples: [{ paperId: 1, title: linked[0]!.title, abstract: linked[0]!.abstract, verdict: 'more' as const, source: 'liked' as const }] };
      const built = index.build();
      const shared = new ReaderModel(built).reason(2, liked, linked[1]!, true)!.shared!;
      expect(shared).toEqual(['diffusion models']);
      // Nor does a link make two papers closer: they are as alike as the same texts without their links.
      const unlinked = new TextIndexBuilder();
      unlinked.add([...linked.map((paper) => ({ ...paper, abstract: paper.abstract.replace(/https:\S+/, '') })), ...elsewhere]);
      const withoutLinks = unlinked.build();
      expect(dot(built.vectorOf(1)!, built.vectorOf(2)!)).toBeCloseTo(dot(withoutLinks.vectorOf(1)!, withoutLinks.vectorOf(2)!), 6);
    });

    it('names no word most papers use, only those that tell the subject', () => {
      // A liked "Denoising Diffusion Probabilistic Models" gave "both on denoising diffusion, models".
      const modelling = [
        { id: 1, title: 'Denoising Diffusion Probabilistic Models', abstract: 'Denoising diffusion models trained as probabilistic models.' },
        { id: 2, title: 'Denoising Diffusion Autoencoders', abstract: 'Denoising diffusion learns features for models, and bigger models learn more.' },
        ...elsewhere.map((paper) => ({ ...paper, abstract: `${paper.abstract} Models of the ice.` })),
      ];
      const index = new TextIndexBuilder();
      index.add(modelling);
      // Named by its title alone, as a reader often gives a favourite.
      const liked = { excluded: new Set([1]), examples: [{ paperId: null, title: modelling[0]!.title, abstract: '', verdict: 'more' as const, source: 'liked' as const }] };
      const shared = new ReaderModel(index.build()).reason(2, liked, modelling[1]!, true)!.shared!;
      expect(shared).toContain('Denoising diffusion');
      expect(shared.map((word) => word.toLowerCase())).not.toContain('models');
    });

    it('names what two papers are on, not the words every abstract is written with', () => {
      // On the sample corpus, a reader's "like X" reasons said "both on way, pixels", "both on
      // diffusion models, shown", "both on pixel, introduced, remaining", "both on diffusion modeling,
      // unified, two key": words too rare in a few hundred papers to count as common, but no subject.
      const alike = [
        { id: 1, title: 'Sparse Attention Kernels', abstract: 'We have shown two key ways in which sparse attention kernels remain fast; this suggests gains, benefiting long inputs. Two key ways are introduced, shown again toward the end.' },
        { id: 2, title: 'Sparse Attention on Phones', abstract: 'It is shown that sparse attention kernels on phones remain fast in two key ways, which suggests gains, benefiting small devices. The two key ways are introduced and shown toward the end.' },
      ];
      const shared = sharedWith(alike, 'marked');
      expect(shared.length).toBeGreaterThan(0);
      for (const word of shared) expect(word.toLowerCase()).toMatch(/sparse|attention|kernel/);
    });

    it('counts a pair with a generic word in it as generic, a hyphenated word only when all of it is', () => {
      // "both on sampling, diffusion models, generation Without", "both on denoising, first successful, attempt".
      for (const words of ['two key', 'generation Without', 'first successful', 'Recent advances', 'shown', 'end-to-end', 'on the other hand']) expect(isGenericWording(words), words).toBe(true);
      // A reader's digest said "both on Transformer, local, will" and "both on discriminative, involve, visual".
      for (const words of ['will', 'involve', 'Higher', 'capabilities', 'lengthy']) expect(isGenericWording(words), words).toBe(true);
      // "both on Automatic, billions, Quality": billions of users in one paper, of parameters in the other.
      for (const words of ['billions', 'millions', 'thousands']) expect(isGenericWording(words), words).toBe(true);
      // "both on wise, Fine-tuning, distributions": "layer-wise" in one paper, "channel-wise" in the other.
      for (const words of ['wise', 'based', 'aware', 'driven']) expect(isGenericWording(words), words).toBe(true);
      // "both on independent, different, top", "both on upper bound, baselines, effectiveness", "both on classifier, consisting, system".
      for (const words of ['independent', 'different', 'top', 'properties', 'consisting', 'baselines', 'effectiveness', 'understanding']) expect(isGenericWording(words), words).toBe(true);
      // "both on Rethinking, …": how a title announces a paper, not what it is on.
      for (const words of ['Rethinking', 'Revisiting', 'Unleashing', 'Demystifying', 'Beyond', 'Need']) expect(isGenericWording(words), words).toBe(true);
      for (const words of ['diffusion models', 'one-step', 'single-image', 'self-supervised', 'Gaussian splatting', 'FID']) expect(isGenericWording(words), words).toBe(false);
    });

    it('names an acronym and its plural once: "both on LLM, LLMs, dual" named one word twice', () => {
      const llms = [
        { id: 1, title: 'Binarized LLMs for Phones', abstract: 'We binarize LLMs so that an LLM runs on a phone with dual binarization.' },
        { id: 2, title: 'Quantized LLMs at Two Bits', abstract: 'An LLM quantized to two bits keeps the accuracy of full LLMs with dual scales.' },
      ];
      const shared = sharedWith(llms, 'marked');
      expect(shared.filter((word) => /^llms?$/i.test(word))).toHaveLength(1);
    });

    it('writes a hyphenated word as the paper does, and never quotes half of one', () => {
      // "Unified Self-supervised Learners" shared gave "both on unified self, self supervised".
      const hyphenated = [
        { id: 1, title: 'Denoising Autoencoders are Unified Self-supervised Learners', abstract: 'Denoising autoencoders are unified self-supervised learners of features.' },
        { id: 2, title: 'Masked Diffusion as Unified Self-supervised Learners', abstract: 'Masked diffusion models are unified self-supervised learners of features too.' },
      ];
      const shared = sharedWith(hyphenated, 'liked');
      expect(shared.length).toBeGreaterThan(0);
      expect(shared.some((word) => word.toLowerCase() === 'self-supervised')).toBe(true);
      for (const word of shared) {
        expect(word.toLowerCase()).not.toBe('unified self');
        expect(word.toLowerCase()).not.toBe('self supervised');
        expect(word.toLowerCase()).not.toBe('supervised learners');
      }
    });

    it('quotes a word that is part of a hyphenated one whole', () => {
      // A liked "Auto-Encoding Variational Bayes" made a paper "both on Auto, Variational".
      const vae = [
        { id: 1, title: 'Auto-Encoding Variational Bayes', abstract: '' },
        { id: 2, title: 'Vector Quantized Wasserstein Auto-Encoder', abstract: 'A variational model: the auto-encoder learns discrete codes.' },
      ];
      const index = new TextIndexBuilder();
      index.add([vae[1]!, ...elsewhere]);
      const liked = { excluded: new Set<number>(), examples: [{ paperId: null, title: vae[0]!.title, abstract: '', verdict: 'more' as const, source: 'liked' as const }] };
      const shared = new ReaderModel(index.build()).reason(2, liked, vae[1]!, true)!.shared!;
      expect(shared).toContain('auto-encoder');
      expect(shared).not.toContain('Auto');
    });

    it('quotes a word alone when the rest of its hyphenated word is not shared', () => {
      // A liked paper on an "adaptive noise schedule" made an image codec "both on region-adaptive, Noise".
      const papers = [
        { id: 1, title: 'Flow Matching with an Adaptive Noise Schedule', abstract: 'Flow matching is unified under an adaptive noise schedule.' },
        { id: 2, title: 'Region-Adaptive Transform with Noise Injection', abstract: 'A region-adaptive transform injects noise for learned image compression.' },
      ];
      const shared = sharedWith(papers, 'liked');
      expect(shared.map((word) => word.toLowerCase())).toContain('adaptive');
      expect(shared.map((word) => word.toLowerCase())).not.toContain('region-adaptive');
    });

    it('does not call a paper "like" one it shares a single word with', () => {
      // "Dense" is all that a depth-prediction paper shares with a dense-retrieval one.
      expect(model.reason(3, marked, text(3))).toBeNull();
      // A paper that entered on the reader's marks alone still says why, with that one word.
      expect(model.reason(3, marked, text(3), true)).toMatchObject({ kind: 'like', shared: ['Dense'] });
    });
  });
});

describe('near-duplicates', () => {
  const paper = (id: number, title: string, fingerprint: string, arxivId: string | null = null): PaperSignals => ({
    id,
    title,
    arxivId,
    fingerprint,
    upvotes: 0,
    listings: 1,
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
