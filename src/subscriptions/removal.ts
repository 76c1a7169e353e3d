// Taking someone off the list at the operator's hand: unsubscribing them (their history stays,
// with the event), or erasing them on request (nothing about them stays but counts).
import type { PrismaClient } from '../db/index.js';
import { NotFoundError } from '../shared/errors.js';
import { normaliseEmail, subscriberKey } from './email.js';
import type { EventSource } from './events.js';
import { changeStatus } from './manage.js';

async function subscriberIdOf(prisma: PrismaClient, email: string): Promise<{ id: number; email: string }> {
  const address = normaliseEmail(email);
  // One subscriber per mailbox: found whatever the case the operator typed.
  const subscriber = await prisma.subscriber.findUnique({ where: { emailKey: subscriberKey(address) }, select: { id: true, email: true } });
  if (!subscriber) throw new NotFoundError(`no subscriber has the address ${address}`);
  return subscriber;
}

/** Unsubscribes the address, recording who did it; false when it was unsubscribed already. */
export async function unsubscribeByEmail(prisma: PrismaClient, email: string, options: { now: Date; source: EventSource }): Promise<{ email: string; changed: boolean }> {
  const subscriber = await subscriberIdOf(prisma, email);
  const changed = await changeStatus(prisma, subscriber.id, 'unsubscribe', { source: options.source, now: options.now });
  return { email: subscriber.email, changed };
}

/** What an erasure would remove, to show before asking for confirmation. */
export interface ErasureScope {
  email: string;
  topics: number;
  /** Papers they said they like, and their "more / less like this" marks. */
  likedPapers: number;
  marks: number;
  events: number;
  deliveries: number;
  /** Of those, the ones not sent yet (pending, or being sent). */
  unsentDeliveries: number;
  /** Papers the never-resend record holds as sent to them (by a sent digest, or imported). */
  papersSent: number;
  /** Papers it holds for digests not sent yet: picked for them, not received. */
  papersPicked: number;
}

export async function erasureScope(prisma: PrismaClient, email: string): Promise<ErasureScope> {
  const { id, email: address } = await subscriberIdOf(prisma, email);
  const [topics, likedPapers, marks, events, [counted]] = await Promise.all([
    prisma.interest.count({ where: { subscriberId: id } }),
    prisma.likedPaper.count({ where: { subscriberId: id } }),
    prisma.rating.count({ where: { subscriberId: id } }),
    prisma.subscriptionEvent.count({ where: { subscriberId: id } }),
    // A paper enters the never-resend record when its digest is built, before it is sent: "the
    // record of 10 papers sent" was said of a reader whose one digest had never gone out.
    prisma.$queryRaw<Array<{ deliveries: number; unsentDeliveries: number; papersSent: number; papersPicked: number }>>`
      SELECT (SELECT count(*)::int FROM "Delivery" WHERE "subscriberId" = ${id}) AS deliveries,
             (SELECT count(*)::int FROM "Delivery" WHERE "subscriberId" = ${id} AND status IN ('pending', 'sending')) AS "unsentDeliveries",
             (count(p."paperId") FILTER (WHERE d.status IS NULL OR d.status NOT IN ('pending', 'sending')))::int AS "papersSent",
             (count(p."paperId") FILTER (WHERE d.status IN ('pending', 'sending')))::int AS "papersPicked"
      FROM "SentPaper" p LEFT JOIN "Delivery" d ON d.id = p."deliveryId"
      WHERE p."subscriberId" = ${id}`,
  ]);
  return { email: address, topics, likedPapers, marks, events, ...counted! };
}

/**
 * Removes the subscriber and, through the cascades, their topics, history, deliveries (with the
 * digests' contents and web views) and the record of which papers they got. Their finished
 * deliveries are first added to ErasedDeliveries, by edition and outcome, so that edition counts
 * stay true; unfinished ones are simply never sent, and imported ones (an edition they had in
 * another database) were never counted as sent from here. One transaction: all of it or nothing.
 */
export async function eraseSubscriber(prisma: PrismaClient, email: string): Promise<ErasureScope> {
  const scope = await erasureScope(prisma, email);
  await prisma.$transaction(async (tx) => {
    const subscriber = await tx.subscriber.findUnique({ where: { email: scope.email }, select: { id: true } });
    if (!subscriber) throw new NotFoundError(`no subscriber has the address ${scope.email}`);
    await tx.$executeRaw`
      INSERT INTO "ErasedDeliveries" ("editionId", status, count)
      SELECT "editionId", status, count(*)::int FROM "Delivery"
      WHERE "subscriberId" = ${subscriber.id} AND status IN ('sent', 'failed', 'bounced', 'skipped') AND NOT imported
      GROUP BY "editionId", status
      ON CONFLICT ("editionId", status) DO UPDATE SET count = "ErasedDeliveries".count + EXCLUDED.count`;
    await tx.subscriber.delete({ where: { id: subscriber.id } });
  });
  return scope;
}
