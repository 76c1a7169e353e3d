// Other words for the same subject, learned from the corpus rather than listed by hand: pseudo-
// relevance feedback (a relevance model, Lavrenko & Croft 2001, as in RM3). The first papers of a
// topic's first ranking are taken as relevant; each votes for its terms in proportion to its score
// and to how much of its text the term takes (title occurrences counted like BM25F's field
// weight); a term's vote is weighted by the log of its lift (how much more often the feedback
// papers use it than the corpus does), so words every paper uses do not win. Terms that
// only one or two of those papers use are left out: they describe a paper, not the subject.
import type { CorpusShape } from './bm25f.js';
import type { Concept } from './concepts.js';
import type { ScoredPaper } from './relevance.js';
import type { PaperTerm } from './stats.js';
import { BM25F, EXPANSION } from './weights.js';

export interface FeedbackInput {
  /** The first ranking, best first (only papers that passed the evidence filter). */
  ranking: ScoredPaper[];
  /** The terms of its first papers (stats.ts: paperTerms). */
  terms: PaperTerm[];
  /** Lexemes the topic already searches for. */
  known: Set<string>;
  documentFrequency: Map<string, number>;
  shape: CorpusShape;
}

/** The papers whose terms vote. */
export const feedbackPapers = (ranking: ScoredPaper[]) => ranking.slice(0, EXPANSION.feedbackPapers);

export function expansionConcepts(input: FeedbackInput): Concept[] {
  const papers = feedbackPapers(input.ranking);
  if (papers.length < EXPANSION.minPapers) return [];
  const totalScore = papers.reduce((sum, paper) => sum + paper.score, 0);
  const scoreOf = new Map(papers.map((paper) => [paper.paperId, paper.score / totalScore]));
  const lengths = new Map<number, number>();
  for (const term of input.terms) lengths.set(term.paperId, (lengths.get(term.paperId) ?? 0) + weighted(term));
  const votes = new Map<string, { weight: number; papers: number; titles: number }>();
  for (const term of input.terms) {
    const share = scoreOf.get(term.paperId);
    if (share === undefined || input.known.has(term.lexeme) || !usable(term.lexeme)) continue;
    const vote = votes.get(term.lexeme) ?? { weight: 0, papers: 0, titles: 0 };
    vote.weight += (share * weighted(term)) / (lengths.get(term.paperId) ?? 1);
    vote.papers += 1;
    if (term.title > 0) vote.titles += 1;
    votes.set(term.lexeme, vote);
  }
  const { documents } = input.shape;
  const ranked = [...votes]
    .flatMap(([lexeme, vote]) => {
      const frequency = input.documentFrequency.get(lexeme) ?? 0;
      // A title states its paper's subject: a term no feedback title uses is a writing habit.
      if (vote.papers < EXPANSION.minPapers || vote.titles === 0 || frequency === 0 || frequency > EXPANSION.maxShare * documents) return [];
      // How much likelier the term is among the feedback papers than in the corpus: a subject's
      // words are concentrated there, a writing habit ("therefore", "notably") is not.
      const lift = vote.papers / papers.length / (frequency / documents);
      if (lift < EXPANSION.minLift) return [];
      return [{ lexeme, weight: vote.weight * Math.log(lift) }];
    })
    .sort((a, b) => b.weight - a.weight || a.lexeme.localeCompare(b.lexeme))
    .slice(0, EXPANSION.terms);
  const best = ranked[0]?.weight ?? 0;
  return ranked.map((term) => ({
    label: term.lexeme,
    role: 'expansion' as const,
    weight: (EXPANSION.weight * term.weight) / best,
    variants: [term.lexeme],
    unless: [],
  }));
}

const weighted = (term: PaperTerm) => BM25F.titleWeight * term.title + BM25F.abstractWeight * term.abstract;

/** Numbers, single letters and hyphenated compounds (already counted through their parts) do not expand. */
const usable = (lexeme: string) => lexeme.length >= 3 && /^\p{L}+$/u.test(lexeme);
