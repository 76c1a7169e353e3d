// What a subscriber can do from the links in their email: look at and change their preferences,
// pause, resume, come back after unsubscribing. Every change is recorded with its source.
import type { PrismaClient, SubscriberStatus } from '../db/index.js';
import { recordEvent, type EventSource, type EventType } from './events.js';
import type { Preferences } from './preferences.js';
import type { TokenClaims, TokenPurpose, TokenSigner } from './tokens.js';
import { resolveInterests } from './topics.js';

export interface ManagedSubscriber {
  id: number;
  email: string;
  status: SubscriberStatus;
  frequency: 'daily' | 'weekly';
  sendHour: number;
  sendWeekday: number;
  timeZone: string;
  digestSize: number;
  linkKey: string;
  confirmedAt: Date | null;
  interests: Array<{ topicSlug: string | null; label: string }>;
  /** How many papers they named as papers they like (a welcome email says so). */
  _count: { liked: number };
}

const managedSelect = {
  id: true,
  email: true,
  status: true,
  frequency: true,
  sendHour: true,
  sendWeekday: true,
  timeZone: true,
  digestSize: true,
  linkKey: true,
  confirmedAt: true,
  interests: { select: { topicSlug: true, label: true }, orderBy: { id: 'asc' } },
  _count: { select: { liked: true } },
} as const;

export type LinkLookup =
  /** `claims`: what the verified token says (a feedback link's paper). */
  | { kind: 'found'; subscriber: ManagedSubscriber; claims: TokenClaims }
  /** Forged, mangled, expired or for another purpose: it was never a link of ours for this. */
  | { kind: 'unknown' }
  /** Genuine, but its key is no longer anyone's: rotated (subscribed again) or the subscriber erased. */
  | { kind: 'revoked' }
  /**
   * A reader's key, under a signature this APP_SECRET does not make: the service was set up again
   * with another secret (a move to a new server or database) and every link mailed before fails.
   */
  | { kind: 'other-secret' };

/** Who a signed link names. The signature proves we issued it, so a key that names nobody was revoked. */
export async function lookupLink(prisma: PrismaClient, signer: TokenSigner, token: string, purpose: TokenPurpose, now: Date): Promise<LinkLookup> {
  const claims = signer.verify(token, purpose, now);
  if (!claims) return (await signedElsewhere(prisma, signer, token)) ? { kind: 'other-secret' } : { kind: 'unknown' };
  // A feedback token carries the reader's feedback key (links.ts), every other one their link key.
  const where = purpose === 'feedback' ? { feedbackKey: claims.linkKey } : { linkKey: claims.linkKey };
  const subscriber = await prisma.subscriber.findUnique({ where, select: managedSelect });
  return subscriber ? { kind: 'found', subscriber, claims } : { kind: 'revoked' };
}

/** Whether a token that failed its signature names a reader's key: signed under another APP_SECRET, not copied in part. */
async function signedElsewhere(prisma: PrismaClient, signer: TokenSigner, token: string): Promise<boolean> {
  const key = signer.foreignKey(token);
  if (!key) return false;
  return (await prisma.subscriber.count({ where: { OR: [{ linkKey: key }, { feedbackKey: key }] } })) > 0;
}

/** The subscriber a signed link names, or null for a forged, foreign-purpose or revoked link. */
export async function findSubscriberByLink(
  prisma: PrismaClient,
  signer: TokenSigner,
  token: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<ManagedSubscriber | null> {
  const found = await lookupLink(prisma, signer, token, purpose, now);
  return found.kind === 'found' ? found.subscriber : null;
}

export async function loadSubscriber(prisma: PrismaClient, id: number): Promise<ManagedSubscriber | null> {
  return prisma.subscriber.findUnique({ where: { id }, select: managedSelect });
}

export interface PreferencesChange {
  topics: string[];
  /** The time zone resolved: a stored subscriber always has one. */
  preferences: Omit<Preferences, 'timeZone'> & { timeZone: string };
}

/** Replaces topics and preferences; records what changed. Returns false when nothing did. */
export async function updatePreferences(
  prisma: PrismaClient,
  subscriber: ManagedSubscriber,
  change: PreferencesChange,
  source: EventSource,
): Promise<boolean> {
  const interests = await resolveInterests(prisma, change.topics);
  const next = change.preferences;
  const changed: Record<string, { from: string | number; to: string | number }> = {};
  for (const key of ['frequency', 'sendHour', 'sendWeekday', 'timeZone', 'digestSize'] as const) {
    if (subscriber[key] !== next[key]) changed[key] = { from: subscriber[key], to: next[key] };
  }
  const before = subscriber.interests.map((i) => i.label);
  const after = interests.map((i) => i.label);
  const lower = (labels: string[]) => new Set(labels.map((l) => l.toLowerCase()));
  const added = after.filter((l) => !lower(before).has(l.toLowerCase()));
  const removed = before.filter((l) => !lower(after).has(l.toLowerCase()));
  const topicsChanged = added.length > 0 || removed.length > 0 || before.join('\n') !== after.join('\n');
  if (Object.keys(changed).length === 0 && !topicsChanged) return false;
  await prisma.$transaction(async (tx) => {
    await tx.subscriber.update({ where: { id: subscriber.id }, data: next });
    if (topicsChanged) {
      await tx.interest.deleteMany({ where: { subscriberId: subscriber.id } });
      await tx.interest.createMany({ data: interests.map((interest) => ({ ...interest, subscriberId: subscriber.id })) });
    }
    await recordEvent(tx, subscriber.id, 'preferences_changed', source, {
      ...(Object.keys(changed).length > 0 ? { changed } : {}),
      ...(topicsChanged ? { topics: after, added, removed } : {}),
    });
  });
  return true;
}

type Transition = { from: SubscriberStatus[]; to: SubscriberStatus; event: EventType };

const TRANSITIONS = {
  pause: { from: ['active'], to: 'paused', event: 'paused' },
  // A subscriber suspended after bounces who clicks a link in their mail has shown the mailbox works.
  resume: { from: ['paused', 'suspended'], to: 'active', event: 'resumed' },
  // The manage link was mailed to this address, which is the proof a confirmation would give.
  resubscribe: { from: ['unsubscribed'], to: 'active', event: 'resubscribed' },
  unsubscribe: { from: ['pending', 'active', 'paused', 'suspended'], to: 'unsubscribed', event: 'unsubscribed' },
} satisfies Record<string, Transition>;

export type StatusAction = keyof typeof TRANSITIONS;

/**
 * Moves a subscriber between statuses, guarded on the current one so that repeated or concurrent
 * requests change (and record) it once. Returns whether this call made the change.
 */
export async function changeStatus(
  prisma: PrismaClient,
  subscriberId: number,
  action: StatusAction,
  options: { source: EventSource; now: Date; detail?: Record<string, string> },
): Promise<boolean> {
  const transition: Transition = TRANSITIONS[action];
  const timestamps =
    transition.to === 'unsubscribed'
      ? { unsubscribedAt: options.now }
      : transition.to === 'active'
        ? { unsubscribedAt: null, hardBounces: 0, ...(action === 'resubscribe' ? { confirmedAt: options.now } : {}) }
        : {};
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.subscriber.updateMany({
      where: { id: subscriberId, status: { in: transition.from } },
      data: { status: transition.to, ...timestamps },
    });
    if (count === 0) return false;
    await recordEvent(tx, subscriberId, transition.event, options.source, options.detail);
    return true;
  });
}
