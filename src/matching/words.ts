// Free text gets a fallback the curated catalogue does not need: each unit of the reader's text (a
// known term such as "large language model" or "LLM", else a single word) is also a weak concept
// of its own, weighted by how rare it is in the corpus (inverse document frequency). "knowledge
// distillation" then still finds "Multi-teacher Distillation" (a rare, telling word), while a paper
// that merely says "knowledge" gains little and common words ("model", "learning") gain nothing.
// Papers with the whole phrase still rank first.
import type { PrismaClient } from '../db/index.js';
import type { Vocabulary } from './catalogue.js';
import { comparableWords, conceptFor, type Concept, type TopicQuery } from './concepts.js';
import { COMMON_WORD_SHARE, WORD_FALLBACK_WEIGHT } from './weights.js';

/** Splits text into known terms of the synonym table (longest first) and single words. */
export function unitsOf(text: string, synonyms: string[][]): string[] {
  const words = text.split(' ').filter(Boolean);
  const comparable = words.map((word) => comparableWords(word).join(' '));
  const members = synonyms.flat().map(comparableWords).sort((a, b) => b.length - a.length);
  const units: string[] = [];
  for (let i = 0; i < words.length; ) {
    const term = members.find((member) => member.length > 1 && member.every((word, k) => comparable[i + k] === word));
    const length = term?.length ?? 1;
    units.push(words.slice(i, i + length).join(' '));
    i += length;
  }
  return units;
}

/** Adds one IDF-weighted concept per unit of each multi-unit part of a free-text topic. */
export async function withWordConcepts(prisma: PrismaClient, query: TopicQuery, vocabulary: Vocabulary): Promise<TopicQuery> {
  const candidates = query.concepts.flatMap((concept) => {
    const text = concept.variants[0] ?? '';
    let units = unitsOf(text, vocabulary.synonyms);
    // A text that is one known term ("knowledge distillation") falls back on its words.
    if (units.length === 1) units = text.split(' ').filter(Boolean);
    return units.length > 1 ? units.map((unit) => conceptFor(unit, 'word', vocabulary)) : [];
  });
  if (candidates.length === 0) return query;
  const texts = [...new Set(candidates.flatMap((concept) => concept.variants))];
  const rows = await prisma.$queryRawUnsafe<Array<{ text: string; documents: number; total: number }>>(
    `SELECT t AS text,
            (SELECT count(*) FROM "Paper" p WHERE p.search @@ plainto_tsquery('english', t))::int AS documents,
            (SELECT count(*) FROM "Paper")::int AS total
     FROM unnest($1::text[]) AS t
     WHERE numnode(plainto_tsquery('english', t)) > 0`,
    texts,
  );
  const documents = new Map(rows.map((row) => [row.text, row.documents]));
  const total = rows[0]?.total ?? 0;
  if (total < 2) return query;
  const extra: Concept[] = [];
  const seen = new Set(query.concepts.map((concept) => concept.variants[0]));
  for (const concept of candidates) {
    // A unit is as common as its most common spelling.
    const count = Math.max(0, ...concept.variants.map((variant) => documents.get(variant) ?? 0));
    if (count === 0 || count / total > COMMON_WORD_SHARE || seen.has(concept.variants[0])) continue;
    seen.add(concept.variants[0]);
    extra.push({ ...concept, weight: WORD_FALLBACK_WEIGHT * (Math.log(total / count) / Math.log(total)) });
  }
  return { ...query, concepts: [...query.concepts, ...extra] };
}
