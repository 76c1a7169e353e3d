// Joining the list, as use cases: a reader asks (double opt-in: request.ts records it, a notice
// follows), or the operator adds a confirmed subscriber (operator.ts, no notice).
import { UserError } from '../shared/errors.js';
import type { SubscriptionDeps } from './deps.js';
import { subscriberKey } from './email.js';
import type { EventSource } from './events.js';
import { addLikedPapers, checkLikedPapersFit } from './feedback.js';
import { resolveLikedPapers, type LikedPaperInput } from './liked-papers.js';
import { sendConfirmation, sendManageLink } from './notices.js';
import { subscribeConfirmed, type OperatorOutcome, type OperatorSubscription } from './operator.js';
import type { PrismaClient } from '../db/index.js';
import type { Preferences } from './preferences.js';
import { requestSubscription, type RequestOutcome } from './request.js';

/** What was named as liked papers cannot be used; the message says why, the caller says where. */
export class LikedPapersProblem extends UserError {
  override name = 'LikedPapersProblem';
}

/** Resolved first, so that a paper the corpus cannot place leaves everything unchanged. */
async function likedPapersFrom(deps: Pick<SubscriptionDeps, 'prisma' | 'lookupArxiv'>, items: string[]): Promise<LikedPaperInput[]> {
  if (items.length === 0) return [];
  try {
    return await resolveLikedPapers(deps.prisma, items, deps.lookupArxiv);
  } catch (error) {
    throw error instanceof UserError ? new LikedPapersProblem(error.message, error.status, error.code) : error;
  }
}

export interface ReaderRequest {
  email: string;
  topics: string[];
  preferences: Preferences;
  /** What the reader typed as papers they like ('' for none). */
  likedPapers?: string;
}

export type RequestReceipt = RequestOutcome & {
  /**
   * Sends what this request calls for (a confirmation, or the manage link of an address already
   * subscribed). Left to the caller to run, because when it runs is a transport's concern: the web
   * answers every address at the same fixed time, whatever the mail does.
   */
  notify(): Promise<void>;
};

/**
 * A reader asks to subscribe. Which papers they like depends on what they typed only, never on
 * the address's state; every address then gets the same kind of answer (see request.ts).
 */
export async function subscribe(
  deps: Pick<SubscriptionDeps, 'prisma' | 'clock' | 'links' | 'notifier' | 'defaultTimeZone' | 'lookupArxiv'>,
  input: ReaderRequest,
  source: EventSource,
  options: { beforeChanges?: () => Promise<void> } = {},
): Promise<RequestReceipt> {
  // A field left blank (or holding only spaces) names no paper and is not a problem.
  const liked = await likedPapersFrom(deps, input.likedPapers?.trim() ? [input.likedPapers] : []);
  // What was typed is usable: the last say before anything is stored or sent (the web's budget of
  // emails per address, which a list of liked papers to correct must not use up).
  await options.beforeChanges?.();
  const outcome = await requestSubscription(deps.prisma, { ...input, liked }, { source, defaultTimeZone: deps.defaultTimeZone, now: deps.clock.now() });
  const notify = () =>
    outcome.kind === 'confirm' ? sendConfirmation(deps, outcome.subscriberId, source) : sendManageLink(deps, outcome.subscriberId, source, { askedOtherwise: outcome.askedOtherwise });
  return { ...outcome, notify };
}

/** The operator adds a confirmed subscriber, or changes what was given of one, with papers they like: no email round trip. */
export async function addSubscriber(
  deps: Pick<SubscriptionDeps, 'prisma' | 'clock' | 'defaultTimeZone' | 'lookupArxiv'>,
  input: OperatorSubscription & { like: string[] },
  source: EventSource,
): Promise<OperatorOutcome & { liked: string[]; likedAdded: string[]; likedCompleted: string[] }> {
  const liked = await likedPapersFrom(deps, input.like);
  // Too many for the reader's list is refused before their other changes are made, not after.
  const existing = await deps.prisma.subscriber.findUnique({ where: { emailKey: subscriberKey(input.email) }, select: { id: true } });
  if (existing) {
    await checkLikedPapersFit(deps.prisma, existing.id, liked).catch((error: unknown) => {
      throw error instanceof UserError ? new LikedPapersProblem(error.message, error.status, error.code) : error;
    });
  }
  const now = deps.clock.now();
  const result = await subscribeConfirmed(deps.prisma, input, { source, defaultTimeZone: deps.defaultTimeZone, now, withLikedPapers: liked.length > 0 });
  // Which of the papers named are new on the list: naming one already there changes nothing, and
  // the command must not say "added" for it.
  const added = await addLikedPapers(deps.prisma, result.subscriberId, liked, { source, now });
  return { ...result, liked: liked.map((paper) => paper.title), likedAdded: added.addedTitles, likedCompleted: added.completedTitles };
}
