// A subscription asked for by a reader (double opt-in). What happens depends on the address's state,
// but the caller answers every case the same way, so that nobody learns who subscribes:
//   new                  -> pending with these topics; a confirmation email goes out
//   pending              -> pending with these topics and a fresh link key, so that every earlier
//                           link is revoked (an older confirm link can never confirm choices made
//                           after it was sent); a fresh confirmation goes out
//   unsubscribed, suspended -> nothing of the subscriber changes (their choices are theirs until
//                           the mailbox confirms otherwise, and the goodbye email's resubscribe link
//                           keeps working): the request is held apart with a key of its own
//                           (held-request.ts), and a confirmation for it goes out
//   active, paused       -> nothing changes (a stranger must not rewrite someone's topics); the
//                           address is mailed its manage link instead
import type { Prisma, PrismaClient } from '../db/index.js';
import { subscriberKey } from './email.js';
import { recordEvent, type EventSource } from './events.js';
import { holdRequest } from './held-request.js';
import type { LikedPaperInput } from './liked-papers.js';
import { newLinkKey, rotatedKeyFields } from './link-keys.js';
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
  /** Send a confirmation email (bound to the held request's key, or else the subscriber's link key, as they are when it is sent). */
  | { kind: 'confirm'; subscriberId: number }
  /**
   * Already subscribed: send the manage link, change nothing. `askedOtherwise`: the request named
   * other topics, schedule or papers than those kept, which the email says were not applied.
   */
  | { kind: 'manage'; subscriberId: number; askedOtherwise: boolean };

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
      // One subscriber per mailbox: found whatever the case it was typed in (emailKey is lower(email)).
      const existing = await tx.subscriber.findUnique({
        where: { emailKey: subscriberKey(input.email) },
        select: { id: true, status: true, frequency: true, sendHour: true, sendWeekday: true, timeZone: true, digestSize: true, interests: { select: { label: true } } },
      });
      if (existing && (existing.status === 'active' || existing.status === 'paused')) {
        const labels = (list: string[]) => [...list].map((label) => label.toLowerCase()).sort().join('\n');
        const sameTopics = labels(existing.interests.map((interest) => interest.label)) === labels(interests.map((interest) => interest.label));
        const sameSchedule = (Object.keys(fields) as Array<keyof typeof fields>).every((key) => existing[key] === fields[key]);
        return { kind: 'manage', subscriberId: existing.id, askedOtherwise: !sameTopics || !sameSchedule || (input.liked ?? []).length > 0 };
      }
      const liked = input.liked ?? [];
      const requested = {
        topics: interests.map((interest) => interest.label),
        ...(liked.length > 0 ? { liked: liked.map((paper) => paper.title) } : {}),
        preferences: fields,
      };
      if (existing && (existing.status === 'unsubscribed' || existing.status === 'suspended')) {
        await holdRequest(tx, existing.id, { interests, fields, liked }, options.now);
        await recordEvent(tx, existing.id, 'subscribed', options.source, { ...requested, previousStatus: existing.status, held: true } satisfies Prisma.InputJsonValue);
        return { kind: 'confirm', subscriberId: existing.id };
      }
      let subscriber: { id: number };
      if (!existing) {
        subscriber = await tx.subscriber.create({
          data: { email: input.email, status: 'pending', linkKey: newLinkKey(), createdAt: options.now, ...fields },
          select: { id: true },
        });
      } else {
        // A new request starts a new round: a new key revokes every link sent before, including a
        // confirm link that has not expired yet. Were the key kept, anyone could rewrite a pending
        // address's topics and the first confirmation email would then confirm those.
        subscriber = await tx.subscriber.update({
          where: { id: existing.id },
          data: { status: 'pending', ...(await rotatedKeyFields(tx, existing.id)), ...fields },
          select: { id: true },
        });
        await tx.interest.deleteMany({ where: { subscriberId: existing.id } });
      }
      await tx.interest.createMany({ data: interests.map((interest) => ({ ...interest, subscriberId: subscriber.id })) });
      if (existing) await tx.likedPaper.deleteMany({ where: { subscriberId: subscriber.id } });
      if (liked.length > 0) await tx.likedPaper.createMany({ data: liked.map((paper) => ({ ...paper, subscriberId: subscriber.id, createdAt: options.now })) });
      await recordEvent(tx, subscriber.id, 'subscribed', options.source, {
        ...requested,
        ...(existing ? { previousStatus: existing.status } : {}),
      } satisfies Prisma.InputJsonValue);
      return { kind: 'confirm', subscriberId: subscriber.id };
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
