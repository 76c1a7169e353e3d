// What a rendered digest is made of. Matching produces the papers; delivery supplies the links;
// the renderer turns a DigestView into a subject, HTML and plain text.
import type { EditionDay } from './edition-dates.js';
import type { MatchReason } from '../matching/index.js';
import type { PaperLinks } from './paper-links.js';

export interface DigestPaper {
  title: string;
  abstract: string;
  /** arXiv abstract, PDF and Hugging Face page when the arXiv id is known, else a title search; code. */
  links: PaperLinks;
  authorCount: number | null;
  /** Authors' names when the feed gave them. */
  authors: string[];
  /** The publication date as shown: a calendar date (UTC midnight), never after the reader's today (compose.ts). */
  publishedAt: Date | null;
  upvotes: number;
  reasons: MatchReason[];
  score: number;
  /** Old work newly listed (published, else first listed, long before): shown apart, not counted as new. */
  older: boolean;
  /** "More like this" / "Less like this" links, signed for the reader and the paper; null in previews. */
  feedback?: { more: string; less: string } | null;
}

export interface DigestView {
  /** The edition: the reader's local day, or the Monday of their local week (a calendar date, not an instant). */
  edition: EditionDay;
  /** The reader's zone, for instants (when they subscribed); calendar dates are shown as they are. */
  timeZone: string;
  /** The reader's topics, in their order. */
  topics: string[];
  /** How many papers the reader named as liked, when known: one is "the paper you named". */
  likedPapers: number | null;
  /**
   * How many papers the digest could hold (the reader's digest size); null when not known. With fewer
   * places than topics, a topic with papers may have none in it (select.ts gives every topic a place
   * only when there are enough).
   */
  places: number | null;
  papers: DigestPaper[];
  /** At most 3 trending papers outside the reader's topics. */
  trending: DigestPaper[];
  links: {
    preferences: string;
    unsubscribe: string;
    /** Web view of this digest; absent in previews. */
    webView: string | null;
  };
  /** Why the reader gets this: e.g. "this address was subscribed on 3 March 2026 at papers.example.org". */
  reason: string;
  postalAddress: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
