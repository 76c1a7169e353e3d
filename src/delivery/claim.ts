// Step 2: workers claim pending deliveries in batches. FOR UPDATE SKIP LOCKED lets any number of
// processes claim from one table without ever taking the same row. A claim that is older than
// CLAIM_TIMEOUT belongs to a process that died mid-send and is taken over.
import type { PrismaClient } from '../db/index.js';

export const CLAIM_TIMEOUT_MS = 5 * 60_000;

export async function claimBatch(
  prisma: PrismaClient,
  options: { instanceId: string; now: Date; limit: number; editionIds?: number[] },
): Promise<number[]> {
  const staleBefore = new Date(options.now.getTime() - CLAIM_TIMEOUT_MS);
  const rows = await prisma.$queryRaw<Array<{ id: number }>>`
    UPDATE "Delivery" d
    SET status = 'sending', "claimedBy" = ${options.instanceId}, "claimedAt" = ${options.now}, attempts = d.attempts + 1
    WHERE d.id IN (
      SELECT id FROM "Delivery"
      WHERE ((status = 'pending' AND "nextAttemptAt" <= ${options.now})
          OR (status = 'sending' AND "claimedAt" < ${staleBefore}))
        AND (${options.editionIds ?? null}::int[] IS NULL OR "editionId" = ANY(${options.editionIds ?? null}::int[]))
      ORDER BY id
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING d.id`;
  return rows.map((row) => row.id);
}
