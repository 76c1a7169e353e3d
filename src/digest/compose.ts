// Turns stored papers and their match reasons into the DigestView the renderer takes.
import type { PaperRecord } from '../corpus/index.js';
import { LIKED_BY_READER, MARKED_BY_READER, type ChosenPaper, type MatchReason } from '../matching/index.js';
import type { DigestPaper, DigestView } from './types.js';
import type { EditionDay } from './edition-dates.js';
import { formatDate, namedByReader } from './format.js';
import { paperLinks } from './paper-links.js';
import { texToPlain } from '../shared/tex.js';
import { localDay, notAfterToday } from '../shared/time.js';

/** A paper as the corpus stores it; its id is not needed here. */
export type StoredPaper = Omit<PaperRecord, 'id'>;

/**
 * A stored paper as a digest shows it, to a reader whose today (their local calendar day when the
 * digest was made, UTC midnight) is `readerToday`: its publication date, a UTC calendar day, is
 * never after it (shared/time.ts notAfterToday).
 */
export function toDigestPaper(
  paper: StoredPaper,
  ranked: { reasons: MatchReason[]; score: number; older?: boolean },
  readerToday: Date,
  feedback: DigestPaper['feedback'] = null,
): DigestPaper {
  return {
    older: ranked.older === true,
    // A page's title may be TeX as its authors typed it ("$\alpha$-Sparse \emph{Attention}"), as the
    // abstract beside it is: shown as TeX prints it. The stored title, which sources are merged by, stays.
    title: texToPlain(paper.title),
    abstract: paper.abstract,
    links: paperLinks(paper),
    authorCount: paper.authorCount,
    authors: paper.authors,
    publishedAt: notAfterToday(paper.publishedAt, readerToday),
    upvotes: paper.upvotes,
    reasons: ranked.reasons,
    score: ranked.score,
    feedback,
  };
}

export interface ComposeInput {
  edition: EditionDay;
  timeZone: string;
  topics: string[];
  /** See DigestView.likedPapers. */
  likedPapers?: number | null;
  /** The reader's digest size: see DigestView.places. */
  places?: number | null;
  papers: DigestPaper[];
  trending: DigestPaper[];
  links: DigestView['links'];
  subscribedAt: Date | null;
  publicUrl: string;
  postalAddress: string;
}

/**
 * What the reader gets papers on, for the footer. Papers brought by what they liked (papers named or
 * marked "more like this") say so in their reasons; a footer naming only the topics would leave
 * those unexplained.
 */
function subscribedTo(topics: string[], papers: DigestPaper[], likedPapers: number | null): string {
  if (topics.length === 0) return `like ${namedByReader(likedPapers)}`;
  // Named as liked, or marked "more like this": "those you liked" to a reader who had only marked
  // one said something they never did.
  const likes = papers.flatMap((paper) => paper.reasons.filter((reason) => reason.kind === 'like'));
  const named = likes.some((reason) => reason.words.includes(LIKED_BY_READER));
  const marked = likes.some((reason) => reason.words.includes(MARKED_BY_READER));
  const how = named && marked ? 'named or marked' : named ? 'named' : marked ? 'marked' : null;
  return `on ${topics.join(', ')}${how ? ` and papers like those you ${how}` : ''}`;
}

export function composeDigest(input: ComposeInput): DigestView {
  // formatDate keeps its Intl formatters: building one per digest was a third of composing it.
  const since = input.subscribedAt ? ` on ${formatDate(input.subscribedAt, input.timeZone, 'date')}` : '';
  return {
    edition: input.edition,
    timeZone: input.timeZone,
    topics: input.topics,
    likedPapers: input.likedPapers ?? null,
    places: input.places ?? null,
    papers: input.papers,
    trending: input.trending.slice(0, 3),
    links: input.links,
    // "This address was subscribed", not "you subscribed": an operator may have added it
    // (`paperboy subscribe`, a CSV import), and the footer must be true for either.
    reason: `You get this because this address was subscribed${since} at ${new URL(input.publicUrl).host} to papers ${subscribedTo(input.topics, input.papers, input.likedPapers ?? null)}.`,
    postalAddress: input.postalAddress,
  };
}

export interface DeliveredInput extends Omit<ComposeInput, 'papers' | 'trending'> {
  chosen: ChosenPaper[];
  /** The chosen papers' records; one missing (removed from the corpus since) is left out. */
  records: Map<number, StoredPaper>;
  /** The reader's "more / less like this" links for a paper. */
  feedbackLinks?: (paperId: number) => { more: string; less: string };
  /**
   * When the delivery was planned (its row's createdAt): the reader's day then, in `timeZone`, is
   * the latest date its papers are shown with, in the email and in its web view however late that is read.
   */
  plannedAt: Date;
}

/** The view of a built delivery: what the worker mails and what its web view shows. */
export function composeDelivered(input: DeliveredInput): DigestView {
  const { chosen, records, feedbackLinks, plannedAt, ...rest } = input;
  const readerToday = localDay(plannedAt, input.timeZone);
  const view = (trending: boolean) =>
    chosen.flatMap((row) => {
      const paper = row.trending === trending ? records.get(row.paperId) : undefined;
      return paper ? [toDigestPaper(paper, row, readerToday, feedbackLinks?.(row.paperId) ?? null)] : [];
    });
  return composeDigest({ ...rest, papers: view(false), trending: view(true) });
}
