// Every number that shapes a digest, in one place. docs/matching.md explains the formula:
//
//   floor(topic, paper) = Σ over the reader's words (and a catalogue topic's defining phrases) c:
//                           weight(c) × BM25F(c, paper)
//       BM25F(c, paper)  = idf(c) × tf / (k1 + tf),
//       tf               = Σ over fields f (title, abstract): w_f × n_f / (1 − b_f + b_f × len_f / avglen_f)
//   extra(topic, paper) = the same sum over the reader's text as a phrase, known terms, hints and
//                         learned terms (related phrases add at most RELATED_SHARE_CAP of the rest)
//   score(topic, paper) = floor + min(extra, EXTRA_INFLUENCE × best floor of the topic)
//   a paper enters only with real evidence (relevance.ts: hasEvidence) and
//   relevance(topic)  = score / best score of the topic, kept only if ≥ RELATIVE_CUTOFF (or
//                       ≥ FULL_COVERAGE_FLOOR with every one of the reader's telling words)
//   relevance(paper)  = best topic + MULTI_TOPIC_BONUS × Σ other topics
//   score             = relevance × (1 + FRESHNESS × freshness + TRENDING × trending)

/** BM25F parameters: a title states the subject, so one mention there counts as several in the abstract. */
export const BM25F = {
  k1: 1.2,
  titleWeight: 3,
  abstractWeight: 1,
  /** Titles are short and similar in length: little length normalisation. */
  titleB: 0.3,
  abstractB: 0.75,
} as const;

/** What one concept counts: the reader's own words and a topic's defining phrases fully, hints less. */
export const CONCEPT_WEIGHT = {
  word: 1.0,
  phrase: 1.0,
  /** The reader's own multi-word text as an exact phrase: proximity evidence beyond its words. */
  ownPhrase: 1.5,
  related: 0.5,
} as const;

/**
 * Everything beyond the reader's own words (phrases, hints, learned terms) lifts a paper by at most
 * this share of the topic's best word score: extra evidence reorders, the words stay the floor.
 */
export const EXTRA_INFLUENCE = 1;

/**
 * A phrase of the reader's topic (their text, or a known term inside it with its other names) speaks
 * for the reader's words it is made of, not for the others: its evidence counts in a paper times
 * (share of the topic's telling words, by rarity, that the paper has, itself or through such a
 * phrase) to this power. "knowledge distillation for quantized networks" ranked five papers on
 * knowledge distillation alone, lifted by that phrase, above the two on distilling quantized
 * networks (round 25).
 */
export const PHRASE_COVERAGE_POWER = 2;

/** Related phrases together add at most this share of the rest of a paper's evidence. */
export const RELATED_SHARE_CAP = 0.5;

/**
 * A term found in more than this share of the window's papers ("model", "learning", "data") is
 * common: it ranks (with its small IDF) but is never evidence on its own.
 */
export const COMMON_TERM_SHARE = 0.1;

/**
 * Without a defining phrase, a paper needs the reader's telling words covering this share of their
 * rarity (IDF): most of "GPT-style models", not just "style"; both words of "protein folding".
 */
export const WORD_COVERAGE = 0.6;

/**
 * A reader's own words of at least this many words (stop words aside) describe a subject rather than
 * name it: a paper with part of their telling words is a candidate even when no paper has them all
 * (relevance.ts: isDescription), if it has the rarest of them the window has and at least
 * DESCRIPTION_COVERAGE of their rarity (descriptionFragments). Chosen 2026-12-05 (round 22) on the
 * tuning, dev and first four held-out sets (by then all examined) and on descriptions of subjects the
 * sample corpus lacks: people's words nDCG@10 0.46 → 0.50 on held-out 2, 0.56 → 0.57 on held-out 3,
 * 0.52 → 0.55 on held-out 4, no list precision lost on any set. Without the two conditions on a
 * fragment it gained more (0.52, 0.58, 0.57) and sent ten off-topic papers to descriptions of a
 * subject the window lacks ("quantum error correction for superconducting qubits": sorting
 * networks). 3 words read names such as "quantum error correction" as descriptions.
 */
export const DESCRIPTION_WORDS = 4;
export const DESCRIPTION_COVERAGE = 0.25;

/**
 * A paper is kept for a topic only if its score reaches this share of the topic's best paper:
 * the cut-off follows each topic's own score distribution. Better 3 right papers than 10 with 7
 * wrong.
 */
export const RELATIVE_CUTOFF = 0.3;

/**
 * …except a paper containing every one of the reader's telling words, which plain BM25 on those
 * words would rank: it stays down to this share of the best.
 */
export const FULL_COVERAGE_FLOOR = 0.2;

/**
 * A topic's list also ends at the first deep drop in its scores: once GAP_AFTER papers are kept, a
 * paper scoring under SCORE_GAP × the paper before it is where the subject ends and papers that
 * merely share its words begin ("neural collapse": two papers about it at 1.0 and 0.95, then
 * papers on mode or codebook collapse at 0.28). Chosen on the tuning and dev sets (0.45: dev list
 * precision +0.04, nothing else moved; 0.5: +0.10 for −0.01 nDCG@10; 0.6: +0.22 for −0.05; a
 * drop allowed after the first paper cost a tuning topic 0.57 nDCG@10, hence two).
 */
export const SCORE_GAP = 0.5;
export const GAP_AFTER = 2;

/**
 * How many of the papers a topic's cut-off left out are remembered with their relevance, for
 * readers whose marks point at them (relevance.ts: belowCut). A digest holds at most 50 papers.
 */
export const BELOW_CUT_DEPTH = 300;

/**
 * Other words for the same subject, learned from the corpus by pseudo-relevance feedback
 * (expansion.ts): the first `feedbackPapers` papers of a first ranking vote for their terms,
 * `terms` terms found in at least `minPapers` of them (and in at most `maxShare` of the corpus)
 * are added, the best weighted `weight`, the others in proportion.
 */
export const EXPANSION = {
  feedbackPapers: 10,
  terms: 10,
  minPapers: 3,
  maxShare: 0.1,
  /** …and used at least this many times more often by the feedback papers than by the corpus. */
  minLift: 4,
  weight: 0.3,
} as const;

/** A paper on two of the reader's topics ranks a little above one on a single topic. */
export const MULTI_TOPIC_BONUS = 0.2;

/**
 * Freshness and trending multiply relevance by at most 1 + FRESHNESS + TRENDING: they reorder
 * papers of similar relevance, never lift an off-topic paper above an on-topic one. A paper with no
 * signal keeps its relevance (factor 1), it is not pushed to zero.
 */
export const BOOST = {
  freshness: 0.1,
  trending: 0.25,
} as const;

/**
 * Freshness halves every this many days after the paper's first listing (else when first seen).
 * Every paper is dated the same way, so a paper without a publication date gets no advantage over
 * a dated one listed beside it; how old the work itself is decides RECENT_PUBLICATION_DAYS.
 */
export const FRESHNESS_HALF_LIFE_DAYS = 7;

/**
 * A paper published more than this many days before the digest is not news, however recently it
 * was listed: it only fills places that new papers leave free, and the digest shows it apart
 * ("Older papers, new to you") and does not count it as new. It is never trending.
 */
export const RECENT_PUBLICATION_DAYS = 30;

/** trending = upvotes × U + pages × P + listing × R, each part in [0, 1]. */
export const TRENDING = {
  weights: { upvotes: 0.5, pages: 0.25, listing: 0.25 },
  /** U = log(1 + upvotes) / log(1 + this): 100 upvotes is as trending as it gets. */
  upvoteSaturation: 100,
  /** P = (pages − 1) / this: appearing on 4 pages (or feed days) is as trending as it gets. */
  extraPagesSaturation: 3,
  /** R halves every this many days after the last page that listed the paper. */
  listingHalfLifeDays: 3,
  /**
   * The trending section: at least this many upvotes, or listings on two pages or feed days. Three
   * upvotes on one listing is what most papers of a Daily Papers page have, not a trend.
   */
  minSectionUpvotes: 10,
  /** Only a paper listed within this many days can be trending (a weekly digest's week). */
  recentListingDays: 7,
  /**
   * A daily digest's "Trending today" section: listed within this many days (the latest day's page
   * or the one before it; listing pages are dated in UTC), not a week ago.
   */
  dailySectionDays: 2,
} as const;

/** "New" papers: first seen at most this many days ago (and never sent to the reader). */
export const NEW_WINDOW_DAYS = 14;

/** When the window of "new" papers opens, for a run at `now`. */
export const newWindowSince = (now: Date, days: number = NEW_WINDOW_DAYS) => new Date(now.getTime() - days * 86_400_000);

/** The trending section: at most this many papers outside the reader's topics. */
export const TRENDING_SECTION_SIZE = 3;

/** Two papers whose title words overlap this much (Jaccard) are near-duplicates; one is dropped. */
export const NEAR_DUPLICATE_TITLE_OVERLAP = 0.8;
