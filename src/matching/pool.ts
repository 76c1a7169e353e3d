// The ranked candidates for one set of topics: new papers relevant to at least one of them, scored
// once for all subscribers who share the set. Subscribers then only filter it (select.ts).
//
// A pool does not score every candidate of every topic: each topic keeps its papers sorted by their
// score on that topic alone, and the set's pool is built from the first POOL_DEPTH_FACTOR × limit
// papers of each topic. A paper below that depth in every one of the set's topics could only climb
// into the pool through the small multi-topic bonus over hundreds of papers that beat it on each
// topic; it is left out, which keeps a set's ranking at a few thousand operations instead of tens
// of thousands. Without a limit (a subscriber who exhausted the pool) every candidate is scored.
import { sameWork } from './duplicates.js';
import type { TopicMatches } from './relevance.js';
import type { PaperSignals } from './signals.js';
import { BOOST, MULTI_TOPIC_BONUS } from './weights.js';

/** Freshness and trending of a paper, both in [0, 1], computed once per run. */
export interface PaperFactors {
  freshness: number;
  trending: number;
}

export interface PoolEntry {
  paperId: number;
  score: number;
  relevance: number;
  freshness: number;
  trending: number;
  /** Index (in the set) of the topic the paper is most relevant to. */
  topic: number;
}

export interface Pool {
  entries: PoolEntry[];
  /** True when entries stop at a size limit: a subscriber who exhausts them needs the rest. */
  truncated: boolean;
}

/** One topic's matches, with its papers ordered by their score on this topic alone. */
export interface RankedTopic {
  matches: TopicMatches;
  order: Array<{ paperId: number; score: number }>;
}

/** Relevance to a set of topics: the best topic, plus a little for each other topic it is on. */
export function combinedRelevance(relevances: number[]): { relevance: number; topic: number } {
  let best = 0;
  let topic = 0;
  let total = 0;
  relevances.forEach((relevance, index) => {
    total += relevance;
    if (relevance > best) {
      best = relevance;
      topic = index;
    }
  });
  return { relevance: best + MULTI_TOPIC_BONUS * (total - best), topic };
}

const NO_FACTORS: PaperFactors = { freshness: 0, trending: 0 };

export const scoreOf = (relevance: number, factors: PaperFactors) =>
  relevance * (1 + BOOST.freshness * factors.freshness + BOOST.trending * factors.trending);

/** A paper's entry in a pool: its relevance to the set, scored with this run's factors. */
function poolEntry(paperId: number, relevance: number, topic: number, factors: Map<number, PaperFactors>): PoolEntry {
  const paper = factors.get(paperId) ?? NO_FACTORS;
  return { paperId, score: scoreOf(relevance, paper), relevance, freshness: paper.freshness, trending: paper.trending, topic };
}

export function rankTopic(matches: TopicMatches, factors: Map<number, PaperFactors>): RankedTopic {
  const order = [...matches].map(([paperId, match]) => ({ paperId, score: scoreOf(match.relevance, factors.get(paperId) ?? NO_FACTORS) }));
  order.sort((a, b) => b.score - a.score || a.paperId - b.paperId);
  return { matches, order };
}

/** How deep into each topic's own ranking a pool of `limit` papers looks. */
export const POOL_DEPTH_FACTOR = 2;

export function buildPool(topics: RankedTopic[], factors: Map<number, PaperFactors>, limit = Infinity, signals?: Map<number, PaperSignals>): Pool {
  const depth = POOL_DEPTH_FACTOR * limit;
  const ids = new Set<number>();
  let truncated = false;
  for (const topic of topics) {
    const end = Math.min(depth, topic.order.length);
    if (end < topic.order.length) truncated = true;
    for (let i = 0; i < end; i++) ids.add(topic.order[i]!.paperId);
  }
  const entries: PoolEntry[] = [];
  const relevances = new Array<number>(topics.length);
  for (const paperId of ids) {
    for (let t = 0; t < topics.length; t++) relevances[t] = topics[t]!.matches.get(paperId)?.relevance ?? 0;
    // Every paper here passed its topic's evidence filter and cut-off (relevance.ts).
    const { relevance, topic } = combinedRelevance(relevances);
    entries.push(poolEntry(paperId, relevance, topic, factors));
  }
  entries.sort((a, b) => b.score - a.score || a.paperId - b.paperId);
  // The same work twice (same abstract, same arXiv id) is one candidate for everyone: the better
  // scored copy stays. Looser near-duplicates (similar titles) are caught per digest (select.ts).
  const kept = signals ? entries.filter(sameWork(signals)) : entries;
  if (kept.length > limit) return { entries: kept.slice(0, limit), truncated: true };
  return { entries: kept, truncated };
}

/**
 * A pool as the matcher keeps it for the rest of a run: one per distinct set of topics, up to
 * POOL_SIZE entries each, thousands of sets at 100,000 readers. Entries as objects took about
 * 50 KB a pool (each number boxed), 650 MB at 12,923 sets; these arrays take a tenth of that.
 * Score, freshness and trending follow from the relevance and the run's factors (expandPool).
 */
export interface StoredPool {
  paperIds: Int32Array;
  relevance: Float64Array;
  topic: Int32Array;
  truncated: boolean;
}

export function storePool(pool: Pool): StoredPool {
  const { entries } = pool;
  return {
    paperIds: Int32Array.from(entries, (entry) => entry.paperId),
    relevance: Float64Array.from(entries, (entry) => entry.relevance),
    topic: Int32Array.from(entries, (entry) => entry.topic),
    truncated: pool.truncated,
  };
}

/** The pool's entries again, as buildPool made them (the same scores, the same order). */
export function expandPool(stored: StoredPool, factors: Map<number, PaperFactors>): Pool {
  const entries = new Array<PoolEntry>(stored.paperIds.length);
  for (let i = 0; i < entries.length; i++) {
    entries[i] = poolEntry(stored.paperIds[i]!, stored.relevance[i]!, stored.topic[i]!, factors);
  }
  return { entries, truncated: stored.truncated };
}
