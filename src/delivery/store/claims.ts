// The delivery store's claim statements: taking due deliveries (FOR UPDATE SKIP LOCKED, so any
// number of processes claim from one table without taking the same row or waiting on each
// other), renewing and giving back claims, and reading a claimed batch back with what sending it
// needs. claim.ts decides when; these say how, and take their status values from status.ts.
import { Prisma, type PrismaClient } from '../../db/index.js';
import { parseStoredContent, type ChosenPaper, type InvalidContentError } from '../content.js';
import { CLAIMED, sqlStatus, TRANSITIONS } from '../status.js';

export interface ClaimOptions {
  claimant: string;
  now: Date;
  /** How long the claim holds without a heartbeat, from the database's now. */
  claimTimeoutMs: number;
  limit: number;
  /** Only these editions; null for any. */
  editionIds: number[] | null;
}

/**
 * The database's clock, in the columns' UTC: every process judges a claim's expiry by this one
 * clock, whatever its own machine's says.
 */
const DB_NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
const until = (timeoutMs: number) => Prisma.sql`${DB_NOW} + ${timeoutMs}::int * interval '1 millisecond'`;

/** Claims up to `limit` pending deliveries whose next attempt is due, oldest due first. */
export async function claimBatch(prisma: PrismaClient, options: ClaimOptions): Promise<number[]> {
  // Ordered by the (status, nextAttemptAt) index, so a claim reads only pending rows however
  // many rows of the edition are already sent.
  const rows = await prisma.$queryRaw<Array<{ id: number }>>`
    UPDATE "Delivery" d
    SET status = ${sqlStatus(TRANSITIONS.claim.to)}, "claimedBy" = ${options.claimant}, "claimedAt" = ${options.now},
        "claimedUntil" = ${until(options.claimTimeoutMs)}
    WHERE d.id IN (
      SELECT id FROM "Delivery"
      WHERE status = ${sqlStatus(TRANSITIONS.claim.from)} AND "nextAttemptAt" <= ${options.now}
        AND (${options.editionIds}::int[] IS NULL OR "editionId" = ANY(${options.editionIds}::int[]))
      ORDER BY "nextAttemptAt"
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING d.id`;
  return rows.map((row) => row.id);
}

/** Every process other than `claimant` that holds a claim now. */
export async function otherClaimants(prisma: PrismaClient, claimant: string): Promise<string[]> {
  const holders = await prisma.$queryRaw<Array<{ claimedBy: string }>>`
    SELECT DISTINCT "claimedBy" FROM "Delivery"
    WHERE status = ${sqlStatus(CLAIMED)} AND "claimedBy" IS NOT NULL AND "claimedBy" <> ${claimant}`;
  return holders.map((h) => h.claimedBy);
}

/**
 * Puts back to pending the claims whose holder let them expire (by the database's clock) or that
 * are held by one of `holders`; returns how many. `staleBefore` judges claims of an older version
 * that set no expiry.
 */
export function releaseClaimsOf(
  prisma: PrismaClient,
  options: { staleBefore: Date; holders: string[]; now: Date; editionIds: number[] | null },
): Promise<number> {
  // SKIP LOCKED: a row locked right now is being written by its holder, who is alive after all.
  return prisma.$executeRaw`
    UPDATE "Delivery" d
    SET status = ${sqlStatus(TRANSITIONS.release.to)}, "claimedBy" = NULL, "nextAttemptAt" = ${options.now}
    WHERE d.id IN (
      SELECT id FROM "Delivery"
      WHERE status = ${sqlStatus(TRANSITIONS.release.from)}
        AND ("claimedUntil" < ${DB_NOW} OR ("claimedUntil" IS NULL AND "claimedAt" < ${options.staleBefore})
             OR "claimedBy" = ANY(${options.holders}::text[]))
        AND (${options.editionIds}::int[] IS NULL OR "editionId" = ANY(${options.editionIds}::int[]))
      FOR UPDATE SKIP LOCKED)`;
}

/** Renews `claimant`'s claims on these deliveries (the heartbeat); returns the ids still ours. */
export async function renewClaims(prisma: PrismaClient, options: { claimant: string; ids: number[]; now: Date; claimTimeoutMs: number }): Promise<number[]> {
  // SKIP LOCKED: never wait for (or deadlock with) the recording of a row, which ends the claim
  // anyway. NO KEY UPDATE: a row whose digest is being built (the content's and the ledger's
  // foreign keys hold a KEY SHARE lock on it) is renewed, not skipped and taken for lost.
  const rows = await prisma.$queryRaw<Array<{ id: number }>>`
    UPDATE "Delivery" SET "claimedAt" = ${options.now}, "claimedUntil" = ${until(options.claimTimeoutMs)}
    WHERE id IN (
      SELECT id FROM "Delivery"
      WHERE id = ANY(${options.ids}::int[]) AND status = ${sqlStatus(CLAIMED)} AND "claimedBy" = ${options.claimant}
      FOR NO KEY UPDATE SKIP LOCKED)
    RETURNING id`;
  return rows.map((row) => row.id);
}

/** A claimed delivery as sending it needs it: the row, its edition, its subscriber and topics. */
export interface ClaimedDelivery {
  id: number;
  subscriberId: number;
  messageId: string;
  webToken: string;
  attempts: number;
  /** When the delivery was planned (its createdAt): its papers' dates are shown as of the reader's day then. */
  plannedAt: Date;
  editionDate: Date;
  editionKey: string;
  email: string;
  subscriberStatus: string;
  linkKey: string;
  /** What the digest's feedback links are bound to (subscriptions/links.ts). */
  feedbackKey: string;
  timeZone: string;
  digestSize: number;
  confirmedAt: Date | null;
  hardBounces: number;
  topics: string[];
  /** How many papers the reader named as liked (the digest says "the paper you named" of one). */
  likedPapers: number;
  /** The papers stored when it was built (parsed), null while it is not built, or what is wrong with them. */
  content: ChosenPaper[] | null | InvalidContentError;
}

/** Reads back the deliveries of `ids` that `claimant` still holds, in id order. */
export async function readClaimed(prisma: PrismaClient, options: { claimant: string; ids: number[] }): Promise<ClaimedDelivery[]> {
  const rows = await prisma.$queryRaw<Array<Omit<ClaimedDelivery, 'content'> & { storedPapers: unknown }>>`
    SELECT d.id, d."subscriberId", d."messageId", d."webToken", d.attempts, d."createdAt" AS "plannedAt", e.date AS "editionDate", e.key AS "editionKey",
           s.email, s.status::text AS "subscriberStatus", s."linkKey", s."feedbackKey", s."digestSize",
           -- …in the zone it was built for, whatever the reader's zone is now.
           COALESCE(c."timeZone", s."timeZone") AS "timeZone",
           s."confirmedAt", s."hardBounces",
           (SELECT count(*)::int FROM "LikedPaper" l WHERE l."subscriberId" = s.id) AS "likedPapers",
           -- A built digest is sent (and retried) with the topics it was built for.
           CASE WHEN c."deliveryId" IS NULL
                THEN ARRAY(SELECT i.label FROM "Interest" i WHERE i."subscriberId" = s.id ORDER BY i.id)
                ELSE c.topics END AS topics,
           c.papers AS "storedPapers"
    FROM "Delivery" d
    JOIN "Edition" e ON e.id = d."editionId"
    JOIN "Subscriber" s ON s.id = d."subscriberId"
    LEFT JOIN "DeliveryContent" c ON c."deliveryId" = d.id
    WHERE d.id = ANY(${options.ids}::int[]) AND d.status = ${sqlStatus(CLAIMED)} AND d."claimedBy" = ${options.claimant}
    ORDER BY d.id`;
  return rows.map(({ storedPapers, ...row }) => ({ ...row, content: storedPapers === null ? null : readContent(storedPapers) }));
}

/**
 * The status of the reader each delivery is for, read right before messages go to SMTP; a delivery
 * missing from the map is gone (its reader was erased, which deletes their deliveries).
 */
export async function recipientStatuses(prisma: PrismaClient, deliveryIds: number[]): Promise<Map<number, string>> {
  const rows = await prisma.$queryRaw<Array<{ id: number; status: string }>>`
    SELECT d.id, s.status::text AS status FROM "Delivery" d JOIN "Subscriber" s ON s.id = d."subscriberId" WHERE d.id = ANY(${deliveryIds}::int[])`;
  return new Map(rows.map((row) => [row.id, row.status]));
}

function readContent(json: unknown): ChosenPaper[] | InvalidContentError {
  try {
    return parseStoredContent(json);
  } catch (error) {
    return error as InvalidContentError;
  }
}
