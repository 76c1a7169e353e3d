// How what a new source says about a paper merges into what is known, and when it may say
// anything at all.
//
// Identity: the same arXiv id, else the same normalised title (title.ts). A title alone is weak
// evidence, since anyone can put a known title on a page, so an entry that matches a known paper
// by title only speaks for it when its abstract is the same text, or the same text cut shorter
// (compareAbstracts); otherwise it is left out, and can neither raise the paper's upvotes nor add
// links to it. Within one listing a title counts once (the first listing of it). Scraped pages are
// the least trusted source: only the feed and the arXiv API (structured answers that carry the
// arXiv id) may lengthen an abstract and so add its links.
//
// Merging keeps the richest metadata: the highest upvotes of the listings that agree (upvotes only
// grow on the site, so the highest is the latest), the first known date and author count, author
// names (the fullest list a source gives), the longer abstract, every category and every link.

export interface PaperFields {
  authorCount: number | null;
  authors?: string[];
  publishedAt: Date | null;
  upvotes: number;
  arxivId?: string | null;
  links: string[];
  /** arXiv categories; only the arXiv API gives them. */
  categories?: string[];
}

export type SourceKind = 'page' | 'feed' | 'arxiv';

/** Corpus entries as fields of a paper, for any source (pages, the feed, arXiv). */
export interface PaperInput extends PaperFields {
  source: SourceKind;
  titleKey: string;
  title: string;
  abstract: string;
}

/** What is stored about a paper, as far as merging needs it. */
export interface KnownPaper extends PaperFields {
  abstract: string;
}

/**
 * More upvotes than any paper has had on Hugging Face by an order of magnitude: a count above it
 * is a forged or broken listing, and is read as no count at all.
 */
export const MAX_PLAUSIBLE_UPVOTES = 10_000;

export function plausibleUpvotes(upvotes: number): number {
  return upvotes <= MAX_PLAUSIBLE_UPVOTES ? upvotes : 0;
}

/** How `incoming` reads beside `known`: the same text, cut shorter, continued, or another text. */
export type AbstractRelation = 'same' | 'shorter' | 'longer' | 'different';

/** A cut listing still shows this much of the abstract (letters and digits) to count as it. */
const MIN_CUT = 100;

/** Compares letters and digits only, so spacing, quotes and dashes do not matter. */
export function compareAbstracts(known: string, incoming: string): AbstractRelation {
  const k = comparable(known);
  const i = comparable(incoming);
  if (k === i) return 'same';
  if (i.length >= MIN_CUT && k.startsWith(i)) return 'shorter';
  if (k.length >= MIN_CUT && i.startsWith(k)) return 'longer';
  return 'different';
}

function comparable(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Whether `incoming` may merge into `known`. Matched by arXiv id (from the feed or the arXiv API),
 * it is the paper; matched by title, it must carry no other arXiv id and the same abstract.
 */
export function mayMerge(known: KnownPaper, incoming: PaperInput, matchedById: boolean): boolean {
  if (matchedById) return true;
  if (known.arxivId && incoming.arxivId && known.arxivId !== incoming.arxivId) return false;
  return compareAbstracts(known.abstract, incoming.abstract) !== 'different';
}

/** The fields to change on `known`, or null when `incoming` adds nothing; call after mayMerge. */
export function mergePaper(known: KnownPaper, incoming: PaperInput): Partial<KnownPaper> | null {
  const changes: Partial<KnownPaper> = {};
  if (incoming.upvotes > known.upvotes) changes.upvotes = incoming.upvotes;
  if (known.publishedAt === null && incoming.publishedAt !== null) changes.publishedAt = incoming.publishedAt;
  if (known.authorCount === null && incoming.authorCount !== null) changes.authorCount = incoming.authorCount;
  if (!known.arxivId && incoming.arxivId) changes.arxivId = incoming.arxivId;
  // A fuller list of names wins (the arXiv API lists every author; a feed may list fewer). The count
  // is arXiv's number of names; a feed's shorter list leaves a page's larger count ("8 authors" and
  // 3 names is "A, B + 6", not three authors).
  if ((incoming.authors?.length ?? 0) > (known.authors?.length ?? 0)) {
    changes.authors = incoming.authors;
    const named = incoming.authors!.length;
    const count = incoming.source === 'arxiv' ? named : Math.max(named, known.authorCount ?? 0);
    if (count !== known.authorCount) changes.authorCount = count;
  }
  const categories = union(known.categories ?? [], incoming.categories ?? []);
  if (categories.length !== (known.categories ?? []).length) changes.categories = categories;
  const relation = compareAbstracts(known.abstract, incoming.abstract);
  const trusted = incoming.source !== 'page';
  if (relation === 'longer' && trusted) changes.abstract = incoming.abstract;
  // A page adds links only by repeating the abstract they are in; a structured source always may.
  if (relation === 'same' || trusted) {
    const links = union(known.links, incoming.links);
    if (links.length !== known.links.length) changes.links = links;
  }
  return Object.keys(changes).length > 0 ? changes : null;
}

function union(known: string[], incoming: string[]): string[] {
  return [...known, ...incoming.filter((item) => !known.includes(item))];
}
