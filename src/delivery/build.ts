// Step 3a: choose deliveries' papers once. They are stored with the delivery (so a retry or the
// web view shows the same digest) and entered in the subscriber's "sent" ledger in the same
// transaction, so no later digest can pick them again.
//
// A claimed batch is built at once: one ledger query for all its subscribers, the picks made in
// memory from the run's shared rankings, and one transaction of three statements for the whole
// batch. Built one by one, the same work would take five statements per digest, and it was three
// quarters of a send run's cost.
import { retryTransient, type PrismaClient } from '../db/index.js';
import type { ChosenPaper, Matcher, Pick, RankedPaper } from '../matching/index.js';
import { enterSentPapers, storeContents, withdrawSentPapers, type StoredContent } from './store/index.js';

export interface BuildTarget {
  deliveryId: number;
  subscriberId: number;
  digestSize: number;
  topics: string[];
  /** How recently its trending papers must have been listed (matching: trendingDaysFor). */
  trendingDays?: number;
  /** The reader's zone: no listing date after their today (matching: PickInput.timeZone). */
  timeZone?: string;
}

/**
 * Builds every target in one transaction. Returns, per delivery id, the papers stored for it
 * (trending section last), so that sending it need not read them back; an empty list means
 * nothing new matched and nothing was stored.
 */
export async function buildDeliveryContents(prisma: PrismaClient, matcher: Matcher, targets: BuildTarget[]): Promise<Map<number, ChosenPaper[]>> {
  const built = new Map<number, ChosenPaper[]>();
  if (targets.length === 0) return built;
  const picks = await matcher.pickMany(targets.map((t) => ({ subscriberId: t.subscriberId, topics: t.topics, limit: t.digestSize, trendingDays: t.trendingDays, timeZone: t.timeZone })));
  const wanted: Array<{ target: BuildTarget; pick: Pick }> = [];
  targets.forEach((target, i) => {
    if (picks[i]!.papers.length > 0) wanted.push({ target, pick: picks[i]! });
    else built.set(target.deliveryId, []);
  });
  if (wanted.length === 0) return built;

  // Ledger entries in (subscriber, paper) order: two processes building overlapping batches take
  // the unique index's locks in the same order, so they cannot deadlock on them.
  const entries = wanted
    .flatMap(({ target, pick }) => [...pick.papers, ...pick.trending].map((paper) => ({ subscriberId: target.subscriberId, paperId: paper.paperId, deliveryId: target.deliveryId })))
    .sort((a, b) => a.subscriberId - b.subscriberId || a.paperId - b.paperId || a.deliveryId - b.deliveryId);

  const stored = await retryTransient(() =>
    prisma.$transaction(async (tx) => {
      // The ledger decides: a paper another delivery of this subscriber entered since the matcher
      // read the ledger (two editions built at once, here or elsewhere) is left out here rather
      // than sent twice.
      const entered = await enterSentPapers(tx, entries);
      const ours = new Set(entered.map((row) => `${row.deliveryId}:${row.paperId}`));
      const contents: StoredContent[] = [];
      const result = new Map<number, ChosenPaper[]>();
      const emptied: number[] = [];
      for (const { target, pick } of wanted) {
        const isOurs = (paper: RankedPaper) => ours.has(`${target.deliveryId}:${paper.paperId}`);
        const papers = pick.papers.filter(isOurs);
        const trending = pick.trending.filter(isOurs);
        // Nothing of the main list is new any more: its trending papers go back, and it is skipped.
        if (papers.length === 0) {
          emptied.push(target.deliveryId);
          result.set(target.deliveryId, []);
        } else {
          const content = [...papers.map((paper) => chosen(paper, false)), ...trending.map((paper) => chosen(paper, true))];
          contents.push({ deliveryId: target.deliveryId, papers: content, topics: target.topics, timeZone: target.timeZone ?? null });
          result.set(target.deliveryId, content);
        }
      }
      await withdrawSentPapers(tx, emptied);
      await storeContents(tx, contents);
      return result;
    }),
  );
  for (const [id, papers] of stored) built.set(id, papers);
  return built;
}

const chosen = (paper: RankedPaper, trending: boolean): ChosenPaper => ({
  paperId: paper.paperId,
  score: paper.score,
  reasons: paper.reasons,
  trending,
  ...(paper.older ? { older: true } : {}),
});
