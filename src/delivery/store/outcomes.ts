// The delivery store's outcome statements: what a send attempt ended in, written to the delivery
// row only while `claimant` still holds it (a row taken over by another process is theirs now:
// writing would undo their work). record.ts decides which outcome; these write it.
import type { Prisma, PrismaClient } from '../../db/index.js';
import { CLAIMED, SQL_OPEN, sqlStatus, TRANSITIONS, type DeliveryStatus } from '../status.js';

/** What ending a claim writes besides giving it up: the new status and its details. */
export interface ClaimEnd {
  status: DeliveryStatus;
  attempts?: number;
  lastError?: string;
  skipReason?: string;
  nextAttemptAt?: Date;
}

/** Ends `claimant`'s claim on a delivery with `end`; false when the claim was no longer ours. */
export async function endClaim(prisma: PrismaClient, options: { id: number; claimant: string; end: ClaimEnd }): Promise<boolean> {
  const data: Prisma.DeliveryUpdateManyMutationInput = { ...options.end, claimedBy: null };
  const { count } = await prisma.delivery.updateMany({ where: { id: options.id, status: CLAIMED, claimedBy: options.claimant }, data });
  return count === 1;
}

export interface Acceptance {
  id: number;
  response: string;
  subject: string;
}

/**
 * Marks accepted messages sent, in one statement; returns the ids written (those still ours).
 * Repeated with the same `sentAt` after an attempt that committed but whose answer was lost, it
 * returns the rows that attempt wrote too: they were sent by us, not lost to another process.
 */
export async function recordAccepted(prisma: PrismaClient, options: { claimant: string; sentAt: Date; accepted: Acceptance[] }): Promise<Set<number>> {
  const { accepted } = options;
  const rows = await prisma.$queryRaw<Array<{ id: number }>>`
    UPDATE "Delivery" d
    SET status = ${sqlStatus(TRANSITIONS.send.to)}, "sentAt" = ${options.sentAt}, "smtpResponse" = v.response, subject = v.subject,
        "lastError" = NULL, "claimedBy" = NULL
    FROM unnest(${accepted.map((a) => a.id)}::int[], ${accepted.map((a) => a.response)}::text[], ${accepted.map((a) => a.subject)}::text[])
      AS v(id, response, subject)
    WHERE d.id = v.id
      AND ((d.status = ${sqlStatus(TRANSITIONS.send.from)} AND d."claimedBy" = ${options.claimant})
        OR (d.status = ${sqlStatus(TRANSITIONS.send.to)} AND d."sentAt" = ${options.sentAt} AND d."smtpResponse" = v.response))
    RETURNING d.id`;
  return new Set(rows.map((row) => row.id));
}

/**
 * Marks sent the open deliveries (waiting, or claimed by anyone) whose message a stopped run's
 * journal says the SMTP server accepted (acceptance-journal.ts), with the time and answer it
 * noted; returns how many it found open. A delivery finished meanwhile is left as it is, and one
 * whose Message-ID differs (a journal older than this database) is no delivery of the journal's.
 */
export async function recordJournaled(prisma: PrismaClient, entries: Array<{ id: number; messageId: string; response: string; subject: string; at: Date }>): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = await prisma.$queryRaw<Array<{ id: number }>>`
    UPDATE "Delivery" d
    SET status = ${sqlStatus(TRANSITIONS.send.to)}, "sentAt" = v.at::timestamp, "smtpResponse" = v.response, subject = v.subject,
        "lastError" = NULL, "claimedBy" = NULL
    FROM unnest(${entries.map((e) => e.id)}::int[], ${entries.map((e) => e.messageId)}::text[], ${entries.map((e) => e.response)}::text[],
                ${entries.map((e) => e.subject)}::text[], ${entries.map((e) => e.at.toISOString())}::text[]) AS v(id, message_id, response, subject, at)
    WHERE d.id = v.id AND d."messageId" = v.message_id
      AND d.status IN ${SQL_OPEN}
    RETURNING d.id`;
  return rows.length;
}

/** How many of these journaled acceptances are of deliveries still open (what the next run will record as sent). */
export async function countJournaledOpen(prisma: PrismaClient, entries: Array<{ id: number; messageId: string }>): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = await prisma.$queryRaw<Array<{ open: number }>>`
    SELECT count(DISTINCT d.id)::int AS open FROM "Delivery" d
    JOIN unnest(${entries.map((e) => e.id)}::int[], ${entries.map((e) => e.messageId)}::text[]) AS v(id, message_id)
      ON d.id = v.id AND d."messageId" = v.message_id
    WHERE d.status IN ${SQL_OPEN}`;
  return rows[0]?.open ?? 0;
}

/** Gives `claimant`'s claims on these deliveries back untouched (no attempt counted). */
export async function releaseClaims(prisma: PrismaClient, options: { claimant: string; ids: number[] }): Promise<void> {
  await prisma.delivery.updateMany({
    where: { id: { in: options.ids }, status: TRANSITIONS.release.from, claimedBy: options.claimant },
    data: { status: TRANSITIONS.release.to, claimedBy: null },
  });
}

// A delivery's outcome also moves its subscriber's bounce count: hard bounces count in a row, and
// enough of them suspend the subscriber, with an event saying why.

/**
 * Ends `claimant`'s claim on a delivery as bounced and counts the bounce against its subscriber,
 * in one statement; returns the count and the subscriber's status after it, or null when the
 * claim was no longer ours. Run again after an attempt that committed unseen (the outage guard
 * does, when the connection is lost), it counts nothing more and returns the same: the row is
 * found bounced for this reason, its claim ended.
 */
export async function bounceClaim(prisma: PrismaClient, options: { id: number; claimant: string; lastError: string }): Promise<{ hardBounces: number; status: string } | null> {
  // The SELECT after UNION ALL reads the rows as they were before this statement's UPDATEs.
  const rows = await prisma.$queryRaw<Array<{ hardBounces: number; status: string }>>`
    WITH ended AS (
      UPDATE "Delivery" SET status = ${sqlStatus(TRANSITIONS.bounce.to)}, "lastError" = ${options.lastError}, "claimedBy" = NULL
      WHERE id = ${options.id} AND status = ${sqlStatus(TRANSITIONS.bounce.from)} AND "claimedBy" = ${options.claimant}
      RETURNING "subscriberId"),
    counted AS (
      UPDATE "Subscriber" s SET "hardBounces" = s."hardBounces" + 1
      FROM ended WHERE s.id = ended."subscriberId"
      RETURNING s."hardBounces", s.status::text AS status),
    -- The reader never got these papers: they may come again (the never-resend record, and the
    -- export's sent column, hold what reached them). Run whether or not the SELECT reads it.
    unsent AS (
      DELETE FROM "SentPaper" p USING ended
      WHERE p."deliveryId" = ${options.id} AND p."subscriberId" = ended."subscriberId")
    SELECT "hardBounces", status FROM counted
    UNION ALL
    SELECT s."hardBounces", s.status::text AS status
    FROM "Delivery" d JOIN "Subscriber" s ON s.id = d."subscriberId"
    WHERE d.id = ${options.id} AND d.status = ${sqlStatus(TRANSITIONS.bounce.to)} AND d."lastError" = ${options.lastError} AND d."claimedBy" IS NULL`;
  return rows[0] ?? null;
}

/** Suspends an active subscriber because of bounces, and records the event. */
export async function suspendForBounces(prisma: PrismaClient, subscriberId: number, detail: Prisma.InputJsonObject): Promise<void> {
  await prisma.$transaction([
    prisma.subscriber.updateMany({ where: { id: subscriberId, status: 'active' }, data: { status: 'suspended' } }),
    prisma.subscriptionEvent.create({ data: { subscriberId, type: 'suspended', source: 'bounce', detail } }),
  ]);
}

/** An accepted message ends a run of hard bounces. */
export async function resetHardBounces(prisma: PrismaClient, subscriberId: number): Promise<void> {
  await prisma.subscriber.update({ where: { id: subscriberId }, data: { hardBounces: 0 } });
}
