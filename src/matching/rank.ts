// Ranks papers for a set of interests with PostgreSQL full-text search over the stored, weighted
// tsvector (title A, abstract B). Papers already sent to the subscriber are never candidates.
import type { PrismaClient } from '../db/index.js';
import type { MatchReason } from '../digest/types.js';

export interface InterestQuery {
  /** What the reader sees: the catalogue topic's name or their free text. */
  label: string;
  /** What is searched: the catalogue topic's curated phrases, or the free text itself. */
  phrases: string[];
}

export interface RankedPaper {
  paperId: number;
  score: number;
  reasons: MatchReason[];
}

export interface RankOptions {
  /** Exclude what this subscriber was already sent. */
  subscriberId?: number;
  limit: number;
  /** How many candidates each interest contributes before merging. */
  perInterest?: number;
}

interface Row {
  id: number;
  rank: number;
  matched: string[];
}

export async function rankPapers(
  prisma: PrismaClient,
  interests: InterestQuery[],
  options: RankOptions,
): Promise<RankedPaper[]> {
  const merged = new Map<number, RankedPaper>();
  for (const interest of interests) {
    const phrases = interest.phrases.filter((phrase) => phrase.trim() !== '').slice(0, 32);
    if (phrases.length === 0) continue;
    const rows = await searchPhrases(prisma, phrases, options.subscriberId, options.perInterest ?? 200);
    for (const row of rows) {
      const entry = merged.get(row.id) ?? { paperId: row.id, score: 0, reasons: [] };
      entry.score += row.rank;
      entry.reasons.push({ topic: interest.label, words: row.matched });
      merged.set(row.id, entry);
    }
  }
  return [...merged.values()].sort((a, b) => b.score - a.score || a.paperId - b.paperId).slice(0, options.limit);
}

async function searchPhrases(
  prisma: PrismaClient,
  phrases: string[],
  subscriberId: number | undefined,
  limit: number,
): Promise<Row[]> {
  // $1..$n are the phrases; each becomes a phrase query, and the interest matches any of them.
  const query = phrases.map((_, i) => `phraseto_tsquery('english', $${i + 1})`).join(' || ');
  const matched = phrases.map((_, i) => `CASE WHEN p.search @@ phraseto_tsquery('english', $${i + 1}) THEN $${i + 1} END`);
  const subscriberParam = phrases.length + 1;
  const limitParam = phrases.length + 2;
  const sql = `
    SELECT p.id, ts_rank_cd(p.search, q.query)::float8 AS rank,
           array_remove(ARRAY[${matched.join(', ')}]::text[], NULL) AS matched
    FROM "Paper" p, (SELECT ${query} AS query) q
    WHERE p.search @@ q.query
      AND ($${subscriberParam}::int IS NULL OR NOT EXISTS (
        SELECT 1 FROM "SentPaper" s WHERE s."subscriberId" = $${subscriberParam}::int AND s."paperId" = p.id))
    ORDER BY rank DESC, p.id
    LIMIT $${limitParam}::int`;
  return prisma.$queryRawUnsafe<Row[]>(sql, ...phrases, subscriberId ?? null, limit);
}
