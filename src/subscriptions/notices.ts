// Which notice a subscriber gets, with which words and links; sent through the notifier port.
import type { SubscriptionDeps } from './deps.js';
import { recordEvent, type EventSource } from './events.js';
import { findHeldRequest } from './held-request.js';
import { CONFIRM_TTL_HOURS } from './links.js';
import { loadSubscriber, type ManagedSubscriber } from './manage.js';
import { describeSchedule } from './schedule.js';

type NoticeDeps = Pick<SubscriptionDeps, 'prisma' | 'clock' | 'links' | 'notifier'>;

/**
 * What a confirmation email says the subscription is about. Anyone can type any address into the
 * form, so the email names catalogue topics only and counts the free text (which could be "Click
 * https://evil.example/win"): it never carries words a stranger typed into someone else's inbox.
 */
export function confirmationTopics(interests: ManagedSubscriber['interests'], likedPapers = 0): string[] {
  const named = interests.filter((interest) => interest.topicSlug !== null).map((interest) => interest.label);
  const own = interests.length - named.length;
  // Papers the request named are counted too, never titled, for the same reason: "on: 3 topics of
  // your own" left out the papers a reader had named beside them.
  const counted = [
    ...(own > 0 ? [`${own} topic${own === 1 ? '' : 's'} of your own`] : []),
    ...(likedPapers > 0 ? [likedPapers === 1 ? 'papers like the one you named' : `papers like the ${likedPapers} you named`] : []),
  ];
  // One "and", before the last part: "RL, 1 topic of your own, and papers like the 2 you named".
  return [...named, ...counted.map((part, i) => (i === counted.length - 1 && named.length + i > 0 ? `and ${part}` : part))];
}

/**
 * The confirmation for a pending subscriber, or for the request held for an unsubscribed or
 * suspended one, as it is when it is sent (its current key and topics), so the newest email always
 * carries the working link. Nothing when there is nothing left to confirm.
 */
export async function sendConfirmation(deps: NoticeDeps, subscriberId: number, source: EventSource): Promise<void> {
  const subscriber = await loadSubscriber(deps.prisma, subscriberId);
  if (!subscriber) return;
  const inactive = subscriber.status === 'unsubscribed' || subscriber.status === 'suspended';
  const held = inactive ? await findHeldRequest(deps.prisma, subscriberId) : null;
  const asked = held
    ? { key: held.key, interests: held.choices.interests, liked: held.choices.liked.length }
    : subscriber.status === 'pending'
      ? { key: subscriber.linkKey, interests: subscriber.interests, liked: subscriber._count.liked }
      : null;
  if (!asked) return;
  await deps.notifier.confirmation(subscriber.email, {
    confirmUrl: deps.links.confirm(asked.key, deps.clock.now()),
    topics: confirmationTopics(asked.interests, asked.liked),
    expiresInHours: CONFIRM_TTL_HOURS,
  });
  await recordEvent(deps.prisma, subscriberId, 'confirmation_sent', source, { expiresInHours: CONFIRM_TTL_HOURS });
}

/** An already subscribed address asked again: its manage link (in a welcome), changing nothing. */
export async function sendManageLink(deps: NoticeDeps, subscriberId: number, source: EventSource, request: { askedOtherwise?: boolean } = {}): Promise<void> {
  const subscriber = await loadSubscriber(deps.prisma, subscriberId);
  if (!subscriber) return;
  await sendWelcome(deps, subscriber, request.askedOtherwise ?? false);
  await recordEvent(deps.prisma, subscriberId, 'manage_link_sent', source);
}

/** `askedOtherwise`: sent to an address already subscribed whose new request named other choices. */
export async function sendWelcome(deps: Pick<NoticeDeps, 'links' | 'notifier'>, subscriber: ManagedSubscriber, askedOtherwise = false, firstDigest?: string): Promise<void> {
  const paused = subscriber.status === 'paused' ? ' (paused for now: resume it from your preferences)' : '';
  await deps.notifier.welcome(subscriber.email, {
    askedOtherwise,
    topics: subscriber.interests.map((interest) => interest.label),
    likedPapers: subscriber._count.liked,
    schedule: `${describeSchedule(subscriber)}, up to ${subscriber.digestSize} papers${paused}`,
    weekly: subscriber.frequency === 'weekly',
    links: deps.links.forSubscriber(subscriber.linkKey),
    ...(firstDigest ? { firstDigest } : {}),
  });
}

export async function sendGoodbye(deps: Pick<NoticeDeps, 'links' | 'notifier'>, subscriber: ManagedSubscriber): Promise<void> {
  // The manage link of an unsubscribed address offers a one-button resubscribe.
  await deps.notifier.goodbye(subscriber.email, { resubscribeUrl: deps.links.forSubscriber(subscriber.linkKey).preferences });
}

/** Runs a notice whose failure must not undo what was done: the failure is handed back, not thrown. */
export async function noticeFailureOf(send: () => Promise<void>): Promise<unknown> {
  try {
    await send();
    return undefined;
  } catch (error) {
    return error ?? new Error('notice failed');
  }
}
