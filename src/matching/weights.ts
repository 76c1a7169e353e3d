// Every number that shapes a digest, in one place. docs/matching.md explains the formula:
//
//   evidence(concept)  = weight × ( TITLE_PHRASE    × min(1, phrase occurrences in the title)
//                                 + ABSTRACT_PHRASE × sat(phrase occurrences in the abstract)
//                                 + TITLE_NEAR      × min(1, proximity of the words in the title)
//                                 + ABSTRACT_NEAR   × min(1, proximity of the words in the abstract) )
//   relevance(topic)   = 1 − exp(−(Σ defining + min(RELATED_EVIDENCE_CAP, Σ related)
//                                  + min(WORD_EVIDENCE_CAP, Σ words of free text)) / RELEVANCE_SCALE)
//   relevance(paper)   = best topic + MULTI_TOPIC_BONUS × Σ other topics
//   score              = relevance × (1 + FRESHNESS × freshness + TRENDING × trending)
//
// sat(n) = n / (n + 1): a second mention counts, a tenth hardly, and no number of mentions in the
// abstract is worth the phrase in the title. "Proximity" is PostgreSQL's cover
// density (1 for adjacent words, 1/k for words k positions apart) minus exact phrase matches.

/** What a concept's evidence is worth per field; a phrase in the title beats anything in the abstract. */
export const EVIDENCE = {
  titlePhrase: 1.0,
  abstractPhrase: 0.8,
  titleNear: 0.5,
  abstractNear: 0.3,
} as const;

/**
 * Spreads relevance over [0, 1) instead of letting it saturate: a paper with the topic's phrase in
 * its title and twice in its abstract (Σ ≈ 1.5) gets 0.53, one that only mentions it in passing
 * (Σ ≈ 0.4) gets 0.18, and papers that are about several of the topic's phrases approach 1.
 */
export const RELEVANCE_SCALE = 2;

/** Defining phrases of a topic count fully, related phrases (e.g. "denoising" for diffusion) half. */
export const CONCEPT_WEIGHT = {
  phrase: 1.0,
  related: 0.5,
} as const;

/**
 * Free text only: each word of the reader's text is also a weak concept, weighted by this times its
 * rarity (log(N / documents with the word) / log N), so rare, telling words carry the fallback.
 */
export const WORD_FALLBACK_WEIGHT = 0.8;

/** …and a word found in more than this share of all papers ("model", "learning") adds nothing. */
export const COMMON_WORD_SHARE = 0.3;

/**
 * …and the words of the reader's text found on their own count together at most as much as one
 * mention of the whole phrase in the abstract: "Folding Chairs and Protein Bars" stays below a
 * paper that says "protein folding".
 */
export const WORD_EVIDENCE_CAP = 0.4;

/**
 * Related phrases are hints: together they count at most this much (about one defining phrase in
 * the abstract), so a paper full of hints ("self-attention", "patches", "token pruning") does not
 * outrank one that names the topic in its title.
 */
export const RELATED_EVIDENCE_CAP = 0.6;

/** A paper on two of the reader's topics ranks a little above one on a single topic. */
export const MULTI_TOPIC_BONUS = 0.2;

/**
 * Below this relevance a paper is not put in a digest: better a short digest than a padded one.
 * 0.09 ≈ Σ evidence 0.2: one passing mention of a related phrase, or of a defining phrase's words
 * close together, is not enough on its own.
 */
export const MIN_RELEVANCE = 0.09;

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
 * ("Older papers, newly listed") and does not count it as new. It is never trending.
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
  /** Only a paper listed within this many days can be trending (a weekly digest's week). */
  recentListingDays: 7,
} as const;

/** "New" papers: first seen at most this many days ago (and never sent to the reader). */
export const NEW_WINDOW_DAYS = 14;

/** The trending section: at most this many papers outside the reader's topics. */
export const TRENDING_SECTION_SIZE = 3;

/** Two papers whose title words overlap this much (Jaccard) are near-duplicates; one is dropped. */
export const NEAR_DUPLICATE_TITLE_OVERLAP = 0.8;
