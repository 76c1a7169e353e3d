// Step 3a: choose a delivery's papers once. They are stored with the delivery (so a retry or the
// web view shows the same digest) and entered in the subscriber's "sent" ledger in the same
// transaction, so no later digest can pick them again.
import type { Prisma, PrismaClient } from '../db/index.js';
import { interestQueries, rankPapers } from '../matching/index.js';

export interface BuildTarget {
  deliveryId: number;
  subscriberId: number;
  digestSize: number;
  topics: string[];
}

export async function buildDeliveryContent(prisma: PrismaClient, target: BuildTarget): Promise<number> {
  const queries = await interestQueries(prisma, target.topics);
  const ranked = await rankPapers(prisma, queries, { subscriberId: target.subscriberId, limit: target.digestSize });
  if (ranked.length === 0) return 0;
  await prisma.$transaction([
    prisma.deliveryPaper.createMany({
      data: ranked.map((paper, rank) => ({
        deliveryId: target.deliveryId,
        paperId: paper.paperId,
        rank,
        score: paper.score,
        reasons: paper.reasons as unknown as Prisma.InputJsonValue,
      })),
      skipDuplicates: true,
    }),
    prisma.sentPaper.createMany({
      data: ranked.map((paper) => ({ subscriberId: target.subscriberId, paperId: paper.paperId, deliveryId: target.deliveryId })),
      skipDuplicates: true,
    }),
  ]);
  return ranked.length;
}
