// The papers digests are made of, read once per send run: thousands of digests share a few
// hundred papers, so loading each paper per digest would read the same rows over and over.
import { loadPapers, type PaperRecord } from '../corpus/index.js';
import type { PrismaClient } from '../db/index.js';

/** Bounds memory on a large corpus; a full cache is simply emptied and refilled. */
const MAX_CACHED = 5000;

export interface PaperCache {
  /** Returns every requested paper that exists, reading only those not cached yet. */
  load(ids: Iterable<number>): Promise<Map<number, PaperRecord>>;
}

/** `run` wraps each read (the send run's outage guard). */
export function createPaperCache(prisma: PrismaClient, run: <T>(read: () => Promise<T>) => Promise<T> = (read) => read()): PaperCache {
  const cache = new Map<number, PaperRecord>();
  return {
    async load(ids) {
      const wanted = [...new Set(ids)];
      let missing = wanted.filter((id) => !cache.has(id));
      if (missing.length > 0) {
        if (cache.size + missing.length > MAX_CACHED) {
          cache.clear();
          missing = wanted;
        }
        const ids = missing;
        for (const [id, paper] of await run(() => loadPapers(prisma, ids))) cache.set(id, paper);
      }
      const found = new Map<number, PaperRecord>();
      for (const id of wanted) {
        const paper = cache.get(id);
        if (paper) found.set(id, paper);
      }
      return found;
    },
  };
}
