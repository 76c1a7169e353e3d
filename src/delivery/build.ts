// Step 3a: choose a delivery's papers once. They are stored with the delivery (so a retry or the
// web view shows the same digest) and entered in the subscriber's "sent" ledger in the same
// transaction, so no later digest can pick them again.
import type { Prisma, PrismaClient } from '../db/index.js';
import type { Matcher, RankedPaper } from '../matching/index.js';

export interface BuildTarget {
  deliveryId: number;
  subscriberId: number;
  digestSize: number;
  topics: string[];
}

/** Returns how many papers (not counting the trending section) the delivery got. */
export async function buildDeliveryContent(prisma: PrismaClient, matcher: Matcher, target: BuildTarget): Promise<number> {
  const pick = await matcher.pick({ subscriberId: target.subscriberId, topics: target.topics, limit: target.digestSize });
  if (pick.papers.length === 0) return 0;
  return prisma.$transaction(async (tx) => {
    // The ledger decides: a paper another delivery of this subscriber entered since the matcher
    // read the ledger (two editions built at once) is left out here rather than sent twice.
    const ids = [...pick.papers, ...pick.trending].map((paper) => paper.paperId);
    const entered = await tx.$queryRaw<Array<{ paperId: number }>>`
      INSERT INTO "SentPaper" ("subscriberId", "paperId", "deliveryId")
      SELECT ${target.subscriberId}, id, ${target.deliveryId} FROM unnest(${ids}::int[]) AS id
      ON CONFLICT DO NOTHING
      RETURNING "paperId"`;
    const ours = new Set(entered.map((row) => row.paperId));
    const papers = pick.papers.filter((paper) => ours.has(paper.paperId));
    const trending = pick.trending.filter((paper) => ours.has(paper.paperId));
    if (papers.length === 0) {
      // Nothing of the main list is new any more: hand the trending papers back and skip.
      await tx.sentPaper.deleteMany({ where: { deliveryId: target.deliveryId } });
      return 0;
    }
    const rows = [
      ...papers.map((paper, rank) => row(target.deliveryId, paper, rank, false)),
      ...trending.map((paper, i) => row(target.deliveryId, paper, papers.length + i, true)),
    ];
    await tx.deliveryPaper.createMany({ data: rows, skipDuplicates: true });
    return papers.length;
  });
}

function row(deliveryId: number, paper: RankedPaper, rank: number, trending: boolean) {
  return {
    deliveryId,
    paperId: paper.paperId,
    rank,
    score: paper.score,
    reasons: paper.reasons as unknown as Prisma.InputJsonValue,
    trending,
  };
}
