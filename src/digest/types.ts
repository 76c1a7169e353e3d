// What a rendered digest is made of. Matching produces the papers; delivery supplies the links;
// the renderer turns a DigestView into a subject, HTML and plain text.

export interface MatchReason {
  /** Display name of the subscriber's topic (catalogue name or their free text). */
  topic: string;
  /** Words or phrases of the paper that matched the topic. */
  words: string[];
  /** 'like': the reader's feedback picked it; `topic` is then the title of the paper it is like. */
  kind?: 'like';
}

export interface DigestPaper {
  title: string;
  abstract: string;
  /** Where the title links: the Hugging Face paper page when the arXiv id is known, else a search. */
  url: string;
  authorCount: number | null;
  /** Authors' names when the feed gave them. */
  authors: string[];
  publishedAt: Date | null;
  upvotes: number;
  /** A code repository link from the abstract, if there is one. */
  codeUrl: string | null;
  /** Other links (project pages) from the abstract. */
  links: string[];
  reasons: MatchReason[];
  score: number;
  /** "More like this" / "Less like this" links, signed for the reader and the paper; null in previews. */
  feedback?: { more: string; less: string } | null;
}

export interface DigestView {
  /** The edition's date as the reader sees it (their local date). */
  date: Date;
  timeZone: string;
  /** The reader's topics, in their order. */
  topics: string[];
  papers: DigestPaper[];
  /** At most 3 trending papers outside the reader's topics. */
  trending: DigestPaper[];
  links: {
    preferences: string;
    unsubscribe: string;
    /** Web view of this digest; absent in previews. */
    webView: string | null;
  };
  /** Why the reader gets this: e.g. "you subscribed on 3 March 2026 at papers.example.org". */
  reason: string;
  postalAddress: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
