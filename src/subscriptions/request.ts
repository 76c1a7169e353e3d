// A subscription asked for by a reader (double opt-in). What happens depends on the address's state,
// but the caller answers every case the same way, so that nobody learns who subscribes:
//   new, pending         -> pending with these topics; a confirmation email goes out
//   unsubscribed, suspended -> pending again with a fresh link key (old confirm links die); confirmation
//   active, paused       -> nothing changes (a stranger must not rewrite someone's topics); the
//                           address is mailed its manage link instead
import type { Prisma, PrismaClient } from '../db/index.js';
import { recordEvent, type EventSource } from './events.js';
import type { LikedPaperInput } from './feedback.js';
import { newLinkKey } from './operator.js';
import type { Preferences } from './preferences.js';
import { resolveInterests } from './topics.js';

export interface SubscriptionRequest {
  email: string;
  topics: string[];
  preferences: Preferences;
  /** Papers the reader likes, already resolved; they replace any a pending request gave. */
  liked?: LikedPaperInput[];
}

export type RequestOutcome =
  /** Send a confirmation email bound to this link key. */
  | { kind: 'confirm'; subscriberId: number; linkKey: string; topics: string[] }
  /** Already subscribed: send the manage link, change nothing. */
  | { kind: 'manage'; subscriberId: number };

export async function requestSubscription(
  prisma: PrismaClient,
  input: SubscriptionRequest,
  options: { source: EventSource; defaultTimeZone: string; now: Date },
): Promise<RequestOutcome> {
  const interests = await resolveInterests(prisma, input.topics);
  const prefs = input.preferences;
  const fields = {
    frequency: prefs.frequency,
    sendHour: prefs.sendHour,
    sendWeekday: prefs.sendWeekday,
    timeZone: prefs.timeZone ?? options.defaultTimeZone,
    digestSize: prefs.digestSize,
  };
  const attempt = () =>
    prisma.$transaction(async (tx): Promise<RequestOutcome> => {
      const existing = await tx.subscriber.findUnique({ where: { email: input.email }, select: { id: true, status: true, linkKey: true } });
      if (existing && (existing.status === 'active' || existing.status === 'paused')) {
        return { kind: 'manage', subscriberId: existing.id };
      }
      let subscriber: { id: number; linkKey: string };
      if (!existing) {
        subscriber = await tx.subscriber.create({
          data: { email: input.email, status: 'pending', linkKey: newLinkKey(), createdAt: options.now, ...fields },
          select: { id: true, linkKey: true },
        });
      } else {
        // A pending address keeps its key, so every confirmation email it was sent still works.
        // Coming back from unsubscribed or suspended starts a new subscription: a new key revokes
        // the links of the old one, including a confirm link that has not expired yet.
        const linkKey = existing.status === 'pending' ? existing.linkKey : newLinkKey();
        subscriber = await tx.subscriber.update({
          where: { id: existing.id },
          data: { status: 'pending', linkKey, ...fields },
          select: { id: true, linkKey: true },
        });
        await tx.interest.deleteMany({ where: { subscriberId: existing.id } });
      }
      await tx.interest.createMany({ data: interests.map((interest) => ({ ...interest, subscriberId: subscriber.id })) });
      if (existing) await tx.likedPaper.deleteMany({ where: { subscriberId: subscriber.id } });
      const liked = input.liked ?? [];
      if (liked.length > 0) await tx.likedPaper.createMany({ data: liked.map((paper) => ({ ...paper, subscriberId: subscriber.id, createdAt: options.now })) });
      await recordEvent(tx, subscriber.id, 'subscribed', options.source, {
        topics: interests.map((interest) => interest.label),
        ...(liked.length > 0 ? { liked: liked.map((paper) => paper.title) } : {}),
        preferences: fields,
        ...(existing ? { previousStatus: existing.status } : {}),
      } satisfies Prisma.InputJsonValue);
      return { kind: 'confirm', subscriberId: subscriber.id, linkKey: subscriber.linkKey, topics: interests.map((i) => i.label) };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two requests for the same new address at once: the loser hits the unique email; by now the
    // row exists, so a second attempt takes the "pending" path.
    if ((error as { code?: string }).code === 'P2002') return attempt();
    throw error;
  }
}
