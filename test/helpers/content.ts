// What a delivery was built with, as stored (DeliveryContent.papers): rank order, trending last.
import type { PrismaClient } from '../../src/db/index.js';
import type { ChosenPaper } from '../../src/matching/index.js';

/** The delivery's stored papers; none when it was never built or was emptied. */
export async function storedPapers(prisma: PrismaClient, deliveryId: number): Promise<ChosenPaper[]> {
  const row = await prisma.deliveryContent.findUnique({ where: { deliveryId } });
  return (row?.papers ?? []) as unknown as ChosenPaper[];
}

/** Every stored paper of every delivery. */
export async function allStoredPapers(prisma: PrismaClient): Promise<ChosenPaper[]> {
  return (await prisma.deliveryContent.findMany()).flatMap((row) => row.papers as unknown as ChosenPaper[]);
}
