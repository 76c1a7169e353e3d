// The relevance evaluation shared by `npm run bench:relevance` and the CI guard: the sample corpus
// (seeds/) in a fresh database, every evaluation topic ranked by the matcher exactly as a new
// subscriber would get it, and by a plain BM25 over the topic's name, scored against the judgments.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ingestFiles, listPageFiles, normaliseTitle } from '../../src/corpus/index.js';
import { migrate, openDatabase, type PrismaClient } from '../../src/db/index.js';
import { createMatcher, syncCatalogue } from '../../src/matching/index.js';
import { createTestDatabase, type Backend } from '../../test/helpers/database.js';
import { REPO_ROOT, SEEDS_DIR } from '../../test/helpers/paths.js';
import { buildBm25 } from './bm25.js';
import { mean, ndcgAt, precisionAt } from './metrics.js';

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/relevance');
/** The corpus is ingested and ranked at this instant, so every sample paper is "new". */
export const EVAL_NOW = new Date('2026-11-22T12:00:00Z');
/** A topic enters the means only if P@5 = 1 is possible on it. */
const MIN_RELEVANT_FOR_MEAN = 5;

export interface EvalTopic {
  id: string;
  query: string;
  kind: string;
}

export interface RankedTitle {
  title: string;
  grade: number;
  score: number;
}

export interface TopicResult extends EvalTopic {
  relevant: number;
  inMean: boolean;
  ours: { p5: number; ndcg10: number; top: RankedTitle[] };
  bm25: { p5: number; ndcg10: number; top: RankedTitle[] };
  /** The matcher with the catalogue switched off: the topic's name as free text. */
  nameOnly: { p5: number; ndcg10: number; top: RankedTitle[] };
}

export interface Evaluation {
  topics: TopicResult[];
  means: { ours: Means; bm25: Means; nameOnly: Means; topics: number };
}

interface Means {
  p5: number;
  ndcg10: number;
}

interface Judgments {
  papers: Array<{ title: string; grades: Record<string, number> }>;
}

export function loadEvalTopics(): EvalTopic[] {
  return (JSON.parse(readFileSync(path.join(FIXTURES, 'topics.json'), 'utf8')) as { topics: EvalTopic[] }).topics;
}

export function loadJudgments(): Judgments {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'judgments.json'), 'utf8')) as Judgments;
}

/** Runs `fn` on a fresh database holding the sample corpus as ingested at EVAL_NOW. */
export async function withSampleCorpus<T>(backend: Backend, fn: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  const testDb = await createTestDatabase(backend);
  const db = await openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir });
  try {
    await migrate(db);
    await syncCatalogue(db.prisma);
    const report = await ingestFiles(db.prisma, await listPageFiles([SEEDS_DIR]), { now: EVAL_NOW });
    if (report.errors.length > 0) throw new Error(`sample corpus did not ingest: ${JSON.stringify(report.errors)}`);
    return await fn(db.prisma);
  } finally {
    await db.close();
    await testDb.drop();
  }
}

export async function evaluate(prisma: PrismaClient, topics: EvalTopic[] = loadEvalTopics(), judgments: Judgments = loadJudgments()): Promise<Evaluation> {
  const papers = await prisma.paper.findMany({ select: { id: true, title: true, titleKey: true } });
  const byKey = new Map(papers.map((paper) => [paper.titleKey, paper]));
  const gradesById = new Map<number, Record<string, number>>();
  for (const judged of judgments.papers) {
    const paper = byKey.get(normaliseTitle(judged.title));
    if (!paper) throw new Error(`judged paper not in the corpus: ${judged.title}`);
    gradesById.set(paper.id, judged.grades);
  }
  if (gradesById.size !== papers.length) throw new Error(`${papers.length - gradesById.size} corpus papers have no judgment`);
  const titleOf = new Map(papers.map((paper) => [paper.id, paper.title]));
  const matcher = createMatcher(prisma, { now: EVAL_NOW });
  const freeTextMatcher = createMatcher(prisma, { now: EVAL_NOW, catalogue: false });
  const bm25 = await buildBm25(prisma);
  const results: TopicResult[] = [];
  for (const topic of topics) {
    const gradeOf = (id: number) => gradesById.get(id)?.[topic.id] ?? 0;
    const allGrades = [...gradesById.values()].map((grades) => grades[topic.id] ?? 0);
    const relevant = allGrades.filter((grade) => grade >= 1).length;
    const ours = (await matcher.rank([topic.query], 10)).papers.map((paper) => ({ id: paper.paperId, score: paper.score }));
    const nameOnly = (await freeTextMatcher.rank([topic.query], 10)).papers.map((paper) => ({ id: paper.paperId, score: paper.score }));
    const baseline = (await bm25.rank(topic.query)).slice(0, 10).map((id, i) => ({ id, score: 10 - i }));
    const measure = (ranked: Array<{ id: number; score: number }>) => {
      const grades = ranked.map((item) => gradeOf(item.id));
      return {
        p5: precisionAt(5, grades),
        ndcg10: ndcgAt(10, grades, allGrades),
        top: ranked.map((item) => ({ title: titleOf.get(item.id) ?? '?', grade: gradeOf(item.id), score: item.score })),
      };
    };
    results.push({ ...topic, relevant, inMean: relevant >= MIN_RELEVANT_FOR_MEAN, ours: measure(ours), bm25: measure(baseline), nameOnly: measure(nameOnly) });
  }
  const counted = results.filter((result) => result.inMean);
  const meansOf = (run: 'ours' | 'bm25' | 'nameOnly'): Means => ({
    p5: mean(counted.map((r) => r[run].p5)),
    ndcg10: mean(counted.map((r) => r[run].ndcg10)),
  });
  return { topics: results, means: { ours: meansOf('ours'), bm25: meansOf('bm25'), nameOnly: meansOf('nameOnly'), topics: counted.length } };
}
