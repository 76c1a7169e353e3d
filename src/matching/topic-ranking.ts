// One topic, ranked: search its concepts, score them with BM25F, learn other words for the subject
// from the first ranking's best papers (expansion.ts), search those too, and score again. Done once
// per distinct topic in a run; subscribers who share the topic share the result.
import type { PrismaClient } from '../db/index.js';
import type { CorpusShape } from './bm25f.js';
import type { Concept, TopicQuery } from './concepts.js';
import { expansionConcepts, feedbackPapers } from './expansion.js';
import { rankTopic, type PaperFactors, type RankedTopic } from './pool.js';
import { scorePapers, topicMatches } from './relevance.js';
import { searchTopic } from './search.js';
import { lexemesOf, paperTerms, wordLexemes } from './stats.js';
import { COMMON_TERM_SHARE, EXPANSION } from './weights.js';

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
}

export async function rankTopicQuery(prisma: PrismaClient, query: TopicQuery, run: RunStatistics, expand = true): Promise<TopicRanking> {
  const { rows, known } = await searchConcepts(prisma, query, run);
  const first = scorePapers(query.concepts, rows, run.shape, true, known);
  // The feedback papers come from the plain BM25F ranking, as in RM3: when few papers pass the
  // evidence filter (a topic typed in unusual words), the learned words are what lets more pass.
  const learned = expand ? await learn(prisma, query, scorePapers(query.concepts, rows, run.shape, false, known), run) : [];
  if (learned.length === 0) return { ...rankTopic(topicMatches(first, query.concepts), run.factors), concepts: query.concepts };
  const offset = query.concepts.length;
  const extra = await searchTopic(prisma, { ...query, concepts: learned }, run.since);
  const concepts = [...query.concepts, ...learned];
  const papers = scorePapers(concepts, [...rows, ...extra.map((row) => ({ ...row, concept: row.concept + offset }))], run.shape, true, known);
  return { ...rankTopic(topicMatches(papers, concepts), run.factors), concepts };
}

/**
 * The rows of every concept. A common word ("model", "learning": more than COMMON_TERM_SHARE of the
 * window) is never evidence on its own, so it is only looked up in the papers the other concepts
 * found, with its document frequency from the run's statistics: a topic named "Diffusion models"
 * does not fetch a row for every paper that says "model".
 */
async function searchConcepts(prisma: PrismaClient, query: TopicQuery, run: RunStatistics) {
  const words = query.concepts.filter((concept) => concept.role === 'word').map((concept) => concept.variants[0]!);
  const [frequencies, lexemes] = await Promise.all([run.documentFrequencies(), wordLexemes(prisma, words)]);
  const known = new Map<number, number>();
  query.concepts.forEach((concept, index) => {
    const lexeme = concept.role === 'word' ? lexemes.get(concept.variants[0]!) : undefined;
    const frequency = lexeme ? (frequencies.get(lexeme) ?? 0) : 0;
    if (frequency > COMMON_TERM_SHARE * run.shape.documents) known.set(index, frequency);
  });
  if (known.size === 0 || known.size === query.concepts.length) return { rows: await searchTopic(prisma, query, run.since), known: new Map<number, number>() };
  const only = (keep: (index: number) => boolean): TopicQuery => ({ ...query, concepts: query.concepts.map((concept, index) => (keep(index) ? concept : { ...concept, variants: [] })) });
  const rows = await searchTopic(prisma, only((index) => !known.has(index)), run.since);
  const found = [...new Set(rows.map((row) => row.paperId))];
  const common = found.length > 0 ? await searchTopic(prisma, only((index) => known.has(index)), run.since, found) : [];
  return { rows: [...rows, ...common], known };
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
