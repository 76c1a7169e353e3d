// One topic, ranked: search its concepts, score them with BM25F, learn other words for the subject
// from the first ranking's best papers (expansion.ts), search those too, and score again. Done once
// per distinct topic in a run; subscribers who share the topic share the result.
import type { PrismaClient } from '../db/index.js';
import type { CorpusShape } from './bm25f.js';
import { acronymKey, mineAcronyms, otherSenses } from './acronyms.js';
import type { Vocabulary } from './catalogue.js';
import { freeTextQuery, HYPHENS, isAcronym, type Concept, type TopicQuery } from './concepts.js';
import { expansionConcepts, feedbackPapers } from './expansion.js';
import { rankTopic, type PaperFactors, type RankedTopic } from './pool.js';
import { belowCut, scorePapers, topicMatches, type ScoredPaper } from './relevance.js';
import { searchTopic } from './search.js';
import { lexemesOf, paperTerms, wordLexemes } from './stats.js';
import { COMMON_TERM_SHARE, EXPANSION } from './weights.js';
import { bridgeUnseenWords, compoundIndex, wordsToLook } from './word-parts.js';

/** Pairs of common words searched when the reader typed only common words. */
const MAX_PAIRS = 15;

export interface RunStatistics {
  since: Date;
  shape: CorpusShape;
  factors: Map<number, PaperFactors>;
  /** Document frequency of every lexeme of the window, loaded on first use. */
  documentFrequencies: () => Promise<Map<string, number>>;
}

export interface TopicRanking extends RankedTopic {
  /** The concepts that were scored: the query's, then the learned ones. */
  concepts: Concept[];
  /** Papers with evidence that the cut-off left out, with their relevance (relevance.ts: belowCut). */
  belowCut: Map<number, number>;
}

export async function rankTopicQuery(prisma: PrismaClient, typed: TopicQuery, run: RunStatistics, expand = true): Promise<TopicRanking> {
  const { query, lexemes } = await withWordParts(prisma, typed, run);
  // The run's papers are those its statistics and signals were loaded for. A search made later in
  // the run (a page asking for a new topic, a reader with topics nobody had yet) also finds papers
  // an ingest stored since; they have no signals, and wait for the next run.
  const ofRun = <T extends { paperId: number }>(found: T[]) => found.filter((row) => run.factors.has(row.paperId));
  const searched = await searchConcepts(prisma, query, run, lexemes);
  const rows = withoutOtherSenses(ofRun(searched.rows), query);
  const known = searched.known;
  const first = scorePapers(query.concepts, rows, run.shape, true, known);
  // The feedback papers come from the plain BM25F ranking, as in RM3: when few papers pass the
  // evidence filter (a topic typed in unusual words), the learned words are what lets more pass.
  // But only when some paper is about the topic: with none (the reader's rarer words are in no
  // paper of the window), the plain ranking holds only fragments ("resolution" of "atomic resolution
  // protein structure": image super-resolution papers), and words learned from them would pass
  // those same papers as evidence. Fragments (a description's, relevance.ts: descriptionFragments)
  // are no such paper: with one of them in (the one sample paper that says "grasp", for "robots
  // learning to grasp from videos"), words learnt from the plain ranking's video papers passed ten
  // of them as evidence.
  const learned = expand && first.some((paper) => !paper.fragment) ? await learn(prisma, query, scorePapers(query.concepts, rows, run.shape, false, known), run) : [];
  if (learned.length === 0) return ranking(first, query.concepts, run);
  const offset = query.concepts.length;
  const extra = ofRun(await searchTopic(prisma, { ...query, concepts: learned }, run.since));
  const concepts = [...query.concepts, ...learned];
  const papers = scorePapers(concepts, [...rows, ...extra.map((row) => ({ ...row, concept: row.concept + offset }))], run.shape, true, known);
  return ranking(papers, concepts, run);
}

function ranking(papers: ScoredPaper[], concepts: Concept[], run: RunStatistics): TopicRanking {
  const matches = topicMatches(papers, concepts);
  return { ...rankTopic(matches, run.factors), concepts, belowCut: belowCut(papers, matches) };
}

const compounds = new WeakMap<Map<string, number>, Map<string, string[]>>();

/**
 * The reader's words as the window writes them (word-parts.ts): "multitask" also "multi-task".
 * Also gives the lexeme of every word the result's concepts start with (wordsToLook covers them).
 */
async function withWordParts(prisma: PrismaClient, query: TopicQuery, run: RunStatistics): Promise<{ query: TopicQuery; lexemes: Map<string, string> }> {
  const frequency = await run.documentFrequencies();
  let index = compounds.get(frequency);
  if (!index) compounds.set(frequency, (index = compoundIndex(frequency)));
  const lexemes = await wordLexemes(prisma, [...new Set(wordsToLook(query.concepts))]);
  const concepts = bridgeUnseenWords(query.concepts, { frequency, lexemeOf: (word) => lexemes.get(word) }, index);
  return { query: concepts === query.concepts ? query : { ...query, concepts }, lexemes };
}

/**
 * The rows of every concept. A common word ("model", "learning": more than COMMON_TERM_SHARE of the
 * window) is never evidence on its own, so it is only looked up in the papers the other concepts
 * found, with its document frequency from the run's statistics: a topic named "Diffusion models"
 * does not fetch a row for every paper that says "model".
 */
async function searchConcepts(prisma: PrismaClient, query: TopicQuery, run: RunStatistics, lexemes: Map<string, string>) {
  // A hyphenated word's parts together are rarer than its parts: only single words may be common.
  const single = (concept: Concept) => concept.role === 'word' && !/\s/.test(concept.variants[0]!) && !HYPHENS.test(concept.variants[0]!);
  const words = query.concepts.filter(single).map((concept) => concept.variants[0]!);
  const frequencies = await run.documentFrequencies();
  const known = new Map<number, number>();
  query.concepts.forEach((concept, index) => {
    const lexeme = single(concept) ? lexemes.get(concept.variants[0]!) : undefined;
    const frequency = lexeme ? (frequencies.get(lexeme) ?? 0) : 0;
    if (frequency > COMMON_TERM_SHARE * run.shape.documents) known.set(index, frequency);
  });
  if (known.size === 0 || known.size === query.concepts.length) return { rows: await searchTopic(prisma, query, run.since), known: new Map<number, number>() };
  const only = (keep: (index: number) => boolean): TopicQuery => ({ ...query, concepts: query.concepts.map((concept, index) => (keep(index) ? concept : { ...concept, variants: [] })) });
  const rows = await searchTopic(prisma, only((index) => !known.has(index)), run.since);
  const found = new Set(rows.map((row) => row.paperId));
  // When every word the reader typed is common, the other concepts (their whole text as a phrase)
  // would leave only papers with all the words: papers with any two of them are candidates too, or
  // the floor (plain BM25 on the reader's words) would keep papers that this ranking never sees.
  const commonWords = query.concepts.flatMap((concept, index) => (concept.role === 'word' && known.has(index) ? [concept.variants[0]!] : []));
  if (commonWords.length === words.length && commonWords.length >= 2) {
    const pairs = commonWords.flatMap((a, i) => commonWords.slice(i + 1).map((b) => `${a} ${b}`)).slice(0, MAX_PAIRS);
    const pairRows = await searchTopic(prisma, { ...query, concepts: [{ label: 'pairs', role: 'word', weight: 0, variants: pairs, unless: [] }] }, run.since);
    for (const row of pairRows) found.add(row.paperId);
  }
  const common = found.size > 0 ? await searchTopic(prisma, only((index) => known.has(index)), run.since, [...found]) : [];
  return { rows: [...rows, ...common], known };
}

/**
 * The evidence rows left once an acronym of the reader's is read in the papers that define it as
 * something else (TopicQuery.misread): a concept that names it says nothing in those papers.
 * "OCR" brought "Segmentation Transformer: Object-Contextual Representations (OCR)" first.
 */
function withoutOtherSenses<T extends { paperId: number; concept: number }>(rows: T[], query: TopicQuery): T[] {
  const misread = query.misread;
  if (!misread) return rows;
  const acronymsOf = query.concepts.map((concept) => concept.variants.map(acronymKey).filter((key) => misread.has(key)));
  return rows.filter((row) => !acronymsOf[row.concept]?.some((acronym) => misread.get(acronym)!.has(row.paperId)));
}

/**
 * A reader's own words with the acronyms the window's papers define for them (acronyms.ts): "OT"
 * also searches "optimal transport", "graph neural networks" also "GNNs". Catalogue topics have
 * their curated phrases and are left as they are.
 */
export async function withLearnedAcronyms(prisma: PrismaClient, query: TopicQuery, vocabulary: Vocabulary, since: Date): Promise<TopicQuery> {
  if (!query.key.startsWith('text:')) return query;
  const known = query.concepts.flatMap((concept) => concept.variants.filter(isAcronym));
  const { groups, misread } = otherSenses(await mineAcronyms(prisma, query.label, since, known), vocabulary.synonyms);
  const learned = groups.length === 0 ? query : { ...freeTextQuery(query.label, { ...vocabulary, synonyms: [...vocabulary.synonyms, ...groups] }), key: query.key };
  return misread.size === 0 ? learned : { ...learned, misread };
}

async function learn(prisma: PrismaClient, query: TopicQuery, first: ReturnType<typeof scorePapers>, run: RunStatistics): Promise<Concept[]> {
  const papers = feedbackPapers(first);
  if (papers.length < EXPANSION.minPapers) return [];
  const [terms, known, documentFrequency] = await Promise.all([
    paperTerms(prisma, papers.map((paper) => paper.paperId)),
    lexemesOf(prisma, [query.label, ...query.concepts.flatMap((concept) => concept.variants)]),
    run.documentFrequencies(),
  ]);
  return expansionConcepts({ ranking: first, terms, known, documentFrequency, shape: run.shape });
}
