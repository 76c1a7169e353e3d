// Term statistics of the corpus a run ranks (the papers first seen in its window), computed at the
// start of the run from the stored tsvectors, so they are current after every ingest whatever
// wrote the papers, and identical on PostgreSQL and PGlite. A concept's own document frequency
// comes with its search rows (relevance.ts); these are the corpus shape and, for the terms that
// pseudo-relevance feedback considers, their document frequencies (ts_stat, one pass per run).
import type { PrismaClient } from '../db/index.js';
import type { CorpusShape } from './bm25f.js';

export async function loadCorpusShape(prisma: PrismaClient, since: Date): Promise<CorpusShape> {
  const [row] = await prisma.$queryRawUnsafe<Array<{ documents: number; averageTitle: number | null; averageAbstract: number | null }>>(
    `SELECT count(*)::int AS documents,
            avg(length(ts_filter(search, '{a}')))::float8 AS "averageTitle",
            avg(length(ts_filter(search, '{b}')))::float8 AS "averageAbstract"
     FROM "Paper" WHERE "firstSeenAt" >= $1 AND search IS NOT NULL`,
    since,
  );
  return { documents: row?.documents ?? 0, averageTitle: row?.averageTitle ?? 1, averageAbstract: row?.averageAbstract ?? 1 };
}

/** Document frequency of every lexeme in the window. */
export async function loadDocumentFrequencies(prisma: PrismaClient, since: Date): Promise<Map<string, number>> {
  // ts_stat takes the query as text; the date is a literal we produced ourselves, not user input.
  const inner = `SELECT search FROM "Paper" WHERE "firstSeenAt" >= '${since.toISOString()}'::timestamptz AND search IS NOT NULL`;
  const rows = await prisma.$queryRawUnsafe<Array<{ word: string; ndoc: number }>>(`SELECT word, ndoc FROM ts_stat($1)`, inner);
  return new Map(rows.map((row) => [row.word, row.ndoc]));
}

export interface PaperTerm {
  paperId: number;
  lexeme: string;
  title: number;
  abstract: number;
}

/** The lexemes of a few papers with their occurrences in title and abstract. */
export async function paperTerms(prisma: PrismaClient, paperIds: number[]): Promise<PaperTerm[]> {
  if (paperIds.length === 0) return [];
  return prisma.$queryRawUnsafe<PaperTerm[]>(
    `SELECT p.id AS "paperId", u.lexeme,
            cardinality(array_positions(u.weights, 'A'))::int AS title,
            cardinality(array_positions(u.weights, 'B'))::int AS abstract
     FROM "Paper" p, unnest(p.search) AS u
     WHERE p.id = ANY($1::int[])`,
    paperIds,
  );
}

/** The lexemes PostgreSQL's English configuration makes of some text. */
export async function lexemesOf(prisma: PrismaClient, texts: string[]): Promise<Set<string>> {
  const rows = await prisma.$queryRawUnsafe<Array<{ lexeme: string }>>(
    `SELECT DISTINCT u.lexeme FROM unnest($1::text[]) AS t, unnest(to_tsvector('english', search_text(t))) AS u`,
    texts,
  );
  return new Set(rows.map((row) => row.lexeme));
}

/** The lexeme PostgreSQL's English configuration makes of each single or hyphenated word (none for a stop word). */
export async function wordLexemes(prisma: PrismaClient, words: string[]): Promise<Map<string, string>> {
  if (words.length === 0) return new Map();
  const rows = await prisma.$queryRawUnsafe<Array<{ word: string; lexeme: string | null }>>(
    // A hyphenated word's own lexeme is the whole compound ("multi-task"), not one of its parts.
    `SELECT w AS word, (SELECT lexeme FROM unnest(to_tsvector('english', search_text(w))) ORDER BY position('-' in lexeme) > 0 DESC, lexeme LIMIT 1) AS lexeme FROM unnest($1::text[]) AS w`,
    words,
  );
  return new Map(rows.flatMap((row) => (row.lexeme ? [[row.word, row.lexeme] as [string, string]] : [])));
}
