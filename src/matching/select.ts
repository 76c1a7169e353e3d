// One reader's digest out of the shared pool: never a paper they were sent, no near-duplicates,
// at most `limit` papers, and every topic of theirs that has a match gets at least one place
// (so three fertile topics cannot crowd out a quiet fourth). Then the trending section.
import { isNearDuplicate } from './duplicates.js';
import type { PoolEntry } from './pool.js';
import { isOldWork, listedWithin, type PaperSignals } from './signals.js';

export interface Selection {
  entries: PoolEntry[];
  /** The pool ended before `limit` papers were found. */
  exhausted: boolean;
}

export interface SelectContext {
  limit: number;
  topicCount: number;
  isSent: (paperId: number) => boolean;
  signals: Map<number, PaperSignals>;
  /** The reader's today (else the run's time): papers published long before it (isOldWork) come after every new one. */
  now: Date;
}

/** New work first, in pool order; old work newly listed only fills the places that are left. */
function newsFirst(pool: PoolEntry[], context: SelectContext): PoolEntry[] {
  const news: PoolEntry[] = [];
  const old: PoolEntry[] = [];
  for (const entry of pool) {
    const paper = context.signals.get(entry.paperId);
    (paper !== undefined && isOldWork(paper, context.now) ? old : news).push(entry);
  }
  return news.concat(old);
}

export function selectDigest(all: PoolEntry[], context: SelectContext): Selection {
  const pool = newsFirst(all, context);
  const chosen: PoolEntry[] = [];
  const chosenIds = new Set<number>();
  const fits = (entry: PoolEntry) => {
    if (chosenIds.has(entry.paperId) || context.isSent(entry.paperId)) return false;
    const paper = context.signals.get(entry.paperId);
    return !paper || !chosen.some((other) => isDuplicateOf(paper, other, context.signals));
  };
  const take = (entry: PoolEntry) => {
    chosen.push(entry);
    chosenIds.add(entry.paperId);
  };
  if (context.topicCount > 1 && context.limit >= context.topicCount) {
    for (let topic = 0; topic < context.topicCount; topic++) {
      const best = pool.find((entry) => entry.topic === topic && fits(entry));
      if (best) take(best);
    }
  }
  let exhausted = true;
  for (const entry of pool) {
    if (chosen.length >= context.limit) {
      exhausted = false;
      break;
    }
    if (fits(entry)) take(entry);
  }
  if (chosen.length >= context.limit) exhausted = false;
  chosen.sort((a, b) => b.score - a.score || a.paperId - b.paperId);
  return { entries: chosen, exhausted };
}

function isDuplicateOf(paper: PaperSignals, other: PoolEntry, signals: Map<number, PaperSignals>): boolean {
  const otherPaper = signals.get(other.paperId);
  return otherPaper !== undefined && isNearDuplicate(paper, otherPaper);
}

export interface TrendingContext {
  count: number;
  isSent: (paperId: number) => boolean;
  /** Papers on one of the reader's topics belong in the digest proper, not here. */
  onReaderTopics: (paperId: number) => boolean;
  chosen: number[];
  signals: Map<number, PaperSignals>;
  /** Only papers last listed within this many days of `now` (a daily digest's section: two). */
  listedWithin?: { days: number; now: Date };
}

/** The first `count` papers of the run's trending list that this reader may get. */
export function selectTrending(trendingIds: number[], context: TrendingContext): number[] {
  const picked: PaperSignals[] = context.chosen.map((id) => context.signals.get(id)).filter((paper) => paper !== undefined);
  const result: number[] = [];
  for (const id of trendingIds) {
    if (result.length >= context.count) break;
    if (context.isSent(id) || context.onReaderTopics(id)) continue;
    const paper = context.signals.get(id);
    if (!paper || picked.some((other) => isNearDuplicate(paper, other))) continue;
    if (context.listedWithin && !listedWithin(paper, context.listedWithin.now, context.listedWithin.days)) continue;
    picked.push(paper);
    result.push(id);
  }
  return result;
}
