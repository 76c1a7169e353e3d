// What the preferences page shows of a reader's feedback: the papers they like and the ones they
// rated, each card with its own notice. Its own module, so that the page (preferences.ts) and the
// routes that change it (reader-feedback.ts) both use it without importing each other.
import type { PrismaClient } from '../../db/index.js';
import { listLikedPapers, listRatings } from '../../subscriptions/index.js';
import { MAX_LIKED_TEXT } from '../form-fields.js';
import { ownEntry } from '../lookup.js';

/** Ids of the two cards: the forms in each post back to their card, and land there. */
export const LIKED_CARD = 'liked-papers';
export const RATED_CARD = 'rated';

/** After a change (?done=…), said in the card it concerns, which is where the reader lands. */
const FEEDBACK_NOTICES: Record<string, { card: typeof LIKED_CARD | typeof RATED_CARD; text: string }> = {
  'rating-undone': { card: RATED_CARD, text: 'Undone: that paper no longer counts.' },
  'rating-undone-relisted': { card: RATED_CARD, text: 'Undone: that paper no longer counts as less like this, and is back among the papers you like.' },
  // An undo of a changed mark puts back the one it replaced.
  'rating-restored-more': { card: RATED_CARD, text: 'Undone: that paper is marked more like this again, as before.' },
  'rating-restored-more-relisted': { card: RATED_CARD, text: 'Undone: that paper is marked more like this again, as before, and is back among the papers you like.' },
  'rating-restored-less': { card: RATED_CARD, text: 'Undone: that paper is marked less like this again, as before.' },
  'liked-added': { card: LIKED_CARD, text: 'Added to the papers you like.' },
  'liked-removed': { card: LIKED_CARD, text: 'Removed from the papers you like.' },
  'liked-gone': { card: LIKED_CARD, text: 'That paper was no longer among the papers you like: nothing to remove.' },
  'liked-added-some': { card: LIKED_CARD, text: 'Added to the papers you like; the others were already on your list.' },
  'liked-added-completed': { card: LIKED_CARD, text: 'Added to the papers you like; those already on your list that had no abstract now have the one you gave.' },
  'liked-added-unmarked': { card: LIKED_CARD, text: 'Added to the papers you like. What you had marked less like this among them no longer counts so: your latest word wins.' },
  'liked-completed': { card: LIKED_CARD, text: 'Those papers were already on your list; those that had no abstract now have the one you gave.' },
  'liked-unchanged': { card: LIKED_CARD, text: 'Those papers were already on your list.' },
};

/** The title of the paper an undo took off the list (?paper=…), to name it in the notice; else undefined. */
async function undoneTitle(prisma: PrismaClient, shown: { done?: unknown; paper?: unknown }): Promise<string | undefined> {
  const id = Number(shown.paper);
  if (!/^rating-(undone|restored)/.test(String(shown.done)) || !Number.isSafeInteger(id) || id <= 0) return undefined;
  return (await prisma.paper.findUnique({ where: { id }, select: { title: true } }))?.title;
}

/**
 * The two cards' model. `likedText` is what the reader typed, when the page is shown again because
 * it could not be added (the problem itself comes with the FormError, placed at this field).
 */
export async function feedbackModel(prisma: PrismaClient, subscriberId: number, shown: { done?: unknown; paper?: unknown; likedText?: string } = {}) {
  const [ratings, liked, undone] = await Promise.all([listRatings(prisma, subscriberId), listLikedPapers(prisma, subscriberId), undoneTitle(prisma, shown)]);
  const found = ownEntry(FEEDBACK_NOTICES, shown.done);
  const notice = found && undone ? { ...found, text: found.text.replace('that paper', `“${undone}”`) } : found;
  return {
    ratings: ratings.map((rating) => ({ ...rating, more: rating.verdict === 'more' })),
    liked,
    likedText: shown.likedText ?? '',
    likedNotice: notice?.card === LIKED_CARD ? notice.text : undefined,
    ratedNotice: notice?.card === RATED_CARD ? notice.text : undefined,
    likedCard: LIKED_CARD,
    ratedCard: RATED_CARD,
    maxLikedText: MAX_LIKED_TEXT,
  };
}
