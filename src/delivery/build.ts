// Step 3a: choose a delivery's papers once. They are stored with the delivery (so a retry or the
// web view shows the same digest) and entered in the subscriber's "sent" ledger in the same
// transaction, so no later digest can pick them again.
import type { Prisma, PrismaClient } from '../db/index.js';
import type { Matcher } from '../matching/index.js';

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
  const rows = [
    ...pick.papers.map((paper, rank) => ({ paper, rank, trending: false })),
    ...pick.trending.map((paper, i) => ({ paper, rank: pick.papers.length + i, trending: true })),
  ];
  await prisma.$transaction([
    prisma.deliveryPaper.createMany({
      data: rows.map(({ paper, rank, trending }) => ({
        deliveryId: target.deliveryId,
        paperId: paper.paperId,
        rank,
        score: paper.score,
        reasons: paper.reasons as unknown as Prisma.InputJsonValue,
        trending,
      })),
      skipDuplicates: true,
    }),
    prisma.sentPaper.createMany({
      data: rows.map(({ paper }) => ({ subscriberId: target.subscriberId, paperId: paper.paperId, deliveryId: target.deliveryId })),
      skipDuplicates: true,
    }),
  ]);
  return pick.papers.length;
}
