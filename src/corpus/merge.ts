// How what a new source says about a paper merges into what is known: the highest upvotes, the
// first known date and author count, every link, the names of authors once the feed gives them.

export interface PaperFields {
  authorCount: number | null;
  authors?: string[];
  publishedAt: Date | null;
  upvotes: number;
  arxivId?: string | null;
  links: string[];
}

/** Corpus entries as fields of a paper, for any source (pages, the feed, arXiv). */
export interface PaperInput extends PaperFields {
  titleKey: string;
  title: string;
  abstract: string;
}

/** What is stored about a paper, as far as merging needs it. */
export interface KnownPaper extends PaperFields {
  abstract: string;
}

/** The fields to change on `known`, or null when `incoming` adds nothing. */
export function mergePaper(known: PaperFields, incoming: PaperFields): Partial<PaperFields> | null {
  const changes: Partial<PaperFields> = {};
  if (incoming.upvotes > known.upvotes) changes.upvotes = incoming.upvotes;
  if (known.publishedAt === null && incoming.publishedAt !== null) changes.publishedAt = incoming.publishedAt;
  if (known.authorCount === null && incoming.authorCount !== null) changes.authorCount = incoming.authorCount;
  if (!known.arxivId && incoming.arxivId) changes.arxivId = incoming.arxivId;
  if ((known.authors?.length ?? 0) === 0 && (incoming.authors?.length ?? 0) > 0) {
    changes.authors = incoming.authors;
    if (known.authorCount === null || known.authorCount !== incoming.authors!.length) changes.authorCount = incoming.authors!.length;
  }
  const links = [...known.links, ...incoming.links.filter((link) => !known.links.includes(link))];
  if (links.length !== known.links.length) changes.links = links;
  return Object.keys(changes).length > 0 ? changes : null;
}
