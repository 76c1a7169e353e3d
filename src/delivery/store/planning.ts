// The delivery store's planning statements: who is subscribed on which schedule, which editions
// they already got, and the edition and delivery rows a plan creates. plan.ts and upcoming.ts
// decide who is owed what (with schedule/'s calendar); these read and write the rows.
import { Prisma, type PrismaClient } from '../../db/index.js';
import type { EditionRef, ScheduleFields } from '../../calendar/index.js';
import { dateOnly } from '../../shared/time.js';
import { SQL_FINISHED, SQL_OPEN, type FinishedStatus } from '../status.js';

export interface ScheduledSubscriber extends ScheduleFields {
  id: number;
  confirmedAt: Date | null;
  createdAt: Date;
}

/** Active subscribers after `after` in id order, `limit` at a time (a batch, never all at once). */
export function activeSubscribers(prisma: PrismaClient, options: { after: number; limit: number }): Promise<ScheduledSubscriber[]> {
  return prisma.subscriber.findMany({
    where: { status: 'active', id: { gt: options.after } },
    orderBy: { id: 'asc' },
    take: options.limit,
    select: { id: true, frequency: true, sendHour: true, sendWeekday: true, timeZone: true, confirmedAt: true, createdAt: true },
  });
}

/**
 * Per subscriber (s) over their deliveries' editions (e): the latest edition's date, and of the
 * frequency they no longer have (they switched between daily and weekly), the latest edition's
 * date (YYYY-MM-DD) and when a delivery of it was last sent, or planned if not sent yet: the day it
 * reached them, which a weekly edition's date does not say (it came on their weekday, or at once
 * for a new reader, or whenever `send --now` ran). An imported one's was never sent from here.
 */
const LAST_EDITION_DATES = Prisma.sql`to_char(max(e.date), 'YYYY-MM-DD') AS last,
           to_char(max(e.date) FILTER (WHERE e.key NOT LIKE s.frequency::text || ':%'), 'YYYY-MM-DD') AS "lastOther",
           max(coalesce(d."sentAt", d."createdAt")) FILTER (WHERE e.key NOT LIKE s.frequency::text || ':%' AND NOT d.imported) AS "lastOtherAt"`;

/** The editions a subscriber got, as LAST_EDITION_DATES reads them. */
export interface LastEditions {
  last: string;
  lastOther: string | null;
  lastOtherAt: Date | null;
}

/** LAST_EDITION_DATES of each of these subscribers who got a delivery. */
export async function lastEditionDates(prisma: PrismaClient, subscriberIds: number[]): Promise<Map<number, LastEditions>> {
  const rows = await prisma.$queryRaw<Array<LastEditions & { subscriberId: number }>>`
    SELECT d."subscriberId", ${LAST_EDITION_DATES}
    FROM "Delivery" d JOIN "Edition" e ON e.id = d."editionId" JOIN "Subscriber" s ON s.id = d."subscriberId"
    WHERE d."subscriberId" = ANY(${subscriberIds}::int[])
    GROUP BY d."subscriberId"`;
  return new Map(rows.map(({ subscriberId, ...last }) => [subscriberId, last]));
}

/** How the finished deliveries among these (subscriber, edition) pairs ended, counted by status. */
export function countFinished(prisma: PrismaClient, pairs: Array<[subscriberId: number, editionId: number]>): Promise<Array<{ status: FinishedStatus; n: number }>> {
  return prisma.$queryRaw<Array<{ status: FinishedStatus; n: number }>>`
    SELECT d.status::text AS status, count(*)::int AS n
    FROM "Delivery" d
    JOIN unnest(${pairs.map((p) => p[0])}::int[], ${pairs.map((p) => p[1])}::int[]) AS t(s, e) ON d."subscriberId" = t.s AND d."editionId" = t.e
    WHERE d.status IN ${SQL_FINISHED}
    GROUP BY d.status`;
}

/** How many of these (subscriber, edition) pairs have a delivery not finished yet (pending, or claimed). */
export async function countOpen(prisma: PrismaClient, pairs: Array<[subscriberId: number, editionId: number]>): Promise<number> {
  const [row] = await prisma.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n
    FROM "Delivery" d
    JOIN unnest(${pairs.map((p) => p[0])}::int[], ${pairs.map((p) => p[1])}::int[]) AS t(s, e) ON d."subscriberId" = t.s AND d."editionId" = t.e
    WHERE d.status IN ${SQL_OPEN}`;
  return row?.n ?? 0;
}

/** The ids of those of these editions that exist, by key; none is created. */
export async function findEditionIds(prisma: PrismaClient, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await prisma.edition.findMany({ where: { key: { in: keys } }, select: { id: true, key: true } });
  return new Map(rows.map((row) => [row.key, row.id]));
}

/** Creates the edition unless another process just did; returns its id either way. */
export async function ensureEdition(prisma: PrismaClient, edition: EditionRef, now: Date): Promise<number> {
  const rows = await prisma.$queryRaw<Array<{ id: number }>>`
    INSERT INTO "Edition" (key, date, "createdAt") VALUES (${edition.key}, ${dateOnly(edition.date)}::date, ${now})
    ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
    RETURNING id`;
  return rows[0]!.id;
}

export interface NewDelivery {
  subscriberId: number;
  editionId: number;
  messageId: string;
  webToken: string;
}

/** Inserts the rows that do not exist yet, in one statement; returns the edition of each row inserted. */
export async function insertDeliveries(prisma: PrismaClient, rows: NewDelivery[], now: Date): Promise<number[]> {
  const inserted = await prisma.$queryRaw<Array<{ editionId: number }>>`
    INSERT INTO "Delivery" ("subscriberId", "editionId", "messageId", "webToken", "nextAttemptAt", "createdAt")
    SELECT s, e, m, w, ${now}, ${now}
    FROM unnest(${rows.map((r) => r.subscriberId)}::int[], ${rows.map((r) => r.editionId)}::int[],
                ${rows.map((r) => r.messageId)}::text[], ${rows.map((r) => r.webToken)}::text[]) AS t(s, e, m, w)
    ON CONFLICT ("subscriberId", "editionId") DO NOTHING
    RETURNING "editionId"`;
  return inserted.map((row) => row.editionId);
}

export interface SubscriberWithLast extends ScheduleFields {
  id: number;
  /** When their subscription started (confirmed, else created). */
  since: Date;
  /** The date (YYYY-MM-DD) of the latest edition they got a delivery of, or null. */
  last: string | null;
  /** The latest edition of the frequency they no longer have, and when it was sent (LAST_EDITION_DATES). */
  lastOther: string | null;
  lastOtherAt: Date | null;
  /**
   * Whether a delivery of theirs waits for a send run now: left pending by an earlier run (stopped
   * with its database away, killed, or a retry whose time has come), or claimed by a run whose
   * claim ran out (a process that died). Its edition counts in `last`, though it was not sent.
   */
  waiting: boolean;
  /** Who holds a claim on a delivery of theirs that has not run out: a dead local process's is waiting too. */
  claimants: string[];
  /** The earliest retry of a delivery of theirs that failed for a while and waits for its time, or null. */
  retryAt: Date | null;
}

/** Active subscribers after `after` in id order, each with the latest edition they got, `limit` at a time. */
export function activeSubscribersWithLast(prisma: PrismaClient, options: { after: number; limit: number; now: Date }): Promise<SubscriberWithLast[]> {
  return prisma.$queryRaw<SubscriberWithLast[]>`
    SELECT s.id, s.frequency::text AS frequency, s."sendHour", s."sendWeekday", s."timeZone",
           coalesce(s."confirmedAt", s."createdAt") AS since, ${LAST_EDITION_DATES},
           coalesce(bool_or((d.status = 'pending' AND d."nextAttemptAt" <= ${options.now})
                            OR (d.status = 'sending' AND d."claimedUntil" < ${options.now})), false) AS waiting,
           coalesce(array_agg(DISTINCT d."claimedBy") FILTER (WHERE d.status = 'sending' AND d."claimedUntil" >= ${options.now}), '{}') AS claimants,
           min(d."nextAttemptAt") FILTER (WHERE d.status = 'pending' AND d."nextAttemptAt" > ${options.now}) AS "retryAt"
    FROM "Subscriber" s
    LEFT JOIN "Delivery" d ON d."subscriberId" = s.id
    LEFT JOIN "Edition" e ON e.id = d."editionId"
    WHERE s.status = 'active' AND s.id > ${options.after}
    GROUP BY s.id ORDER BY s.id LIMIT ${options.limit}`;
}
