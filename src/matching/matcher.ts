// The matcher a send run uses: picks each subscriber's papers. One matcher lives for one run, so
// work that depends only on the topics (not on the subscriber) can be shared between subscribers
// with the same interests.
import type { PrismaClient } from '../db/index.js';
import { interestQueries } from './interests.js';
import { rankPapers, type RankedPaper } from './rank.js';

export interface PickInput {
  subscriberId: number;
  /** Interest labels in the subscriber's order (catalogue names or free text). */
  topics: string[];
  limit: number;
}

export interface Pick {
  /** At most `limit` papers, best first, none ever sent to this subscriber before. */
  papers: RankedPaper[];
  /** At most 3 trending papers outside the subscriber's topics, also never sent before. */
  trending: RankedPaper[];
}

export interface Matcher {
  pick(input: PickInput): Promise<Pick>;
}

export function createMatcher(prisma: PrismaClient, _options: { now: Date }): Matcher {
  return {
    async pick(input) {
      const queries = await interestQueries(prisma, input.topics);
      const papers = await rankPapers(prisma, queries, { subscriberId: input.subscriberId, limit: input.limit });
      return { papers, trending: [] };
    },
  };
}
