// Feedback as use cases: a verdict from the links under a paper ("more / less like this"), the
// changes a reader makes on their preferences page, and the operator's marks from the CLI.
import type { SubscriberStatus } from '../db/index.js';
import { UserError } from '../shared/errors.js';
import { subscriberKey } from './email.js';
import type { SubscriptionDeps } from './deps.js';
import type { EventSource } from './events.js';
import { addLikedPapers, currentRating, ratePaper, removeLikedPaper, undoRating, type Verdict } from './feedback.js';
import { resolveLikedPapers } from './liked-papers.js';
import { lookupLink, type ManagedSubscriber } from './manage.js';
import { findPaper, parsePaperRef, type PaperRecord, type PaperRef } from './paper-ref.js';
import { LikedPapersProblem } from './subscribe.js';

export type FeedbackTarget =
  | { kind: 'found'; subscriber: ManagedSubscriber; paper: { id: number; title: string } }
  /** Forged, mangled, for another purpose, or about a paper that is not (or no longer) there. */
  | { kind: 'unknown' }
  /** Genuine, but the subscriber's key was rotated since (the address subscribed again). */
  | { kind: 'revoked' }
  /** A reader's key under another APP_SECRET's signature (manage.ts). */
  | { kind: 'other-secret' };

/** The reader and the paper a feedback link names. */
export async function feedbackTarget(deps: Pick<SubscriptionDeps, 'prisma' | 'clock' | 'signer'>, token: string): Promise<FeedbackTarget> {
  const found = await lookupLink(deps.prisma, deps.signer, token, 'feedback', deps.clock.now());
  if (found.kind !== 'found') return found;
  const paperId = found.claims.paperId;
  const paper = paperId === undefined ? null : await deps.prisma.paper.findUnique({ where: { id: paperId }, select: { id: true, title: true } });
  return paper ? { kind: 'found', subscriber: found.subscriber, paper } : { kind: 'unknown' };
}

/**
 * Records, changes or takes back a reader's verdict on one paper. `unliked`: marked "less", it was
 * among the papers they like, and is no longer; `relisted`: undoing such a "less" put it back;
 * `restored`: the undone verdict had replaced this one, which is the paper's mark again.
 */
export async function giveVerdict(
  deps: Pick<SubscriptionDeps, 'prisma' | 'clock'>,
  target: { subscriberId: number; paperId: number },
  action: Verdict | 'undo',
  source: EventSource,
): Promise<{ unliked: boolean; relisted: boolean; restored: Verdict | null }> {
  const options = { source, now: deps.clock.now() };
  if (action === 'undo') {
    const { relisted, restored } = await undoRating(deps.prisma, target, options);
    return { unliked: false, relisted, restored };
  }
  return { unliked: (await ratePaper(deps.prisma, { ...target, verdict: action }, options)).unliked, relisted: false, restored: null };
}

export type FeedbackChange =
  | { action: 'undo-rating'; paperId: number }
  | { action: 'remove-liked'; likedId: number }
  /** What the reader typed as papers they like: ids, links, titles or BibTeX. */
  | { action: 'add-liked'; liked: string };

export type FeedbackChangeResult =
  | 'rating-undone'
  | 'rating-undone-relisted'
  | 'rating-restored-more'
  | 'rating-restored-more-relisted'
  | 'rating-restored-less'
  | 'liked-removed'
  | 'liked-gone'
  | 'liked-added'
  | 'liked-added-some'
  | 'liked-added-completed'
  | 'liked-added-unmarked'
  | 'liked-completed'
  | 'liked-unchanged';

/** A change to their feedback a reader makes on their preferences page. */
export async function changeFeedback(
  deps: Pick<SubscriptionDeps, 'prisma' | 'clock' | 'lookupArxiv'>,
  subscriberId: number,
  change: FeedbackChange,
  source: EventSource,
): Promise<FeedbackChangeResult> {
  const options = { source, now: deps.clock.now() };
  if (change.action === 'undo-rating') {
    const { relisted, restored } = await undoRating(deps.prisma, { subscriberId, paperId: change.paperId }, options);
    if (restored === 'more') return relisted ? 'rating-restored-more-relisted' : 'rating-restored-more';
    if (restored === 'less') return 'rating-restored-less';
    return relisted ? 'rating-undone-relisted' : 'rating-undone';
  }
  if (change.action === 'remove-liked') {
    // A second tap, or a page left open after another removed it: nothing to remove, and said so.
    return (await removeLikedPaper(deps.prisma, subscriberId, change.likedId, options)) ? 'liked-removed' : 'liked-gone';
  }
  try {
    // All or nothing: every line is resolved before any is added, so one bad line adds none.
    const papers = await resolveLikedPapers(deps.prisma, [change.liked], deps.lookupArxiv);
    const { added, completed, alreadyThere, unmarked } = await addLikedPapers(deps.prisma, subscriberId, papers, options);
    // The mark leaves the list of rated papers: the page must say where it went.
    if (added > 0 && unmarked > 0) return 'liked-added-unmarked';
    // New ones beside ones already there that gained the abstract given: both are said.
    if (added > 0 && completed > 0) return 'liked-added-completed';
    if (added > 0) return alreadyThere > 0 ? 'liked-added-some' : 'liked-added';
    return completed > 0 ? 'liked-completed' : 'liked-unchanged';
  } catch (error) {
    // Typed, so that a page can show the list again beside its field with what to fix.
    throw error instanceof UserError && !(error instanceof LikedPapersProblem) ? new LikedPapersProblem(error.message, error.status, error.code) : error;
  }
}

/** A mark as recorded: `previous`, the verdict it replaced or repeated; `changed`, false when it was already so. */
export interface MarkRecorded {
  verdict: Verdict;
  paper: PaperRecord;
  previous: Verdict | null;
  changed: boolean;
  /** Marked "less", it was among the papers they like, and is no longer (until the mark is undone). */
  unliked: boolean;
}

export interface Mark {
  verdict: Verdict;
  /** PAPER_REF_FORMS: a paper id, an arXiv id or URL, or the exact title. */
  ref: string;
}

/**
 * A paper a mark names is not in the corpus; the caller words it in its own terms. `ref`: how it
 * was named (an arXiv id names a real paper the corpus may yet bring); `liked`: it is among the
 * papers the reader likes, kept by its text.
 */
export class UnknownPaperError extends UserError {
  override name = 'UnknownPaperError';
  constructor(
    readonly mark: Mark,
    readonly ref: PaperRef,
    readonly liked: boolean,
  ) {
    super(`${mark.ref}: not in the corpus`);
  }
}

/**
 * Marks that name one paper both ways ("more" and "less"): a reader has one verdict per paper, so
 * recording both would keep only the last. The caller words it in its own terms.
 */
export class ConflictingMarksError extends UserError {
  override name = 'ConflictingMarksError';
  constructor(
    readonly paper: PaperRecord,
    readonly more: Mark,
    readonly less: Mark,
  ) {
    super(`${more.ref} and ${less.ref} name the same paper ("${paper.title}"), once as more and once as less like this`);
  }
}

/**
 * The operator marks papers for a reader, as the links in their digest would. A paper named twice
 * the same way is marked once; named both ways, nothing is recorded (ConflictingMarksError). Marks
 * for a reader who gets no digests now (paused, unsubscribed…) are recorded too, as their links
 * record them: `reader.status` lets the caller say when they count.
 */
export async function markPapers(
  deps: Pick<SubscriptionDeps, 'prisma' | 'clock'>,
  email: string,
  marks: Mark[],
  source: EventSource,
): Promise<{ reader: { email: string; status: SubscriberStatus }; marks: MarkRecorded[] }> {
  const subscriber = await deps.prisma.subscriber.findUnique({ where: { emailKey: subscriberKey(email) }, select: { id: true, email: true, status: true } });
  if (!subscriber) throw new UserError(`${email} is not a subscriber.`);
  // Every paper is found before anything is recorded: one unknown paper changes nothing.
  const found: Array<{ verdict: Verdict; paper: PaperRecord; mark: Mark }> = [];
  for (const mark of marks) {
    const ref = parsePaperRef(mark.ref);
    const paper = await findPaper(deps.prisma, ref);
    if (!paper) throw new UnknownPaperError(mark, ref, await likesOutsideCorpus(deps.prisma, subscriber.id, ref));
    // By paper, not by what was typed: "38" and its title are one paper.
    const earlier = found.find((item) => item.paper.id === paper.id);
    if (earlier && earlier.verdict !== mark.verdict) {
      throw mark.verdict === 'less' ? new ConflictingMarksError(paper, earlier.mark, mark) : new ConflictingMarksError(paper, mark, earlier.mark);
    }
    if (!earlier) found.push({ verdict: mark.verdict, paper, mark });
  }
  const now = deps.clock.now();
  const marked = [];
  for (const { verdict, paper } of found) {
    // What it was before, so that the caller can say "already" or "was more like this".
    const previous = await currentRating(deps.prisma, subscriber.id, paper.id);
    const { changed, unliked } = await ratePaper(deps.prisma, { subscriberId: subscriber.id, paperId: paper.id, verdict }, { source, now });
    marked.push({ verdict, paper, previous, changed, unliked });
  }
  return { reader: { email: subscriber.email, status: subscriber.status }, marks: marked };
}

/** Whether a paper the corpus lacks is on the reader's liked list, kept by its arXiv id or title. */
async function likesOutsideCorpus(prisma: SubscriptionDeps['prisma'], subscriberId: number, ref: PaperRef): Promise<boolean> {
  if (ref.kind === 'id') return false;
  const where = ref.kind === 'arxiv' ? { arxivId: ref.arxivId } : { title: { equals: ref.title, mode: 'insensitive' as const } };
  return (await prisma.likedPaper.count({ where: { subscriberId, paperId: null, ...where } })) > 0;
}
