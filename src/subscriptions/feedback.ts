// A reader's feedback, stored: "more / less like this" on papers (Rating, one row per reader and
// paper, undo keeps the row with `undoneAt` and puts back what a "less" took off the liked list), and
// papers they like (LikedPaper, with their text).
// Every change is a history event. The matcher reads both (matching/reader-model.ts).
import type { Prisma, PrismaClient } from '../db/index.js';
import { UserError } from '../shared/errors.js';
import { recordEvent, type EventSource } from './events.js';
import { MAX_LIKED_PAPERS, type LikedPaperInput } from './liked-papers.js';

export type Verdict = 'more' | 'less';

export interface RatingView {
  paperId: number;
  title: string;
  verdict: Verdict;
  at: Date;
}

export interface LikedView {
  id: number;
  title: string;
  arxivId: string | null;
  inCorpus: boolean;
  /** Known by its title alone (no abstract, not in the corpus): papers like it are found on few words. */
  titleOnly: boolean;
}

/**
 * Records (or changes) a verdict. `changed`: false when it was already exactly that; `unliked`:
 * marked "less", the paper was among the ones they like, and is no longer (until the mark is undone).
 */
export async function ratePaper(
  prisma: PrismaClient,
  input: { subscriberId: number; paperId: number; verdict: Verdict },
  options: { source: EventSource; now: Date },
): Promise<{ changed: boolean; unliked: boolean }> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.rating.findUnique({ where: { subscriberId_paperId: { subscriberId: input.subscriberId, paperId: input.paperId } } });
    const active = existing?.undoneAt === null ? existing : null;
    if (active?.verdict === input.verdict) return { changed: false, unliked: false };
    // "Less like this" on a paper they named as one they like: the latest word is theirs, and one
    // paper in both profiles would pull each way (the preferences page listed it under both). The
    // entries are kept on the rating, so that undoing the mark puts them back as they were.
    const liked =
      input.verdict === 'less'
        ? await tx.likedPaper.findMany({ where: { subscriberId: input.subscriberId, paperId: input.paperId }, select: { id: true, title: true, arxivId: true, abstract: true, createdAt: true } })
        : [];
    // What an earlier "less" took off and is still off stays on the row: undoing back to "more" puts it back.
    const unlikedPapers = [...unlikedEntries(active?.unlikedPapers ?? []), ...liked.map(({ id: _id, ...kept }) => ({ ...kept, createdAt: kept.createdAt.toISOString() }))];
    // The verdict replaced is kept: an undo of a change (a "less" tapped by mistake on a paper
    // marked "more") puts it back, rather than leave the paper marked neither way.
    const previousVerdict = active?.verdict ?? null;
    await tx.rating.upsert({
      where: { subscriberId_paperId: { subscriberId: input.subscriberId, paperId: input.paperId } },
      create: { ...input, createdAt: options.now, unlikedPapers },
      update: { verdict: input.verdict, previousVerdict, createdAt: options.now, undoneAt: null, unlikedPapers },
    });
    await recordEvent(tx, input.subscriberId, 'rated', options.source, { paperId: input.paperId, verdict: input.verdict });
    for (const row of liked) await removeLikedIn(tx, input.subscriberId, row, options.source, 'marked less like this');
    return { changed: true, unliked: liked.length > 0 };
  });
}

export interface RatingUndone {
  /** False when there was no verdict to undo. */
  undone: boolean;
  /** The paper is back among the ones they like: the "less" being undone had taken it off. */
  relisted: boolean;
  /** The verdict the undone one had replaced, now the paper's mark again; null when none is left. */
  restored: Verdict | null;
}

/**
 * Takes a verdict back: to the one it replaced, if it replaced one, else to no mark; and puts back on
 * the liked list what a "less" took off, unless the paper is marked "less" again.
 */
export async function undoRating(
  prisma: PrismaClient,
  input: { subscriberId: number; paperId: number },
  options: { source: EventSource; now: Date },
): Promise<RatingUndone> {
  return prisma.$transaction((tx) => undoRatingIn(tx, input, options, { relist: true }));
}

/**
 * undoRating within a transaction. `relist: false` when the paper goes on the liked list anyway, as
 * the reader names it now; `why`, when it was undone by another change of the reader's.
 */
async function undoRatingIn(
  tx: Prisma.TransactionClient,
  input: { subscriberId: number; paperId: number },
  options: { source: EventSource; now: Date },
  how: { relist: boolean; why?: string },
): Promise<RatingUndone> {
  const row = await tx.rating.findFirst({ where: { ...input, undoneAt: null }, select: { id: true, verdict: true, previousVerdict: true, unlikedPapers: true } });
  if (!row) return NOT_UNDONE;
  // Named as liked now (how.relist false), a "less" is undone to no mark: a "more" before it would
  // say the same as the list, and the reader's latest word is the list.
  const restored = how.relist ? row.previousVerdict : null;
  // What a "less" took off stays off while the paper is marked "less" again.
  const keepsOff = restored === 'less';
  // Guarded on the row as read: of two undos at once, one does it.
  const { count } = await tx.rating.updateMany({
    where: { id: row.id, undoneAt: null, verdict: row.verdict },
    data: restored ? { verdict: restored, previousVerdict: null, ...(keepsOff ? {} : { unlikedPapers: [] }) } : { undoneAt: options.now, previousVerdict: null, unlikedPapers: [] },
  });
  if (count === 0) return NOT_UNDONE;
  await recordEvent(tx, input.subscriberId, 'rating_undone', options.source, { paperId: input.paperId, ...(restored ? { restored } : {}), ...(how.why ? { why: how.why } : {}) });
  const relisted = how.relist && !keepsOff ? await relistIn(tx, input, unlikedEntries(row.unlikedPapers), options) : false;
  return { undone: true, relisted, restored };
}

const NOT_UNDONE: RatingUndone = { undone: false, relisted: false, restored: null };

/** A liked-list entry as a rating keeps it (ratePaper). */
type UnlikedEntry = {
  title: string;
  arxivId: string | null;
  abstract: string;
  createdAt: string;
};

function unlikedEntries(value: Prisma.JsonValue): UnlikedEntry[] {
  // Written by ratePaper alone; a rating from before the column has none, and puts nothing back.
  return Array.isArray(value) ? (value as unknown as UnlikedEntry[]) : [];
}

/**
 * Puts back the liked-list entries a "less" took off, unless the paper is on the list again. The
 * list may then hold one more than MAX_LIKED_PAPERS, if the reader filled it meanwhile: the entry
 * was theirs, and an undo that undid only half would say one thing and do another.
 */
async function relistIn(tx: Prisma.TransactionClient, input: { subscriberId: number; paperId: number }, entries: UnlikedEntry[], options: { source: EventSource }): Promise<boolean> {
  if (entries.length === 0) return false;
  if ((await tx.likedPaper.count({ where: input })) > 0) return false;
  await tx.likedPaper.createMany({ data: entries.map((entry) => ({ ...input, title: entry.title, arxivId: entry.arxivId, abstract: entry.abstract, createdAt: new Date(entry.createdAt) })) });
  await recordEvent(tx, input.subscriberId, 'liked_papers_added', options.source, { titles: entries.map((entry) => entry.title), why: 'less like this undone' });
  return true;
}

export async function currentRating(prisma: PrismaClient, subscriberId: number, paperId: number): Promise<Verdict | null> {
  const row = await prisma.rating.findFirst({ where: { subscriberId, paperId, undoneAt: null }, select: { verdict: true } });
  return row?.verdict ?? null;
}

/** Whether the paper is on the reader's liked list. */
export async function likesPaper(prisma: PrismaClient, subscriberId: number, paperId: number): Promise<boolean> {
  return (await prisma.likedPaper.count({ where: { subscriberId, paperId } })) > 0;
}

export async function listRatings(prisma: PrismaClient, subscriberId: number): Promise<RatingView[]> {
  const rows = await prisma.rating.findMany({
    where: { subscriberId, undoneAt: null },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { paperId: true, verdict: true, createdAt: true, paper: { select: { title: true } } },
  });
  return rows.map((row) => ({ paperId: row.paperId, title: row.paper.title, verdict: row.verdict, at: row.createdAt }));
}

export async function listLikedPapers(prisma: PrismaClient, subscriberId: number): Promise<LikedView[]> {
  const rows = await prisma.likedPaper.findMany({ where: { subscriberId }, orderBy: { id: 'asc' }, select: { id: true, title: true, arxivId: true, paperId: true, abstract: true } });
  return rows.map((row) => ({ id: row.id, title: row.title, arxivId: row.arxivId, inCorpus: row.paperId !== null, titleOnly: row.paperId === null && row.abstract.trim() === '' }));
}

/**
 * The papers not on a reader's list yet (by corpus paper, else by title); refused when the list
 * would then hold more than MAX_LIKED_PAPERS.
 */
async function freshLikedPapers(db: Pick<PrismaClient, 'likedPaper'>, subscriberId: number, papers: LikedPaperInput[]) {
  const existing = await db.likedPaper.findMany({ where: { subscriberId }, select: { id: true, paperId: true, title: true, abstract: true, arxivId: true } });
  const keyOf = (paper: { paperId: number | null; title: string }) => (paper.paperId !== null ? `id:${paper.paperId}` : `title:${paper.title.toLowerCase()}`);
  const known = new Map(existing.map((row) => [keyOf(row), row]));
  // Also by arXiv id or title: a paper liked while the corpus lacked it, named again once it is
  // ingested (an import run again after `ingest`, as its message advises), is the same paper, not a second one.
  const sameAs = (paper: LikedPaperInput) =>
    known.get(keyOf(paper)) ??
    existing.find((row) => (paper.arxivId != null && row.arxivId === paper.arxivId) || (row.paperId === null && row.title.toLowerCase() === paper.title.toLowerCase()));
  const named = papers.map((paper) => ({ paper, row: sameAs(paper) }));
  const fresh = named.flatMap(({ paper, row }) => (row ? [] : [paper]));
  // A paper already liked by its title alone, named again with its abstract (a BibTeX export after
  // the title was typed): the abstract is what the reader model needs, so it completes the entry.
  const completing = named.flatMap(({ paper, row }) =>
    row && row.abstract.trim() === '' && paper.abstract.trim() !== '' ? [{ id: row.id, title: row.title, abstract: paper.abstract, arxivId: row.arxivId ?? paper.arxivId, paperId: row.paperId ?? paper.paperId }] : [],
  );
  // One liked outside the corpus, now in it: the entry is tied to the corpus paper (never sent to them, and its text kept current).
  const linking = named.flatMap(({ paper, row }) =>
    row && row.paperId === null && paper.paperId !== null && !completing.some((c) => c.id === row.id) ? [{ id: row.id, paperId: paper.paperId, arxivId: row.arxivId ?? paper.arxivId }] : [],
  );
  if (existing.length + fresh.length > MAX_LIKED_PAPERS) {
    throw new UserError(
      `At most ${MAX_LIKED_PAPERS} liked papers: ${existing.length} are on the list, and this adds ${fresh.length}. Remove some first, or add at most ${Math.max(0, MAX_LIKED_PAPERS - existing.length)}.`,
    );
  }
  return { fresh, completing, linking, alreadyThere: papers.length - fresh.length };
}

/** Throws what addLikedPapers would refuse, before anything else of a request is changed. */
export async function checkLikedPapersFit(prisma: PrismaClient, subscriberId: number, papers: LikedPaperInput[]): Promise<void> {
  if (papers.length > 0) await freshLikedPapers(prisma, subscriberId, papers);
}

export interface LikedPapersAdded {
  added: number;
  /** Already on the list by title alone, now with the abstract given this time. */
  completed: number;
  /** Already on the list (completed ones included). */
  alreadyThere: number;
  /** The titles of the added papers, and of the completed ones: what a command can say it did. */
  addedTitles: string[];
  completedTitles: string[];
  /** Papers marked "less like this" whose mark was taken back, as they are named as liked now. */
  unmarked: number;
}

/** Adds liked papers (ones already there are kept once, and given an abstract they lacked). */
export async function addLikedPapers(
  prisma: PrismaClient,
  subscriberId: number,
  papers: LikedPaperInput[],
  options: { source: EventSource; now: Date },
): Promise<LikedPapersAdded> {
  if (papers.length === 0) return { added: 0, completed: 0, alreadyThere: 0, addedTitles: [], completedTitles: [], unmarked: 0 };
  return prisma.$transaction(async (tx) => {
    const { fresh, completing, linking, alreadyThere } = await freshLikedPapers(tx, subscriberId, papers);
    for (const row of completing) await tx.likedPaper.update({ where: { id: row.id }, data: { abstract: row.abstract, arxivId: row.arxivId, paperId: row.paperId } });
    for (const row of linking) await tx.likedPaper.update({ where: { id: row.id }, data: { paperId: row.paperId, arxivId: row.arxivId } });
    // Named as liked after being marked "less like this": the "less" is taken back, as ratePaper
    // takes a liked paper off the list when it is marked "less".
    const liked = fresh.flatMap((paper) => (paper.paperId !== null ? [paper.paperId] : []));
    const contrary = liked.length > 0 ? await tx.rating.findMany({ where: { subscriberId, paperId: { in: liked }, verdict: 'less', undoneAt: null }, select: { paperId: true } }) : [];
    for (const { paperId } of contrary) await undoRatingIn(tx, { subscriberId, paperId }, options, { relist: false, why: 'named as liked' });
    if (fresh.length > 0) {
      await tx.likedPaper.createMany({ data: fresh.map((paper) => ({ ...paper, subscriberId, createdAt: options.now })) });
      await recordEvent(tx, subscriberId, 'liked_papers_added', options.source, { titles: fresh.map((paper) => paper.title) });
    }
    return { added: fresh.length, completed: completing.length, alreadyThere, addedTitles: fresh.map((paper) => paper.title), completedTitles: completing.map((row) => row.title), unmarked: contrary.length };
  });
}

export async function removeLikedPaper(prisma: PrismaClient, subscriberId: number, likedId: number, options: { source: EventSource }): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.likedPaper.findFirst({ where: { id: likedId, subscriberId }, select: { id: true, title: true } });
    if (!row) return false;
    // The last paper of a reader without topics is all their digests follow: taking it away left an
    // active reader following nothing, without a word, where saving no topic and no paper is refused.
    if ((await tx.interest.count({ where: { subscriberId } })) === 0 && (await tx.likedPaper.count({ where: { subscriberId } })) === 1) throw new LastInterestError();
    await removeLikedIn(tx, subscriberId, row, options.source);
    return true;
  });
}

/** Removing a reader's last liked paper while they have no topic: their digests would follow nothing. */
export class LastInterestError extends UserError {
  override name = 'LastInterestError';
  constructor() {
    super('this is the last thing your digests follow: add a topic or another paper first (or unsubscribe, if you want no more digests)', 409, 'last_interest');
  }
}

/** Takes one paper off a reader's liked list, within a transaction; `why`, when another change of theirs did it. */
async function removeLikedIn(tx: Prisma.TransactionClient, subscriberId: number, row: { id: number; title: string }, source: EventSource, why?: string): Promise<void> {
  await tx.likedPaper.delete({ where: { id: row.id } });
  await recordEvent(tx, subscriberId, 'liked_paper_removed', source, { title: row.title, ...(why ? { why } : {}) });
}
