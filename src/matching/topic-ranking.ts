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
import { lexemesOf, paperTerms } from './stats.js';
import { EXPANSION } from './weights.js';

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
  const rows = await searchTopic(prisma, query, run.since);
  const first = scorePapers(query.concepts, rows, run.shape);
  // The feedback papers come from the plain BM25F ranking, as in RM3: when few papers pass the
  // evidence filter (a topic typed in unusual words), the learned words are what lets more pass.
  const learned = expand ? await learn(prisma, query, scorePapers(query.concepts, rows, run.shape, false), run) : [];
  if (learned.length === 0) return { ...rankTopic(topicMatches(first, query.concepts), run.factors), concepts: query.concepts };
  const offset = query.concepts.length;
  const extra = await searchTopic(prisma, { ...query, concepts: learned }, run.since);
  const concepts = [...query.concepts, ...learned];
  const papers = scorePapers(concepts, [...rows, ...extra.map((row) => ({ ...row, concept: row.concept + offset }))], run.shape);
  return { ...rankTopic(topicMatches(papers, concepts), run.factors), concepts };
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
