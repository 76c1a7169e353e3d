// Which words of a topic that finds nothing no paper of the window uses at all. The matcher sends
// nothing rather than padding when a topic's rarer word is in no paper ("misinformation detection"
// on a window that says "fake news"; round 24, relevance.ts), and a reader told only "nothing
// matches" cannot tell a quiet week from a word the papers never write. Naming the word tells them
// what to change. Words are looked up as the papers' vectors hold them (PostgreSQL's English
// stemmer through search_text(), as the matcher searches), so "truncatable" is unused when no paper
// says "truncate", "truncated" or "truncation", and "detections" is used wherever "detection" is.
import type { PrismaClient } from '../db/index.js';
import { STOP_WORDS } from './stop-words.js';

/** The words a reader typed, hyphenated words whole ("multi-layer"), as written, in any script ("Schrödinger"). */
const WORD = /\p{L}[\p{L}\p{N}]*(?:-[\p{L}\p{N}]+)*/gu;

/**
 * The words of `topic` (stop words aside) that no paper first seen since `since` uses, in the
 * order typed, each once. One indexed lookup (the vectors' GIN index) per word.
 */
export async function unusedWords(prisma: PrismaClient, topic: string, since: Date): Promise<string[]> {
  const words = [...new Set(topic.match(WORD) ?? [])].filter((word) => !STOP_WORDS.has(word.toLowerCase()));
  if (words.length === 0) return [];
  const rows = await prisma.$queryRawUnsafe<Array<{ word: string; used: boolean }>>(
    `SELECT w.word, EXISTS (
       SELECT 1 FROM "Paper" p
       WHERE p.search @@ q.query AND p."firstSeenAt" >= $2 AND p."withdrawnAt" IS NULL
     ) AS used
     FROM unnest($1::text[]) WITH ORDINALITY AS w(word, n),
     LATERAL (SELECT plainto_tsquery('english', search_text(w.word)) AS query) q
     WHERE numnode(q.query) > 0
     ORDER BY w.n`,
    words,
    since,
  );
  return rows.filter((row) => !row.used).map((row) => row.word);
}
