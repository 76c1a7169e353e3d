// Near-duplicates: the same work listed twice under slightly different titles (a "v2", a
// reordered subtitle) or the same abstract under two titles. A digest keeps only the first.
import type { PaperSignals } from './signals.js';
import { NEAR_DUPLICATE_TITLE_OVERLAP } from './weights.js';

const STOP_WORDS = new Set(['a', 'an', 'the', 'of', 'for', 'and', 'in', 'on', 'with', 'to', 'via', 'by', 'from', 'is', 'are', 'at', 'as']);

const titleWordCache = new WeakMap<PaperSignals, Set<string>>();

function titleWords(paper: PaperSignals): Set<string> {
  let words = titleWordCache.get(paper);
  if (!words) {
    words = new Set(
      paper.title
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((word) => word && !STOP_WORDS.has(word))
        .map((word) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word)),
    );
    titleWordCache.set(paper, words);
  }
  return words;
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}

/** A filter that keeps the first paper of each work (same abstract fingerprint or arXiv id). */
export function sameWork(signals: Map<number, PaperSignals>): (entry: { paperId: number }) => boolean {
  const seen = new Set<string>();
  return (entry) => {
    const paper = signals.get(entry.paperId);
    if (!paper) return true;
    const keys = [`f:${paper.fingerprint}`, ...(paper.arxivId ? [`a:${paper.arxivId}`] : [])];
    if (keys.some((key) => seen.has(key))) return false;
    for (const key of keys) seen.add(key);
    return true;
  };
}

export function isNearDuplicate(a: PaperSignals, b: PaperSignals): boolean {
  if (a.id === b.id) return true;
  if (a.arxivId && a.arxivId === b.arxivId) return true;
  if (a.fingerprint === b.fingerprint) return true;
  return overlap(titleWords(a), titleWords(b)) >= NEAR_DUPLICATE_TITLE_OVERLAP;
}
