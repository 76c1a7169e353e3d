// Step 1 of sending: a delivery row per (subscriber, edition), created before anything is sent.
// The unique (subscriberId, editionId) constraint makes planning idempotent and safe to run from
// several processes at once. Subscribers are read in batches, never all at once.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db/index.js';
import { dueEdition, editionFor, editionNow, otherFrequencyDay, type EditionRef } from '../calendar/index.js';
import { mailboxOf } from '../subscriptions/index.js';
import type { FinishedStatus } from './status.js';
import {
  activeSubscribers,
  countFinished,
  countOpen,
  ensureEdition,
  findEditionIds,
  insertDeliveries,
  lastEditionDates,
  reopenEditions,
  type NewDelivery,
  type ScheduledSubscriber,
} from './store/index.js';

export interface PlanOptions {
  now: Date;
  /** `now`: every active subscriber's current edition; `due`: only what their schedule owes them. */
  mode: 'now' | 'due';
  mailFrom: string;
  batchSize?: number;
}

export interface PlanResult {
  /** Active subscribers considered. */
  subscribers: number;
  /** Delivery rows created now (rows that already existed are not counted). */
  planned: number;
  /** Subscribers owed an edition by this run (all of them with `now`; those whose hour came with `due`). */
  owed: number;
  /** Of those, the ones whose delivery of that edition was already finished before this run, by how it ended. */
  earlier: EarlierOutcomes;
  /**
   * Not owed anything yet (their hour has not come), but their current edition already ended
   * before this run, by how it ended: a `send --now` reached them. They already had this edition;
   * they are not "not due yet".
   */
  early: EarlierOutcomes;
  /**
   * Not owed anything yet either, but their current edition has a delivery an earlier run left
   * unsent (a `send --now` killed or stopped midway): this run finishes it and counts it by how
   * it ends, so they are not "not due yet" as well.
   */
  aheadOpen: number;
  /** Every edition a row was planned for, new or not: what the run then sends. */
  editionIds: number[];
}

export type EarlierOutcomes = Record<FinishedStatus, number>;

export async function planDeliveries(prisma: PrismaClient, options: PlanOptions): Promise<PlanResult> {
  const batchSize = options.batchSize ?? 1000;
  const domain = mailboxOf(options.mailFrom).split('@')[1] ?? 'paperboy.local';
  const editionIds = new Map<string, number>();
  const none = (): EarlierOutcomes => ({ sent: 0, skipped: 0, failed: 0, bounced: 0 });
  const result: PlanResult = { subscribers: 0, planned: 0, owed: 0, earlier: none(), early: none(), aheadOpen: 0, editionIds: [] };
  let cursor = 0;
  for (;;) {
    const batch = await activeSubscribers(prisma, { after: cursor, limit: batchSize });
    if (batch.length === 0) break;
    cursor = batch[batch.length - 1]!.id;
    result.subscribers += batch.length;
    const { owed, ahead } = await owedEditions(prisma, batch, options.now, options.mode);
    result.aheadOpen += await countEarly(prisma, ahead, result.early);
    if (owed.length === 0) continue;
    result.owed += owed.length;
    for (const { edition } of owed) {
      if (!editionIds.has(edition.key)) editionIds.set(edition.key, await ensureEdition(prisma, edition, options.now));
    }
    await countEarlier(prisma, owed.map(({ subscriberId, edition }) => [subscriberId, editionIds.get(edition.key)!]), result.earlier);
    result.planned += await planRows(
      prisma,
      owed.map(({ subscriberId, edition }) => ({
        subscriberId,
        editionId: editionIds.get(edition.key)!,
        messageId: `<${randomBytes(12).toString('hex')}.${edition.key.replace(':', '.')}@${domain}>`,
        webToken: randomBytes(18).toString('base64url'),
      })),
      options.now,
    );
  }
  result.editionIds = [...editionIds.values()];
  return result;
}

type Owed = Array<{ subscriberId: number; edition: EditionRef }>;

/**
 * What the schedule owes each subscriber now (`owed`; with `send --now`, their current edition
 * whatever the hour, unless they already had a digest that day: editionNow), and for those it owes
 * nothing yet, their current edition when they may already have a delivery of it (`ahead`: a
 * `send --now` ran).
 */
async function owedEditions(prisma: PrismaClient, batch: ScheduledSubscriber[], now: Date, mode: PlanOptions['mode']): Promise<{ owed: Owed; ahead: Owed }> {
  // The latest edition each subscriber got decides whether a missed one is still owed.
  const lastDate = await lastEditionDates(prisma, batch.map((s) => s.id));
  const owed: Owed = [];
  const ahead: Owed = [];
  for (const subscriber of batch) {
    const { last = null, lastOther = null, lastOtherAt = null } = lastDate.get(subscriber.id) ?? {};
    const lastOtherFrequencyDay = otherFrequencyDay(subscriber, { date: lastOther, at: lastOtherAt });
    const facts = { since: subscriber.confirmedAt ?? subscriber.createdAt, lastEditionDate: last, lastOtherFrequencyDay };
    const edition = mode === 'now' ? editionNow(subscriber, now, facts) : dueEdition(subscriber, now, facts);
    if (edition) owed.push({ subscriberId: subscriber.id, edition });
    else {
      const current = editionFor(subscriber, now);
      if (last !== null && last >= current.date) ahead.push({ subscriberId: subscriber.id, edition: current });
    }
  }
  return { owed, ahead };
}

/**
 * Adds up how the current editions of subscribers not due yet ended, where they already have one;
 * returns how many of those deliveries are not finished yet (an earlier run left them). No edition is created.
 */
async function countEarly(prisma: PrismaClient, ahead: Owed, into: EarlierOutcomes): Promise<number> {
  if (ahead.length === 0) return 0;
  const ids = await findEditionIds(prisma, [...new Set(ahead.map(({ edition }) => edition.key))]);
  const pairs = ahead.flatMap(({ subscriberId, edition }): Array<[number, number]> => (ids.has(edition.key) ? [[subscriberId, ids.get(edition.key)!]] : []));
  if (pairs.length === 0) return 0;
  await countEarlier(prisma, pairs, into);
  return countOpen(prisma, pairs);
}

/** Adds up how the deliveries that already existed for these (subscriber, edition) pairs ended. */
async function countEarlier(prisma: PrismaClient, pairs: Array<[subscriberId: number, editionId: number]>, into: EarlierOutcomes): Promise<void> {
  for (const row of await countFinished(prisma, pairs)) into[row.status] += row.n;
}

/**
 * Inserts the rows that do not exist yet, in one statement. An edition that got a new row is no
 * longer complete. Clearing completedAt after the insert committed is enough: a concurrent
 * completion either saw the new pending row, or set completedAt before this clears it.
 */
async function planRows(prisma: PrismaClient, rows: NewDelivery[], now: Date): Promise<number> {
  const inserted = await insertDeliveries(prisma, rows, now);
  await reopenEditions(prisma, [...new Set(inserted)]);
  return inserted.length;
}
