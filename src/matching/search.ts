// Finds, for one topic, every new paper that mentions any of its concepts, with the evidence per
// concept: how often the exact phrase occurs in the title and in the abstract, and how often it
// occurs only inside an "unless" phrase. PostgreSQL does the
// work on the stored, GIN-indexed tsvector (title weighted A, abstract B); the same SQL runs on
// PGlite. Weight masks select the field: ts_rank_cd('{0,0,0,1}', …) sees only A (title)
// positions, '{0,0,1,0}' only B (abstract); with normalisation 0 ts_rank_cd is the sum over
// occurrences of 1/(span of the occurrence), so an exact phrase counts 1 per occurrence.
import type { PrismaClient } from '../db/index.js';
import type { TopicQuery } from './concepts.js';

export interface ConceptEvidence {
  paperId: number;
  concept: number;
  titlePhrase: number;
  abstractPhrase: number;
  titleUnless: number;
  abstractUnless: number;
  /** Distinct lexemes of the paper's title and of its abstract: BM25F's field lengths. */
  titleLength: number;
  abstractLength: number;
}

const SQL = `
  WITH typed AS (
    -- 'simple' for lexemes learned from the corpus (already stemmed), 'english' for words as typed.
    -- Words as typed go through search_text(), as the papers' text did; lexemes are already in the
    -- vectors' form, and search_text() is not idempotent ('transformerz' would become 'transformerzz').
    SELECT c, cfg, CASE WHEN cfg = 'simple' THEN t ELSE search_text(t) END AS t
    FROM unnest($1::int[], $2::text[], $6::text[]) AS x(c, t, cfg)
  ), v AS (
    SELECT c, phraseto_tsquery(cfg::regconfig, t) AS phrase, plainto_tsquery(cfg::regconfig, t) AS words FROM typed
  ), u AS (
    SELECT c, phraseto_tsquery('english', search_text(t)) AS phrase
    FROM unnest($3::int[], $4::text[]) AS u(c, t)
  ), q AS (
    -- A concept matches if any of its variants does: the variants' queries are OR-ed.
    SELECT v.c,
           (string_agg('(' || v.phrase::text || ')', ' | ') FILTER (WHERE numnode(v.phrase) > 0))::tsquery AS phrase,
           (string_agg('(' || v.words::text || ')', ' | ') FILTER (WHERE numnode(v.words) > 0))::tsquery AS words,
           (SELECT (string_agg('(' || u.phrase::text || ')', ' | ') FILTER (WHERE numnode(u.phrase) > 0))::tsquery
              FROM u WHERE u.c = v.c) AS unless
    FROM v GROUP BY v.c
  )
  SELECT p.id AS "paperId", q.c AS concept,
         ts_rank_cd('{0,0,0,1}', p.search, q.phrase, 0)::float8 AS "titlePhrase",
         ts_rank_cd('{0,0,1,0}', p.search, q.phrase, 0)::float8 AS "abstractPhrase",
         COALESCE(ts_rank_cd('{0,0,0,1}', p.search, q.unless, 0), 0)::float8 AS "titleUnless",
         COALESCE(ts_rank_cd('{0,0,1,0}', p.search, q.unless, 0), 0)::float8 AS "abstractUnless",
         length(ts_filter(p.search, '{a}'))::int AS "titleLength",
         length(ts_filter(p.search, '{b}'))::int AS "abstractLength"
  FROM q JOIN "Paper" p ON p.search @@ q.words
  WHERE q.words IS NOT NULL AND q.phrase IS NOT NULL AND p."firstSeenAt" >= $5
    AND p."withdrawnAt" IS NULL -- withdrawn on arXiv: never recommended
    AND ($7::int[] IS NULL OR p.id = ANY($7::int[]))`;

/**
 * Evidence rows for every paper first seen since `since` that contains all words of some concept
 * (only among `onlyPapers` when given: common words are looked up only where other evidence is).
 */
export async function searchTopic(prisma: PrismaClient, query: TopicQuery, since: Date, onlyPapers: number[] | null = null): Promise<ConceptEvidence[]> {
  const variantConcept: number[] = [];
  const variantText: string[] = [];
  const unlessConcept: number[] = [];
  const unlessText: string[] = [];
  const variantConfig: string[] = [];
  query.concepts.forEach((concept, index) => {
    for (const variant of concept.variants) {
      variantConcept.push(index);
      variantText.push(variant);
      variantConfig.push(concept.role === 'expansion' ? 'simple' : 'english');
    }
    for (const phrase of concept.unless) {
      unlessConcept.push(index);
      unlessText.push(phrase);
    }
  });
  if (variantText.length === 0) return [];
  return prisma.$queryRawUnsafe<ConceptEvidence[]>(SQL, variantConcept, variantText, unlessConcept, unlessText, since, variantConfig, onlyPapers);
}
