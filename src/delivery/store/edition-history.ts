// Which edition each reader last had, carried from one database to another with the list:
// `subscribers --csv` reads it (the `lastedition` column), `subscribe --file` records it, so that the
// planner of a new database owes them the edition after it, as the old one would have.
import { randomBytes } from 'node:crypto';
import type { EditionRef } from '../../calendar/index.js';
import type { PrismaClient } from '../../db/index.js';
import { sqlStatus, TRANSITIONS } from '../status.js';
import { completeEditions } from './editions.js';
import { ensureEdition } from './planning.js';

/** The newest edition each of these readers had (sent, or skipped with nothing new), by key. */
export async function lastEditionsHad(prisma: PrismaClient, subscriberIds: number[]): Promise<Map<number, string>> {
  if (subscriberIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<Array<{ subscriberId: number; key: string }>>`
    SELECT DISTINCT ON (d."subscriberId") d."subscriberId", e.key
    FROM "Delivery" d JOIN "Edition" e ON e.id = d."editionId"
    WHERE d."subscriberId" = ANY(${subscriberIds}::int[]) AND d.status IN (${sqlStatus(TRANSITIONS.send.to)}, ${sqlStatus(TRANSITIONS.skip.to)})
    ORDER BY d."subscriberId", e.date DESC, e.key`;
  return new Map(rows.map((row) => [row.subscriberId, row.key]));
}

/**
 * Records that the reader had `edition` in the database the list came from: a delivery of it, sent
 * and marked imported (counted apart from what this service sent), without content (nobody has a
 * link to it), unless they have one of it or of a later date here.
 * After a recovery, a reader who had today's digest got it a second time, with other papers.
 * Whether it was recorded.
 */
export async function recordEditionHad(prisma: PrismaClient, subscriberId: number, edition: EditionRef, now: Date): Promise<boolean> {
  const hadLater = await prisma.$queryRaw<unknown[]>`
    SELECT 1 FROM "Delivery" d JOIN "Edition" e ON e.id = d."editionId" WHERE d."subscriberId" = ${subscriberId} AND e.date >= ${edition.date}::date LIMIT 1`;
  if (hadLater.length > 0) return false;
  const editionId = await ensureEdition(prisma, edition, now);
  const messageId = `<${randomBytes(12).toString('hex')}.imported@paperboy.invalid>`;
  const rows = await prisma.$queryRaw<Array<{ id: number }>>`
    INSERT INTO "Delivery" ("editionId", "subscriberId", status, imported, "messageId", "webToken", "smtpResponse", "sentAt", "createdAt", "nextAttemptAt")
    SELECT ${editionId}, ${subscriberId}, ${sqlStatus(TRANSITIONS.send.to)}, true, ${messageId}, ${randomBytes(18).toString('base64url')},
           'sent from the database this list was exported from', ${now}, ${now}, ${now}
    ON CONFLICT ("subscriberId", "editionId") DO NOTHING
    RETURNING id`;
  if (rows.length === 0) return false;
  // Complete, as it was where it came from, when nothing of it is left to send here: `status` read
  // "not complete" with nothing pending until the next send run.
  await completeEditions(prisma, [editionId], now);
  return true;
}
