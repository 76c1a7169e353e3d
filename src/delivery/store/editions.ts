// What the database says about editions: which have unfinished deliveries, how far a run is, when
// an edition is complete, and the counts `paperboy status` prints. Counted in PostgreSQL, so the
// answers are the same whichever process (or how many) did the sending.
import { Prisma, type PrismaClient } from '../../db/index.js';
import { CLAIMED, SQL_OPEN, sqlStatus, TRANSITIONS, type FinishedStatus } from '../status.js';

/** Editions that still have deliveries to send (pending, or claimed and in progress). */
export async function editionsWithOpenDeliveries(prisma: PrismaClient): Promise<number[]> {
  const rows = await prisma.$queryRaw<Array<{ editionId: number }>>`
    SELECT DISTINCT "editionId" FROM "Delivery" WHERE status IN ${SQL_OPEN}`;
  return rows.map((row) => row.editionId);
}

export interface OpenState {
  /** Deliveries not finished yet. */
  open: number;
  /** Of those, claimed (in progress here or elsewhere, or abandoned). */
  claimed: number;
  /** Earliest next attempt of a pending delivery. */
  nextAttemptAt: Date | null;
}

export async function openState(prisma: PrismaClient, editionIds: number[]): Promise<OpenState> {
  const [row] = await prisma.$queryRaw<OpenState[]>`
    SELECT count(*)::int AS open,
           (count(*) FILTER (WHERE status = ${sqlStatus(CLAIMED)}))::int AS claimed,
           min("nextAttemptAt") FILTER (WHERE status = ${sqlStatus(TRANSITIONS.claim.from)}) AS "nextAttemptAt"
    FROM "Delivery" WHERE "editionId" = ANY(${editionIds}::int[]) AND status IN ${SQL_OPEN}`;
  return row ?? { open: 0, claimed: 0, nextAttemptAt: null };
}

/**
 * Why the run's pending deliveries wait: the errors they failed with (a temporary failure: the relay
 * unreachable, a 451; or a refusal by the relay's policy), each with how many, the most recently
 * tried first; none when none has failed yet. The most frequent few hundred: enough to name them.
 */
export async function pendingErrors(prisma: PrismaClient, editionIds: number[]): Promise<Array<{ error: string; count: number }>> {
  return prisma.$queryRaw<Array<{ error: string; count: number }>>`
    SELECT "lastError" AS error, count(*)::int AS count FROM "Delivery"
    WHERE "editionId" = ANY(${editionIds}::int[]) AND status = ${sqlStatus(TRANSITIONS.claim.from)} AND "lastError" IS NOT NULL
    GROUP BY "lastError" ORDER BY max("nextAttemptAt") DESC, max(id) DESC LIMIT 200`;
}

export async function countDeliveries(prisma: PrismaClient, editionIds: number[]): Promise<{ all: number; open: number }> {
  const [row] = await prisma.$queryRaw<Array<{ all: number; open: number }>>`
    SELECT count(*)::int AS all, (count(*) FILTER (WHERE status IN ${SQL_OPEN}))::int AS open
    FROM "Delivery" WHERE "editionId" = ANY(${editionIds}::int[])`;
  return row ?? { all: 0, open: 0 };
}

/**
 * Marks complete the editions with no delivery left to send. Planning clears completedAt when it
 * adds a row, and `retry` when it re-opens failed ones, so "complete" always means "nothing pending".
 */
export async function completeEditions(prisma: PrismaClient, editionIds: number[], now: Date): Promise<number> {
  return prisma.$executeRaw`
    UPDATE "Edition" e SET "completedAt" = ${now}
    WHERE e.id IN (${lockEditions(editionIds)}) AND e."completedAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."editionId" = e.id AND d.status IN ${SQL_OPEN})`;
}

/** Editions that may no longer be complete (a delivery was planned or re-opened). */
export async function reopenEditions(prisma: PrismaClient, editionIds: number[]): Promise<void> {
  if (editionIds.length === 0) return;
  await prisma.$executeRaw`UPDATE "Edition" SET "completedAt" = NULL WHERE id IN (${lockEditions(editionIds)}) AND "completedAt" IS NOT NULL`;
}

/**
 * Locks edition rows in id order. Processes that complete and re-open editions concurrently then
 * always take the locks in the same order, and cannot deadlock.
 */
function lockEditions(editionIds: number[]) {
  return Prisma.sql`SELECT id FROM "Edition" WHERE id = ANY(${editionIds}::int[]) ORDER BY id FOR UPDATE`;
}

export interface EditionStatus {
  key: string;
  date: Date;
  createdAt: Date;
  completedAt: Date | null;
  /** Sent from here (to readers since erased included). */
  sent: number;
  /** Had by readers in the database their list was imported from (`subscribe --file`): not sent from here. */
  imported: number;
  failed: number;
  bounced: number;
  skipped: number;
  pending: number;
}

/** The latest editions with their deliveries counted by outcome (those of erased subscribers included). */
export async function latestEditions(prisma: PrismaClient, limit: number): Promise<EditionStatus[]> {
  return prisma.$queryRaw<EditionStatus[]>`
    SELECT e.key, e.date, e."createdAt", e."completedAt",
           (count(d.id) FILTER (WHERE d.status = ${sqlStatus(TRANSITIONS.send.to)} AND NOT d.imported) + ${erased(TRANSITIONS.send.to)})::int AS sent,
           (count(d.id) FILTER (WHERE d.imported))::int AS imported,
           (count(d.id) FILTER (WHERE d.status = ${sqlStatus(TRANSITIONS.fail.to)}) + ${erased(TRANSITIONS.fail.to)})::int AS failed,
           (count(d.id) FILTER (WHERE d.status = ${sqlStatus(TRANSITIONS.bounce.to)}) + ${erased(TRANSITIONS.bounce.to)})::int AS bounced,
           (count(d.id) FILTER (WHERE d.status = ${sqlStatus(TRANSITIONS.skip.to)}) + ${erased(TRANSITIONS.skip.to)})::int AS skipped,
           (count(d.id) FILTER (WHERE d.status IN ${SQL_OPEN}))::int AS pending
    FROM (SELECT * FROM "Edition" ORDER BY date DESC, id DESC LIMIT ${limit}) e
    LEFT JOIN "Delivery" d ON d."editionId" = e.id
    GROUP BY e.id, e.key, e.date, e."createdAt", e."completedAt"
    ORDER BY e.date DESC, e.id DESC`;
}

/** What `paperboy erase` kept of an edition's deliveries with this outcome. */
const erased = (status: FinishedStatus) =>
  Prisma.sql`coalesce((SELECT x.count FROM "ErasedDeliveries" x WHERE x."editionId" = e.id AND x.status = ${status}::"DeliveryStatus"), 0)`;

/**
 * Puts failed deliveries back in the queue with a fresh retry budget, and re-opens their editions.
 * Bounced deliveries (5xx) are left alone: the server said no for good.
 */
export async function reopenFailed(
  prisma: PrismaClient,
  options: { now: Date; editionKeys?: string[] },
): Promise<{ reopened: number; editionIds: number[] }> {
  const keys = options.editionKeys && options.editionKeys.length > 0 ? options.editionKeys : null;
  const rows = await prisma.$queryRaw<Array<{ editionId: number }>>`
    UPDATE "Delivery" d SET status = ${sqlStatus(TRANSITIONS.reopen.to)}, attempts = 0, "nextAttemptAt" = ${options.now}, "claimedBy" = NULL
    FROM "Edition" e
    WHERE e.id = d."editionId" AND d.status = ${sqlStatus(TRANSITIONS.reopen.from)} AND (${keys}::text[] IS NULL OR e.key = ANY(${keys}::text[]))
    RETURNING d."editionId"`;
  const editionIds = [...new Set(rows.map((row) => row.editionId))];
  await reopenEditions(prisma, editionIds);
  return { reopened: rows.length, editionIds };
}
