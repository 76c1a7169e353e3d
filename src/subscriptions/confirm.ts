// Double opt-in, second half: a confirm link activates a pending subscription, once.
// A confirm token acts only while its subscriber is pending under the same link key: after use the
// subscriber is active (a second click just says so); after an unsubscribe it is refused; after a
// new request the key has been rotated (request.ts), so links from the earlier round are revoked.
// The confirm token of a request held for an unsubscribed or suspended address names the request's
// own key instead (held-request.ts): its click applies the request, and that key becomes the
// subscriber's, so a second click finds them active and just says so.
import type { Prisma, PrismaClient } from '../db/index.js';
import type { SubscriptionDeps } from './deps.js';
import { recordEvent, type EventSource } from './events.js';
import { confirmHeldRequest } from './held-request.js';
import type { SubscriberLinks } from './links.js';
import { loadSubscriber, type ManagedSubscriber } from './manage.js';
import { noticeFailureOf, sendWelcome } from './notices.js';
import { describeFirstDigest } from './schedule.js';
import type { TokenSigner } from './tokens.js';

export type ConfirmOutcome =
  | { kind: 'confirmed'; subscriberId: number }
  | { kind: 'already-confirmed'; subscriberId: number }
  /** Genuine, but its subscription has since ended (unsubscribed or suspended). */
  | { kind: 'no-longer-valid' }
  | { kind: 'expired' }
  /** Genuine, but its key was rotated since (the address asked again) or its subscriber erased. */
  | { kind: 'revoked' }
  /** Forged, mangled or for another purpose. */
  | { kind: 'unknown' };

export async function confirmSubscription(
  prisma: PrismaClient,
  signer: TokenSigner,
  token: string,
  options: { source: EventSource; now: Date },
): Promise<ConfirmOutcome> {
  const claims = signer.verify(token, 'confirm', options.now);
  if (!claims) return { kind: unverified(signer, token) };
  return prisma.$transaction(async (tx): Promise<ConfirmOutcome> => {
    const subscriber = await tx.subscriber.findUnique({ where: { linkKey: claims.linkKey }, select: { id: true, status: true } });
    if (!subscriber) return confirmHeld(tx, claims.linkKey, options);
    if (subscriber.status === 'active' || subscriber.status === 'paused') return { kind: 'already-confirmed', subscriberId: subscriber.id };
    if (subscriber.status !== 'pending') return { kind: 'no-longer-valid' };
    // Guarded on status, so two clicks at once confirm (and record) once.
    const { count } = await tx.subscriber.updateMany({
      where: { id: subscriber.id, status: 'pending', linkKey: claims.linkKey },
      data: { status: 'active', confirmedAt: options.now, unsubscribedAt: null, hardBounces: 0 },
    });
    if (count === 0) return { kind: 'already-confirmed', subscriberId: subscriber.id };
    await recordEvent(tx, subscriber.id, 'confirmed', options.source, { by: 'confirm-link' });
    return { kind: 'confirmed', subscriberId: subscriber.id };
  });
}

/**
 * Why a confirm token did not verify. Verifying "at the epoch" skips only the expiry check: a
 * genuine but old link earns a kinder page ("it expired, start again") than a broken one.
 */
function unverified(signer: TokenSigner, token: string): 'expired' | 'unknown' {
  return signer.verify(token, 'confirm', new Date(0)) ? 'expired' : 'unknown';
}

/** A confirm token whose key is no subscriber's: a held request's, or revoked (replaced, or erased). */
async function confirmHeld(tx: Prisma.TransactionClient, key: string, options: { source: EventSource; now: Date }): Promise<ConfirmOutcome> {
  const held = await confirmHeldRequest(tx, key, options.now);
  switch (held.kind) {
    case 'none':
      return { kind: 'revoked' };
    case 'taken':
    case 'already-active':
      return { kind: 'already-confirmed', subscriberId: held.subscriberId };
    case 'applied':
      await recordEvent(tx, held.subscriberId, 'confirmed', options.source, { by: 'confirm-link', previousStatus: held.previousStatus });
      return { kind: 'confirmed', subscriberId: held.subscriberId };
  }
}

/**
 * What a confirm link would do, changing nothing: a GET answers with this (a page with one button),
 * because mail scanners and link previews open every link in a message, and a subscription must be
 * confirmed by the person who owns the address, not by their mail provider's scanner.
 */
export type ConfirmCheck =
  | { kind: 'refused'; why: 'expired' | 'unknown' | 'revoked' | 'no-longer-valid' }
  /** A pending subscription (or a request held for a returning address) that a POST would confirm. */
  | { kind: 'awaiting'; email: string }
  | { kind: 'already-confirmed' };

export async function checkConfirmLink(deps: Pick<SubscriptionDeps, 'prisma' | 'clock' | 'signer'>, token: string): Promise<ConfirmCheck> {
  const now = deps.clock.now();
  const claims = deps.signer.verify(token, 'confirm', now);
  if (!claims) return { kind: 'refused', why: unverified(deps.signer, token) };
  const subscriber = await deps.prisma.subscriber.findUnique({ where: { linkKey: claims.linkKey }, select: { email: true, status: true } });
  if (subscriber) {
    if (subscriber.status === 'active' || subscriber.status === 'paused') return { kind: 'already-confirmed' };
    return subscriber.status === 'pending' ? { kind: 'awaiting', email: subscriber.email } : { kind: 'refused', why: 'no-longer-valid' };
  }
  const held = await deps.prisma.heldRequest.findUnique({ where: { key: claims.linkKey }, select: { subscriber: { select: { email: true, status: true } } } });
  if (!held) return { kind: 'refused', why: 'revoked' };
  // Back through their goodbye email meanwhile: the request would rewrite nothing (held-request.ts).
  if (held.subscriber.status === 'active' || held.subscriber.status === 'paused') return { kind: 'already-confirmed' };
  return { kind: 'awaiting', email: held.subscriber.email };
}

export type ConfirmResult =
  | { kind: 'refused'; why: 'expired' | 'unknown' | 'revoked' | 'no-longer-valid' }
  | {
      kind: 'confirmed' | 'already-confirmed';
      subscriber: ManagedSubscriber;
      /** When their first digest goes out, in words; null unless just confirmed and active. */
      firstDigest: string | null;
      links: SubscriberLinks;
      /** Why the welcome email did not go out, when it did not: the subscription stands anyway. */
      noticeFailure?: unknown;
    };

/**
 * The date of the latest edition of their frequency this reader had (sent, skipped with nothing new,
 * or failed for good: a pending one is still to come), as YYYY-MM-DD, or null.
 */
async function lastEditionHad(prisma: PrismaClient, subscriber: { id: number; frequency: string }): Promise<string | null> {
  const last = await prisma.delivery.findFirst({
    where: { subscriberId: subscriber.id, status: { notIn: ['pending', 'sending'] }, edition: { key: { startsWith: `${subscriber.frequency}:` } } },
    orderBy: { edition: { date: 'desc' } },
    select: { edition: { select: { date: true } } },
  });
  return last ? last.edition.date.toISOString().slice(0, 10) : null;
}

/** The use case behind a confirm link: confirm once, and welcome the reader the first time. */
export async function confirmFromLink(
  deps: Pick<SubscriptionDeps, 'prisma' | 'clock' | 'signer' | 'links' | 'notifier' | 'nextSendRun'>,
  token: string,
  source: EventSource,
): Promise<ConfirmResult> {
  const now = deps.clock.now();
  const outcome = await confirmSubscription(deps.prisma, deps.signer, token, { source, now });
  if (outcome.kind !== 'confirmed' && outcome.kind !== 'already-confirmed') return { kind: 'refused', why: outcome.kind };
  const subscriber = await loadSubscriber(deps.prisma, outcome.subscriberId);
  if (!subscriber) return { kind: 'refused', why: 'revoked' };
  // Only on confirming: later, their first digest may long have gone out ("shortly, with today's
  // papers" was still said to a reader who had had a week of them); the schedule says the rest.
  const firstDigest = outcome.kind === 'confirmed' && subscriber.status === 'active' ? describeFirstDigest(subscriber, now, deps.nextSendRun?.(now) ?? null, await lastEditionHad(deps.prisma, subscriber)) : null;
  // The welcome email carries the same links as the page that answers the click, and when the first
  // digest comes: a reader who had closed the tab could not tell "within minutes" from "tomorrow".
  const noticeFailure = outcome.kind === 'confirmed' ? await noticeFailureOf(() => sendWelcome(deps, subscriber, false, firstDigest ?? undefined)) : undefined;
  return {
    kind: outcome.kind,
    subscriber,
    firstDigest,
    links: deps.links.forSubscriber(subscriber.linkKey),
    ...(noticeFailure !== undefined ? { noticeFailure } : {}),
  };
}
