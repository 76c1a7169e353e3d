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
//
// Except for arXiv's versions (versionStep): the title and abstract are those of the latest arXiv
// version seen, and whether the paper is withdrawn is that version's say alone.

export interface PaperFields {
  authorCount: number | null;
  authors?: string[];
  publishedAt: Date | null;
  upvotes: number;
  arxivId?: string | null;
  links: string[];
  /** arXiv categories; only the arXiv API gives them. */
  categories?: string[];
  /** The arXiv version (2401.01234v3 is 3); only the arXiv API gives it. */
  arxivVersion?: number | null;
  /** When that version withdrew the paper (withdrawal.ts); only the arXiv API says so. */
  withdrawnAt?: Date | null;
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
  titleKey: string;
  title: string;
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
 * The key a paper with an arXiv id is stored under when another paper holds its title's: two papers
 * of arXiv can share a title ("Scaling Laws Revisited"), and the second was dropped at every listing
 * without a word. Found again by its arXiv id, which the feed and arXiv give with every listing.
 */
export function keyOfNamesake(titleKey: string, arxivId: string): string {
  return `${titleKey} [arxiv:${arxivId}]`;
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

/**
 * Where an arXiv entry stands among the versions stored: 'none' for an entry without one (pages,
 * the feed), 'first' when no version is stored yet (a paper known from pages and the feed, or stored
 * before versions were), else 'newer', 'same' or 'older' by version number.
 */
export type VersionStep = 'none' | 'first' | 'newer' | 'same' | 'older';

export function versionStep(known: Pick<PaperFields, 'arxivVersion'>, incoming: PaperInput): VersionStep {
  const version = incoming.source === 'arxiv' ? incoming.arxivVersion : null;
  if (version === null || version === undefined) return 'none';
  const stored = known.arxivVersion;
  if (stored === null || stored === undefined) return 'first';
  return version > stored ? 'newer' : version === stored ? 'same' : 'older';
}

/**
 * arXiv's versions. A newer version (2401.01234v3 over a stored v2) replaces the title (and the
 * normalised title it is found by) and the abstract, whatever other sources said: arXiv's latest
 * version is the paper as its authors now have it. A re-read of the same or an older version
 * changes neither. The first version seen of a paper already known from pages or the feed sets the
 * version without replacing their text: they carry no version to compare with, and the rules for
 * unversioned sources apply. Withdrawal follows the latest version, set or cleared only by an
 * arXiv entry at least as new as the stored one: a page or feed day still listing the paper as it
 * was never un-withdraws it.
 */
function versionChanges(known: KnownPaper, incoming: PaperInput, step: VersionStep): Partial<KnownPaper> {
  if (step !== 'first' && step !== 'newer') return {};
  const changes: Partial<KnownPaper> = { arxivVersion: incoming.arxivVersion! };
  const withdrawnAt = incoming.withdrawnAt ?? null;
  if (withdrawnAt?.getTime() !== known.withdrawnAt?.getTime()) changes.withdrawnAt = withdrawnAt;
  if (step === 'newer' && incoming.title !== known.title) Object.assign(changes, { title: incoming.title, titleKey: incoming.titleKey });
  if (step === 'newer' && incoming.abstract !== known.abstract) changes.abstract = incoming.abstract;
  return changes;
}

/** The fields to change on `known`, or null when `incoming` adds nothing; call after mayMerge. */
export function mergePaper(known: KnownPaper, incoming: PaperInput): Partial<KnownPaper> | null {
  const step = versionStep(known, incoming);
  const changes: Partial<KnownPaper> = versionChanges(known, incoming, step);
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
  // An older arXiv version does not lengthen the abstract either: it is not the paper any more.
  if (relation === 'longer' && trusted && step !== 'older' && changes.abstract === undefined) changes.abstract = incoming.abstract;
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
