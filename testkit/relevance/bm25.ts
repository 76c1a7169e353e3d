// A plain BM25 baseline (Robertson/Spärck Jones, k1 = 1.2, b = 0.75) over exactly the text the
// matcher searches: the lexemes of each paper's stored tsvector (title and abstract, PostgreSQL's
// English stemmer, stop words removed), with the query tokenised the same way by to_tsvector.
import type { PrismaClient } from '../../src/db/index.js';

const K1 = 1.2;
const B = 0.75;

export interface Bm25Index {
  /** Paper ids ranked by BM25 for the query, best first (papers without any query term left out). */
  rank(query: string): Promise<number[]>;
}

export async function buildBm25(prisma: PrismaClient): Promise<Bm25Index> {
  const rows = await prisma.$queryRawUnsafe<Array<{ id: number; lexeme: string; tf: number }>>(
    `SELECT p.id, (u).lexeme AS lexeme, coalesce(array_length((u).positions, 1), 1)::int AS tf
     FROM "Paper" p, LATERAL (SELECT unnest(p.search) AS u) x`,
  );
  const docs = new Map<number, Map<string, number>>();
  const lengths = new Map<number, number>();
  const documentFrequency = new Map<string, number>();
  for (const row of rows) {
    let terms = docs.get(row.id);
    if (!terms) docs.set(row.id, (terms = new Map()));
    terms.set(row.lexeme, row.tf);
    lengths.set(row.id, (lengths.get(row.id) ?? 0) + row.tf);
    documentFrequency.set(row.lexeme, (documentFrequency.get(row.lexeme) ?? 0) + 1);
  }
  const count = docs.size;
  const averageLength = [...lengths.values()].reduce((sum, n) => sum + n, 0) / Math.max(1, count);
  return {
    async rank(query) {
      const terms = (await prisma.$queryRawUnsafe<Array<{ lexeme: string }>>(`SELECT lexeme FROM unnest(to_tsvector('english', search_text($1)))`, query)).map((r) => r.lexeme);
      const scores: Array<[number, number]> = [];
      for (const [id, termFrequencies] of docs) {
        let score = 0;
        for (const term of terms) {
          const tf = termFrequencies.get(term);
          if (!tf) continue;
          const n = documentFrequency.get(term) ?? 0;
          const idf = Math.log(1 + (count - n + 0.5) / (n + 0.5));
          score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lengths.get(id)!) / averageLength));
        }
        if (score > 0) scores.push([id, score]);
      }
      return scores.sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
    },
  };
}
