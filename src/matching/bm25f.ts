// BM25F (Robertson, Zaragoza & Taylor 2004) over a paper's two fields, title and abstract. Each
// concept of a topic (a word, a phrase, a learned term) is one term: its occurrences in each field
// are length-normalised per field and weighted, summed, saturated once with k1, and weighted by
// the concept's inverse document frequency in the run's corpus. Statistics come from the stored
// tsvectors (search.ts, stats.ts), so PostgreSQL and PGlite compute the same numbers.
import { BM25F } from './weights.js';

/** What BM25F needs to know about the corpus being ranked (the run's window of new papers). */
export interface CorpusShape {
  documents: number;
  /** Mean distinct lexemes per title and per abstract. */
  averageTitle: number;
  averageAbstract: number;
}

export interface FieldCounts {
  title: number;
  abstract: number;
}

/** Robertson–Spärck Jones IDF, kept positive (as in Lucene) so a very common term adds a little, never subtracts. */
export function idf(documentsWithTerm: number, documents: number): number {
  return Math.log(1 + (documents - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5));
}

const normalised = (count: number, length: number, average: number, b: number) => count / (1 - b + (b * length) / Math.max(1, average));

/** One term's BM25F contribution to one paper. */
export function conceptScore(count: FieldCounts, lengths: FieldCounts, documentsWithTerm: number, shape: CorpusShape): number {
  const tf =
    BM25F.titleWeight * normalised(count.title, lengths.title, shape.averageTitle, BM25F.titleB) +
    BM25F.abstractWeight * normalised(count.abstract, lengths.abstract, shape.averageAbstract, BM25F.abstractB);
  if (tf <= 0) return 0;
  return (idf(documentsWithTerm, shape.documents) * tf * (BM25F.k1 + 1)) / (BM25F.k1 + tf);
}
