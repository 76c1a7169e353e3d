// The relevance evaluation shared by `npm run bench:relevance` and the CI guard: the sample corpus
// (seeds/) in a fresh database, every evaluation topic ranked by the matcher exactly as a new
// subscriber would get it (its plain name and its people's-words variants), and by a plain BM25
// over the topic's name, scored against the judgments. The sets share the format; sets.ts lists
// them (tuning, dev and held-out sets) with what each may be used for.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { normaliseTitle } from '../../src/corpus/index.js';
import { migrate, openDatabase, type PrismaClient } from '../../src/db/index.js';
import { createMatcher, syncCatalogue } from '../../src/matching/index.js';
import { createTestDatabase, type Backend } from '../database.js';
import { REPO_ROOT } from '../paths.js';
import { ingestSeeds } from '../seeds.js';
import { buildBm25 } from './bm25.js';
import { mean, ndcgAt, precisionAt } from './metrics.js';

import { setNamed } from './sets.js';

/** The tuning set; the others are listed, with what each may be used for, in sets.ts. */
export const FIXTURES = setNamed('tuning').dir;
/** The corpus is ingested and ranked at this instant, so every sample paper is "new". */
export const EVAL_NOW = new Date('2026-11-22T12:00:00Z');
/** A digest's size for list precision. */
const DIGEST_SIZE = 10;

export interface EvalTopic {
  id: string;
  query: string;
  /** The same subject in people's words (abbreviations, other words). */
  variants?: string[];
}

export interface RankedTitle {
  title: string;
  grade: number;
  score: number;
}

export interface Run {
  p5: number;
  ndcg10: number;
  top: RankedTitle[];
}

export interface TopicResult extends EvalTopic {
  relevant: number;
  ours: Run;
  bm25: Run;
  /** Mean nDCG@10 over the variants (NaN without variants). */
  variantsNdcg10: number;
  variantRuns: Array<{ query: string; ndcg10: number; bm25Ndcg10: number; ours: Run; bm25: Run }>;
  /** Mean nDCG@10 of plain BM25 over the same variants: the floor for people's words. */
  variantsBm25Ndcg10: number;
  /** Share of the papers the matcher returns for a 10-paper digest that are graded ≥ 1. */
  listPrecision: number;
  returned: number;
}

export interface Means {
  ndcg10: number;
  p5: number;
  variantsNdcg10: number;
  variantsBm25Ndcg10: number;
  listPrecision: number;
  bm25Ndcg10: number;
  bm25P5: number;
}

export interface Evaluation {
  topics: TopicResult[];
  means: Means;
  /** The topic with the lowest nDCG@10 (plain query). */
  worst: TopicResult | undefined;
}

interface Judgments {
  papers: Array<{ title: string; grades: Record<string, number> }>;
}

export interface EvalSet {
  topics: EvalTopic[];
  judgments: Judgments;
}

/** A fixture folder (topics.json, judgments.json), or undefined if it is absent. */
export function loadEvalSet(folder: string = FIXTURES): EvalSet | undefined {
  if (!existsSync(path.join(folder, 'topics.json'))) return undefined;
  return {
    topics: (JSON.parse(readFileSync(path.join(folder, 'topics.json'), 'utf8')) as { topics: EvalTopic[] }).topics,
    judgments: JSON.parse(readFileSync(path.join(folder, 'judgments.json'), 'utf8')) as Judgments,
  };
}

/** Runs `fn` on a fresh database holding the sample corpus as ingested at EVAL_NOW. */
export async function withSampleCorpus<T>(backend: Backend, fn: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  const testDb = await createTestDatabase(backend);
  const db = await openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir });
  try {
    await migrate(db);
    await syncCatalogue(db.prisma);
    await ingestSeeds(db, EVAL_NOW);
    return await fn(db.prisma);
  } finally {
    await db.close();
    await testDb.drop();
  }
}

/**
 * Every topic ranked by the matcher exactly as a new subscriber's digest (plain query and each
 * variant), and by plain BM25 over title and abstract, scored against the judgments. P@5 counts
 * grades ≥ 1 among the first five out of min(5, relevant papers), so a topic with 3 relevant
 * papers can reach 1; nDCG@10 uses gain 2^grade − 1.
 */
export async function evaluate(prisma: PrismaClient, set: EvalSet = loadEvalSet()!): Promise<Evaluation> {
  const papers = await prisma.paper.findMany({ select: { id: true, title: true, titleKey: true } });
  const byKey = new Map(papers.map((paper) => [paper.titleKey, paper]));
  const gradesById = new Map<number, Record<string, number>>(papers.map((paper) => [paper.id, {}]));
  for (const judged of set.judgments.papers) {
    const paper = byKey.get(normaliseTitle(judged.title));
    if (!paper) throw new Error(`judged paper not in the corpus: ${judged.title}`);
    gradesById.set(paper.id, judged.grades);
  }
  const titleOf = new Map(papers.map((paper) => [paper.id, paper.title]));
  const matcher = createMatcher(prisma, { now: EVAL_NOW });
  const bm25 = await buildBm25(prisma);
  const results: TopicResult[] = [];
  for (const topic of set.topics) {
    const gradeOf = (id: number) => gradesById.get(id)?.[topic.id] ?? 0;
    const allGrades = [...gradesById.values()].map((grades) => grades[topic.id] ?? 0);
    const relevant = allGrades.filter((grade) => grade >= 1).length;
    const digest = async (query: string) => (await matcher.rank([query], DIGEST_SIZE)).papers.map((paper) => ({ id: paper.paperId, score: paper.score }));
    const measure = (ranked: Array<{ id: number; score: number }>): Run => {
      const grades = ranked.map((item) => gradeOf(item.id));
      return {
        p5: relevant === 0 ? 1 : precisionAt(5, grades) * (5 / Math.min(5, relevant)),
        ndcg10: ndcgAt(10, grades, allGrades),
        top: ranked.map((item) => ({ title: titleOf.get(item.id) ?? '?', grade: gradeOf(item.id), score: item.score })),
      };
    };
    const ours = await digest(topic.query);
    const bm25Top = async (query: string) => (await bm25.rank(query)).slice(0, 10).map((id, i) => ({ id, score: 10 - i }));
    const variantRuns: TopicResult['variantRuns'] = [];
    for (const variant of topic.variants ?? []) {
      const [ours, bm25] = [measure(await digest(variant)), measure(await bm25Top(variant))];
      variantRuns.push({ query: variant, ndcg10: ours.ndcg10, bm25Ndcg10: bm25.ndcg10, ours, bm25 });
    }
    const variants = variantRuns.map((run) => run.ndcg10);
    const baseline = await bm25Top(topic.query);
    const onTopic = ours.filter((item) => gradeOf(item.id) >= 1).length;
    results.push({
      ...topic,
      relevant,
      ours: measure(ours),
      bm25: measure(baseline),
      variantsNdcg10: variants.length > 0 ? mean(variants) : Number.NaN,
      variantsBm25Ndcg10: variants.length > 0 ? mean(variantRuns.map((run) => run.bm25Ndcg10)) : Number.NaN,
      variantRuns,
      listPrecision: ours.length > 0 ? onTopic / ours.length : relevant === 0 ? 1 : 0,
      returned: ours.length,
    });
  }
  const withVariants = results.filter((r) => !Number.isNaN(r.variantsNdcg10));
  const means: Means = {
    ndcg10: mean(results.map((r) => r.ours.ndcg10)),
    p5: mean(results.map((r) => r.ours.p5)),
    variantsNdcg10: withVariants.length > 0 ? mean(withVariants.map((r) => r.variantsNdcg10)) : Number.NaN,
    variantsBm25Ndcg10: withVariants.length > 0 ? mean(withVariants.map((r) => r.variantsBm25Ndcg10)) : Number.NaN,
    listPrecision: mean(results.map((r) => r.listPrecision)),
    bm25Ndcg10: mean(results.map((r) => r.bm25.ndcg10)),
    bm25P5: mean(results.map((r) => r.bm25.p5)),
  };
  const worst = [...results].sort((a, b) => a.ours.ndcg10 - b.ours.ndcg10)[0];
  return { topics: results, means, worst };
}

/** A subject no paper of the sample corpus is about, in its plain name and people's words. */
export interface AbsentSubject {
  id: string;
  query: string;
  variants?: string[];
}

export interface AbsentEvaluation {
  /** Every query asked: each subject's name and variants. */
  queries: number;
  /** The queries that brought any paper, with the titles they brought (all padding). */
  padded: Array<{ query: string; titles: string[] }>;
  /** Papers a 10-paper digest holds over all queries: every one is padding. */
  papers: number;
  /** The same for plain BM25, which sends any paper with any of the words. */
  bm25Papers: number;
}

/** A list of absent subjects (relevance-absent*), or undefined if it is absent. */
export function loadAbsentSet(folder: string): AbsentSubject[] | undefined {
  if (!existsSync(path.join(folder, 'topics.json'))) return undefined;
  return (JSON.parse(readFileSync(path.join(folder, 'topics.json'), 'utf8')) as { subjects: AbsentSubject[] }).subjects;
}

/** What a new subscriber of each absent subject would get: nothing, or padding. */
export async function evaluateAbsent(prisma: PrismaClient, subjects: AbsentSubject[]): Promise<AbsentEvaluation> {
  const matcher = createMatcher(prisma, { now: EVAL_NOW });
  const bm25 = await buildBm25(prisma);
  const titles = new Map((await prisma.paper.findMany({ select: { id: true, title: true } })).map((paper) => [paper.id, paper.title]));
  const result: AbsentEvaluation = { queries: 0, padded: [], papers: 0, bm25Papers: 0 };
  for (const query of subjects.flatMap((subject) => [subject.query, ...(subject.variants ?? [])])) {
    const sent = (await matcher.rank([query], DIGEST_SIZE)).papers.map((paper) => titles.get(paper.paperId) ?? '?');
    result.queries += 1;
    result.papers += sent.length;
    result.bm25Papers += Math.min(DIGEST_SIZE, (await bm25.rank(query)).length);
    if (sent.length > 0) result.padded.push({ query, titles: sent });
  }
  return result;
}
