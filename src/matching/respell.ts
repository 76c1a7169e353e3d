// "Did you mean …?" for a topic that finds nothing because of a typing slip. "difusion models" or
// "contrastive learing" matched no paper and the reader was told only that nothing new matched,
// which reads as a quiet week, not as a typo. A word of the topic that no paper of the window uses
// is compared with the words the papers do use; the closest frequent one that starts with the
// same letter (slips rarely hit the first) is proposed, and only when the respelled topic finds
// papers. It is a suggestion to the reader, never applied silently: a word the corpus lacks may be
// exactly what they mean (a subject that has not come up yet).
import { distance } from 'fastest-levenshtein';
import type { PrismaClient } from '../db/index.js';

/** Lower-cased words of the window's titles and abstracts, with the number of papers using each. */
export type CorpusWords = Map<string, number>;

/** Words shorter than this are left alone: abbreviations, and too little to tell a slip from another word. */
const MIN_WORD = 5;
/** A candidate must be used by at least this many papers: a typo in one abstract is no suggestion. */
const MIN_PAPERS = 2;

/**
 * Edits allowed for a word of this length: one up to 7 letters, two from 8 on. Two neighbouring
 * letters typed in each other's place ("protien" for "protein") are one slip, not the two edits
 * Levenshtein counts: the commonest slip of all was offered nothing in a word under 8 letters.
 */
const allowedEdits = (length: number) => (length >= 8 ? 2 : 1);

export async function loadCorpusWords(prisma: PrismaClient, since: Date): Promise<CorpusWords> {
  // ts_stat over the 'simple' configuration: every word as written (lower-cased, unstemmed) and in
  // how many papers, counted inside PostgreSQL (PGlite too) instead of shipping the abstracts here.
  const inner = `SELECT to_tsvector('simple', title || ' ' || abstract) FROM "Paper" WHERE "firstSeenAt" >= '${since.toISOString()}'::timestamptz AND "withdrawnAt" IS NULL`;
  const rows = await prisma.$queryRawUnsafe<Array<{ word: string; ndoc: number }>>(
    `SELECT word, ndoc FROM ts_stat($1) WHERE ndoc >= $2 AND word ~ '^[a-z][a-z-]*$'`,
    inner,
    MIN_PAPERS,
  );
  return new Map(rows.map((row) => [row.word, Number(row.ndoc)]));
}

/**
 * The topic with each word that no paper uses replaced by the closest word papers do use, or null
 * when no word changes. Case is kept for a word written capitalised; acronyms and short words are
 * left as typed.
 */
export function respell(topic: string, words: CorpusWords): string | null {
  let changed = false;
  const respelled = topic.replace(/[A-Za-z]+(?:-[A-Za-z]+)*/g, (word) => {
    const lower = word.toLowerCase();
    if (lower.length < MIN_WORD || word === word.toUpperCase() || words.has(lower)) return word;
    const best = closestWord(lower, words);
    if (!best) return word;
    changed = true;
    return word[0] === word[0]!.toUpperCase() ? best[0]!.toUpperCase() + best.slice(1) : best;
  });
  return changed ? respelled : null;
}

function closestWord(word: string, words: CorpusWords): string | null {
  const edits = allowedEdits(word.length);
  let best: { word: string; edits: number; papers: number } | null = null;
  for (const [candidate, papers] of words) {
    if (candidate[0] !== word[0] || Math.abs(candidate.length - word.length) > edits) continue;
    const d = swapsTwoLetters(word, candidate) ? 1 : distance(word, candidate);
    if (d === 0 || d > edits) continue;
    if (!best || d < best.edits || (d === best.edits && papers > best.papers)) best = { word: candidate, edits: d, papers };
  }
  return best?.word ?? null;
}

/** Whether `a` is `b` with two neighbouring letters swapped. */
function swapsTwoLetters(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
