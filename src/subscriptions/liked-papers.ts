// What a reader names as papers they like, resolved to text the reader model can learn from: one
// paper per line (arXiv id or URL, paper id, title) or a BibTeX export. A paper in the corpus
// brings its corpus text. One outside it is looked up on arXiv (`ArxivPaperLookup`, wired to the
// arXiv API by the composition root) when that is all there is to go on: an arXiv id, or a title
// or BibTeX entry without an abstract; a bare arXiv id arXiv does not have, or cannot be asked
// about, is refused with a way forward, while a title stays a title.
import type { PrismaClient } from '../db/index.js';
import { normaliseTitle } from '../corpus/title.js';
import { UserError } from '../shared/errors.js';
import { shorten } from '../shared/text.js';
import { looksLikeBibtex, readPastedBibtex, BibtexError } from './bibtex.js';
import { findPaper, isLink, parsePaperRef, type PaperRecord, type PaperRef } from './paper-ref.js';

export interface LikedPaperInput {
  paperId: number | null;
  arxivId: string | null;
  title: string;
  abstract: string;
}

export const MAX_LIKED_PAPERS = 50;

type LookupAnswer = { papers: Map<string, { arxivId: string; title: string; abstract: string }> } | { unavailable: string };

/** Papers on arXiv by id, or by title (keyed by normaliseTitle of the title asked for). */
export interface ArxivPaperLookup {
  byIds(arxivIds: string[]): Promise<LookupAnswer>;
  byTitles(titles: string[]): Promise<LookupAnswer>;
}

const INSTEAD = "give the paper's title (or its BibTeX entry) instead";

/** Longer than any paper's title: a paragraph pasted in, or several titles on one line. */
const MAX_TITLE = 300;

interface Named {
  ref: string;
  parsed: PaperRef;
  bib?: { title: string; abstract: string; arxivId: string | null };
  paper: PaperRecord | null;
  /** Its place among the lines given: problems are told in the reader's order. */
  at: number;
}

export async function resolveLikedPapers(prisma: PrismaClient, items: string[], lookup?: ArxivPaperLookup): Promise<LikedPaperInput[]> {
  const named: Named[] = [];
  // Every line that cannot be placed is named at once: a list of ten with two slips was refused
  // over the first, and the second was found only after the reader had fixed that and sent it again.
  // In the order of the lines, although some are found wrong only once arXiv has been asked.
  const problems: Array<{ at: number; text: string }> = [];
  const problem = (at: number, text: string) => problems.push({ at, text });
  for (const [at, { ref, bib }] of readItems(items).entries()) {
    const parsed = parsePaperRef(ref);
    // A link to anywhere but arXiv (OpenReview, a DOI, a PDF on a lab's site) was kept as a paper
    // titled "https://openreview.net/forum?id=…", found by the words of its address.
    if (!bib && parsed.kind === 'title' && isLink(parsed.title)) {
      problem(at, `${shorten(ref, 100)} is a link Paperboy cannot read a paper from: give ${lookup ? "the paper's arXiv id or arXiv link, its title, or its BibTeX entry" : "the paper's title or its BibTeX entry"}.`);
      continue;
    }
    const paper = (await findPaper(prisma, parsed)) ?? (bib && parsed.kind !== 'title' ? await findPaper(prisma, { kind: 'title', title: bib.title }) : null);
    if (!paper && !bib && parsed.kind === 'title' && parsed.title.length > MAX_TITLE) {
      // "… is not a paper" of a title the reader had typed, quoted cut mid-word.
      problem(at, `"${shorten(ref, 60)}" is too long for a title (${parsed.title.length} characters; at most ${MAX_TITLE}): give the title alone, ${lookup ? 'its arXiv id, ' : ''}or its BibTeX entry.`);
      continue;
    }
    if (!paper && !bib && parsed.kind === 'title' && parsed.title.length < 8) {
      problem(at, `"${ref}" is not a paper: give a title, an arXiv id or URL, or BibTeX.`);
      continue;
    }
    named.push({ ref, parsed, bib, paper, at });
  }
  // What arXiv is asked: papers outside the corpus without an abstract, by id when one is known.
  const idOf = (n: Named) => n.bib?.arxivId ?? (n.parsed.kind === 'arxiv' ? n.parsed.arxivId : null);
  const titleOf = (n: Named) => n.bib?.title ?? (n.parsed.kind === 'title' ? n.parsed.title : null);
  const bare = named.filter((n) => !n.paper && !n.bib?.abstract);
  const ids = [...new Set(bare.flatMap((n) => idOf(n) ?? []))];
  const titles = [...new Set(bare.flatMap((n) => (idOf(n) ? [] : (titleOf(n) ?? []))))];
  const [byId, byTitle] = await Promise.all([
    lookup && ids.length > 0 ? lookup.byIds(ids) : null,
    lookup && titles.length > 0 ? lookup.byTitles(titles) : null,
  ]);
  const bareArxiv = bare.filter((n) => n.parsed.kind === 'arxiv' && !n.bib);
  const bareIds = bareArxiv.flatMap((n) => (n.parsed.kind === 'arxiv' ? [n.parsed.arxivId] : []));
  const unasked = byId && 'unavailable' in byId && bareIds.length > 0;
  if (unasked) {
    problem(bareArxiv[0]!.at, `${bareIds.join(', ')} ${bareIds.length === 1 ? 'is' : 'are'} not in Paperboy's corpus, and arXiv could not be asked (${byId.unavailable}): try again later, or ${INSTEAD}.`);
  }
  const found = (answer: LookupAnswer | null, key: string | null) => (answer && 'papers' in answer && key !== null ? answer.papers.get(key) : undefined);

  const result: LikedPaperInput[] = [];
  for (const n of named) {
    const { paper, bib, parsed } = n;
    if (paper) {
      result.push({ paperId: paper.id, arxivId: paper.arxivId, title: paper.title, abstract: paper.abstract });
      continue;
    }
    const looked = found(byId, idOf(n)) ?? found(byTitle, idOf(n) ? null : normaliseTitle(titleOf(n) ?? ''));
    if (parsed.kind === 'arxiv' && !bib && !looked) {
      if (unasked) continue; // named above, with the others arXiv could not be asked about
      problem(n.at, lookup ? `arXiv has no paper ${parsed.arxivId}: check the id, or ${INSTEAD}.` : `${n.ref} is not in Paperboy's corpus: ${INSTEAD}.`);
      continue;
    }
    // The corpus may hold what arXiv found under its title (a page that named no id).
    const inCorpus = looked && parsed.kind === 'arxiv' ? await findPaper(prisma, { kind: 'title', title: looked.title }) : null;
    if (inCorpus) result.push({ paperId: inCorpus.id, arxivId: inCorpus.arxivId ?? looked!.arxivId, title: inCorpus.title, abstract: inCorpus.abstract });
    else if (looked) result.push({ paperId: null, arxivId: looked.arxivId, title: bib?.title ?? looked.title, abstract: bib?.abstract || looked.abstract });
    else if (bib) result.push({ paperId: null, arxivId: bib.arxivId, title: bib.title, abstract: bib.abstract });
    else if (parsed.kind === 'title') result.push({ paperId: null, arxivId: null, title: parsed.title, abstract: '' });
    else problem(n.at, `${n.ref} is not in Paperboy's corpus: ${INSTEAD}.`);
  }
  if (problems.length > 0) throw new UserError([...new Set(problems.sort((a, b) => a.at - b.at).map((p) => p.text))].join(' '));
  const seen = new Set<string>();
  return result.filter((paper) => {
    const key = paper.paperId !== null ? `id:${paper.paperId}` : `title:${paper.title.toLowerCase()}`;
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}

/**
 * "[2303.09769] Denoising Diffusion Autoencoders…", as an arXiv page's tab title, a bookmark or a
 * reading list copies it: the id and the title, read as a BibTeX entry giving both would be (the
 * corpus paper with that id or title; else arXiv asked by id; else kept by its title with its id).
 * It was a title, brackets and digits included, that no paper has.
 */
function idAndTitle(line: string): { ref: string; bib: NonNullable<Named['bib']> } | null {
  const match = /^\[\s*(?:arxiv:\s*)?([^\]\s]+)\s*\]\s*(.+)$/i.exec(line);
  if (!match) return null;
  const parsed = parsePaperRef(match[1]!);
  if (parsed.kind !== 'arxiv') return null;
  return { ref: parsed.arxivId, bib: { title: match[2]!.trim(), abstract: '', arxivId: parsed.arxivId } };
}

/** One reference per line, or each entry of a BibTeX export. */
function readItems(items: string[]): Array<{ ref: string; bib?: Named['bib'] }> {
  const wanted: Array<{ ref: string; bib?: Named['bib'] }> = [];
  for (const item of items) {
    if (looksLikeBibtex(item)) {
      try {
        const { liked, lines } = readPastedBibtex(item);
        for (const bib of liked) wanted.push({ ref: bib.arxivId ?? bib.title, bib });
        // Titles or ids typed beside a pasted export are papers too, not text to drop.
        for (const line of lines) wanted.push({ ref: line });
      } catch (error) {
        if (error instanceof BibtexError) throw new UserError(`The BibTeX cannot be read: ${error.message}.`);
        throw error;
      }
    } else {
      for (const line of item.split(/\r?\n/)) if (line.trim()) wanted.push(idAndTitle(line.trim()) ?? { ref: line.trim() });
    }
  }
  if (wanted.length > MAX_LIKED_PAPERS) throw new UserError(`At most ${MAX_LIKED_PAPERS} liked papers: this names ${wanted.length}. Keep the ${MAX_LIKED_PAPERS} that matter most.`);
  // Text that names no paper (blank, or BibTeX whose entries have no title) would leave a reader
  // who named no topic subscribed to nothing, and tell one adding papers that they were there already.
  if (wanted.length === 0) {
    throw new UserError(
      items.some(looksLikeBibtex)
        ? 'The BibTeX has no entry with a title: export the papers with their titles, or give their arXiv ids or titles, one per line.'
        : 'Give at least one paper: an arXiv id or link, or a title, one per line; or a BibTeX export.',
    );
  }
  return wanted;
}
