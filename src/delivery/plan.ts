// Step 1 of sending: a delivery row per (subscriber, edition), created before anything is sent.
// The unique (subscriberId, editionId) constraint makes planning idempotent and safe to run from
// several processes at once. Subscribers are read in batches, never all at once.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db/index.js';
import { editionFor, isDue } from '../digest/edition.js';
import { dateOnly } from '../shared/time.js';
import { mailboxOf } from '../subscriptions/links.js';

export interface PlanOptions {
  now: Date;
  /** `now`: every active subscriber's current edition; `due`: only those whose hour has come. */
  mode: 'now' | 'due';
  mailFrom: string;
  batchSize?: number;
}

export interface PlanResult {
  /** Active subscribers considered. */
  subscribers: number;
  /** Delivery rows created now (rows that already existed are not counted). */
  planned: number;
  editionIds: number[];
}

export async function planDeliveries(prisma: PrismaClient, options: PlanOptions): Promise<PlanResult> {
  const batchSize = options.batchSize ?? 1000;
  const domain = mailboxOf(options.mailFrom).split('@')[1] ?? 'paperboy.local';
  const editionIds = new Map<string, number>();
  const result: PlanResult = { subscribers: 0, planned: 0, editionIds: [] };
  let cursor = 0;
  for (;;) {
    const batch = await prisma.subscriber.findMany({
      where: { status: 'active', id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take: batchSize,
      select: { id: true, frequency: true, sendHour: true, sendWeekday: true, timeZone: true },
    });
    if (batch.length === 0) break;
    cursor = batch[batch.length - 1]!.id;
    result.subscribers += batch.length;
    const rows = [];
    for (const subscriber of batch) {
      if (options.mode === 'due' && !isDue(subscriber, options.now)) continue;
      const edition = editionFor(subscriber, options.now);
      let editionId = editionIds.get(edition.key);
      if (editionId === undefined) {
        editionId = (
          await prisma.edition.upsert({
            where: { key: edition.key },
            create: { key: edition.key, date: dateOnly(edition.date) },
            update: {},
            select: { id: true },
          })
        ).id;
        editionIds.set(edition.key, editionId);
      }
      rows.push({
        editionId,
        subscriberId: subscriber.id,
        messageId: `<${randomBytes(12).toString('hex')}.${edition.key.replace(':', '.')}@${domain}>`,
        webToken: randomBytes(18).toString('base64url'),
        nextAttemptAt: options.now,
      });
    }
    if (rows.length > 0) result.planned += (await prisma.delivery.createMany({ data: rows, skipDuplicates: true })).count;
  }
  result.editionIds = [...editionIds.values()];
  return result;
}
