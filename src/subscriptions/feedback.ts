// A reader's feedback, stored: "more / less like this" on papers (Rating, one row per reader and
// paper, undo keeps the row with `undoneAt`), and papers they like (LikedPaper, with their text).
// Every change is a history event. The matcher reads both (matching/reader-model.ts).
import type { PrismaClient } from '../db/index.js';
import { UserError } from '../shared/errors.js';
import { likedFromBibtex, looksLikeBibtex, BibtexError } from './bibtex.js';
import { recordEvent, type EventSource } from './events.js';
import { findPaper, parsePaperRef } from './paper-ref.js';

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
}

/** Records (or changes) a verdict; returns false when it was already exactly that. */
export async function ratePaper(
  prisma: PrismaClient,
  input: { subscriberId: number; paperId: number; verdict: Verdict },
  options: { source: EventSource; now: Date },
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.rating.findUnique({ where: { subscriberId_paperId: { subscriberId: input.subscriberId, paperId: input.paperId } } });
    if (existing && existing.verdict === input.verdict && existing.undoneAt === null) return false;
    await tx.rating.upsert({
      where: { subscriberId_paperId: { subscriberId: input.subscriberId, paperId: input.paperId } },
      create: { ...input, createdAt: options.now },
      update: { verdict: input.verdict, createdAt: options.now, undoneAt: null },
    });
    await recordEvent(tx, input.subscriberId, 'rated', options.source, { paperId: input.paperId, verdict: input.verdict });
    return true;
  });
}

/** Takes a verdict back; returns false when there was none to undo. */
export async function undoRating(
  prisma: PrismaClient,
  input: { subscriberId: number; paperId: number },
  options: { source: EventSource; now: Date },
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.rating.updateMany({ where: { ...input, undoneAt: null }, data: { undoneAt: options.now } });
    if (count === 0) return false;
    await recordEvent(tx, input.subscriberId, 'rating_undone', options.source, { paperId: input.paperId });
    return true;
  });
}

export async function currentRating(prisma: PrismaClient, subscriberId: number, paperId: number): Promise<Verdict | null> {
  const row = await prisma.rating.findFirst({ where: { subscriberId, paperId, undoneAt: null }, select: { verdict: true } });
  return row?.verdict ?? null;
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
  const rows = await prisma.likedPaper.findMany({ where: { subscriberId }, orderBy: { id: 'asc' }, select: { id: true, title: true, arxivId: true, paperId: true } });
  return rows.map((row) => ({ id: row.id, title: row.title, arxivId: row.arxivId, inCorpus: row.paperId !== null }));
}

export interface LikedPaperInput {
  paperId: number | null;
  arxivId: string | null;
  title: string;
  abstract: string;
}

export const MAX_LIKED_PAPERS = 50;

/**
 * Title and abstract of papers by arXiv id from outside the corpus (the arXiv API, corpus/
 * arxiv-lookup.ts): those arXiv has, or why it could not say.
 */
export type ArxivPaperLookup = (arxivIds: string[]) => Promise<{ papers: Map<string, { title: string; abstract: string }> } | { unavailable: string }>;

const INSTEAD = "give the paper's title (or its BibTeX entry) instead";

/**
 * What a reader typed as papers they like, resolved: one paper per line (arXiv id or URL, paper
 * id, title) or a BibTeX export. A paper in the corpus brings its corpus text; one outside it
 * keeps its title (and the BibTeX abstract). An arXiv id the corpus does not know is looked up on
 * arXiv (`lookup`, one call for all of them) for its title and abstract; refused, with a way
 * forward, when arXiv does not have it or cannot be asked.
 */
export async function resolveLikedPapers(prisma: PrismaClient, items: string[], lookup?: ArxivPaperLookup): Promise<LikedPaperInput[]> {
  const wanted: Array<{ ref: string; bib?: { title: string; abstract: string; arxivId: string | null } }> = [];
  for (const item of items) {
    if (looksLikeBibtex(item)) {
      try {
        for (const bib of likedFromBibtex(item)) wanted.push({ ref: bib.arxivId ?? bib.title, bib });
      } catch (error) {
        if (error instanceof BibtexError) throw new UserError(`The BibTeX cannot be read: ${error.message}.`);
        throw error;
      }
    } else {
      for (const line of item.split(/\r?\n/)) if (line.trim()) wanted.push({ ref: line.trim() });
    }
  }
  if (wanted.length > MAX_LIKED_PAPERS) throw new UserError(`At most ${MAX_LIKED_PAPERS} liked papers.`);
  const found = [];
  for (const { ref, bib } of wanted) {
    const parsed = parsePaperRef(ref);
    const paper = (await findPaper(prisma, parsed)) ?? (bib && parsed.kind !== 'title' ? await findPaper(prisma, { kind: 'title', title: bib.title }) : null);
    found.push({ ref, bib, parsed, paper });
  }
  const unknownIds = found.flatMap(({ parsed, paper, bib }) => (parsed.kind === 'arxiv' && !paper && !bib ? [parsed.arxivId] : []));
  const fromArxiv = lookup && unknownIds.length > 0 ? await lookup([...new Set(unknownIds)]) : null;
  if (fromArxiv && 'unavailable' in fromArxiv) {
    throw new UserError(`${unknownIds.join(', ')} ${unknownIds.length === 1 ? 'is' : 'are'} not in Paperboy's corpus, and arXiv could not be asked (${fromArxiv.unavailable}): try again later, or ${INSTEAD}.`);
  }
  const result: LikedPaperInput[] = [];
  for (const { ref, bib, parsed, paper } of found) {
    if (paper) result.push({ paperId: paper.id, arxivId: paper.arxivId, title: paper.title, abstract: paper.abstract });
    else if (bib) result.push({ paperId: null, arxivId: bib.arxivId, title: bib.title, abstract: bib.abstract });
    else if (parsed.kind === 'title' && parsed.title.length >= 8 && parsed.title.length <= 300) result.push({ paperId: null, arxivId: null, title: parsed.title, abstract: '' });
    else if (parsed.kind === 'title') throw new UserError(`"${ref.slice(0, 60)}" is not a paper: give a title, an arXiv id or URL, or BibTeX.`);
    else if (parsed.kind === 'arxiv' && fromArxiv) {
      const looked = fromArxiv.papers.get(parsed.arxivId);
      if (!looked) throw new UserError(`arXiv has no paper ${parsed.arxivId}: check the id, or ${INSTEAD}.`);
      // The corpus may hold it under its title (a page that named no id).
      const byTitle = await findPaper(prisma, { kind: 'title', title: looked.title });
      if (byTitle) result.push({ paperId: byTitle.id, arxivId: byTitle.arxivId ?? parsed.arxivId, title: byTitle.title, abstract: byTitle.abstract });
      else result.push({ paperId: null, arxivId: parsed.arxivId, title: looked.title, abstract: looked.abstract });
    } else throw new UserError(`${ref} is not in Paperboy's corpus: ${INSTEAD}.`);
  }
  const seen = new Set<string>();
  return result.filter((paper) => {
    const key = paper.paperId !== null ? `id:${paper.paperId}` : `title:${paper.title.toLowerCase()}`;
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}

/** Adds liked papers (ones already there are kept once); returns how many were new. */
export async function addLikedPapers(
  prisma: PrismaClient,
  subscriberId: number,
  papers: LikedPaperInput[],
  options: { source: EventSource; now: Date },
): Promise<number> {
  if (papers.length === 0) return 0;
  return prisma.$transaction(async (tx) => {
    const existing = await tx.likedPaper.findMany({ where: { subscriberId }, select: { paperId: true, title: true } });
    const known = new Set(existing.map((row) => (row.paperId !== null ? `id:${row.paperId}` : `title:${row.title.toLowerCase()}`)));
    const fresh = papers.filter((paper) => !known.has(paper.paperId !== null ? `id:${paper.paperId}` : `title:${paper.title.toLowerCase()}`));
    if (existing.length + fresh.length > MAX_LIKED_PAPERS) throw new UserError(`At most ${MAX_LIKED_PAPERS} liked papers.`);
    if (fresh.length === 0) return 0;
    await tx.likedPaper.createMany({ data: fresh.map((paper) => ({ ...paper, subscriberId, createdAt: options.now })) });
    await recordEvent(tx, subscriberId, 'liked_papers_added', options.source, { titles: fresh.map((paper) => paper.title) });
    return fresh.length;
  });
}

export async function removeLikedPaper(prisma: PrismaClient, subscriberId: number, likedId: number, options: { source: EventSource }): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.likedPaper.findFirst({ where: { id: likedId, subscriberId }, select: { title: true } });
    if (!row) return false;
    await tx.likedPaper.delete({ where: { id: likedId } });
    await recordEvent(tx, subscriberId, 'liked_paper_removed', options.source, { title: row.title });
    return true;
  });
}
