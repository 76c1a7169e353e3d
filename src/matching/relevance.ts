// Relevance of papers to one topic, from the evidence rows of search.ts. Pure arithmetic; the
// weights and the formula are in weights.ts.
import type { Concept } from './concepts.js';
import type { ConceptEvidence } from './search.js';
import { EVIDENCE, RELATED_EVIDENCE_CAP, RELEVANCE_SCALE, WORD_EVIDENCE_CAP } from './weights.js';

export interface TopicMatch {
  /** In [0, 1): see weights.ts for the formula. */
  relevance: number;
  /** Indexes of the concepts that gave evidence, strongest first. */
  concepts: number[];
}

/** Papers that gave any evidence for the topic, by paper id. */
export type TopicMatches = Map<number, TopicMatch>;

/** n occurrences count n / (n + 1): the second mention adds, the tenth hardly. */
const saturate = (n: number) => (n <= 0 ? 0 : n / (n + 1));

/** What one concept's occurrences in one paper are worth, before the concept's own weight. */
export function conceptEvidence(row: Omit<ConceptEvidence, 'paperId' | 'concept'>): number {
  // Occurrences that are only part of an "unless" phrase are taken out of both counts.
  const titlePhrase = Math.max(0, row.titlePhrase - row.titleUnless);
  const abstractPhrase = Math.max(0, row.abstractPhrase - row.abstractUnless);
  // Cover density counts exact phrases too (as 1 each); what is left is the words near each other.
  const titleNear = Math.max(0, row.titleNear - row.titlePhrase);
  const abstractNear = Math.max(0, row.abstractNear - row.abstractPhrase);
  return (
    // A title states its subject once: one occurrence there is worth the full weight, more than any
    // number of mentions in the abstract (which saturate below EVIDENCE.abstractPhrase).
    EVIDENCE.titlePhrase * Math.min(1, titlePhrase) +
    EVIDENCE.abstractPhrase * saturate(abstractPhrase) +
    EVIDENCE.titleNear * Math.min(1, titleNear) +
    EVIDENCE.abstractNear * Math.min(1, abstractNear)
  );
}

export function topicMatches(concepts: Concept[], rows: ConceptEvidence[]): TopicMatches {
  const perPaper = new Map<number, Array<{ concept: number; evidence: number }>>();
  for (const row of rows) {
    const evidence = conceptEvidence(row) * (concepts[row.concept]?.weight ?? 0);
    if (evidence <= 0) continue;
    let list = perPaper.get(row.paperId);
    if (!list) perPaper.set(row.paperId, (list = []));
    list.push({ concept: row.concept, evidence });
  }
  const matches: TopicMatches = new Map();
  for (const [paperId, list] of perPaper) {
    list.sort((a, b) => b.evidence - a.evidence || a.concept - b.concept);
    const sums = { defining: 0, related: 0, word: 0 };
    for (const item of list) sums[concepts[item.concept]?.role ?? 'related'] += item.evidence;
    const total = sums.defining + Math.min(RELATED_EVIDENCE_CAP, sums.related) + Math.min(WORD_EVIDENCE_CAP, sums.word);
    matches.set(paperId, { relevance: 1 - Math.exp(-total / RELEVANCE_SCALE), concepts: list.map((item) => item.concept) });
  }
  return matches;
}
