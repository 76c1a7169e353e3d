// What a reader or operator names a paper by: a paper id as `preview --json` prints it, an arXiv id
// (2401.01234, 2401.01234v2, cs/0101001) or an arXiv / Hugging Face / alphaXiv URL, or the exact title.
import { z } from 'zod';
import type { PrismaClient } from '../db/index.js';
import { normaliseTitle } from '../corpus/title.js';

export interface PaperRecord {
  id: number;
  title: string;
  abstract: string;
  arxivId: string | null;
}

export type PaperRef = { kind: 'id'; id: number } | { kind: 'arxiv'; arxivId: string } | { kind: 'title'; title: string };

const ARXIV_ID = /^(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?$/i;
/** A link as copied (`https://arxiv.org/abs/…`) or as typed without its scheme (`arxiv.org/abs/…`, `export.arxiv.org/…`). */
const ARXIV_URL = /^(?:https?:\/\/)?(?:www\.|export\.)?(?:arxiv\.org\/(?:abs|pdf|html)|huggingface\.co\/papers|alphaxiv\.org\/abs|ar5iv(?:\.labs\.arxiv)?\.org\/(?:abs|html))\/([^?#\s]+?)(?:\.pdf)?\/?(?:[?#].*)?$/i;
/** arXiv's DOI, as Zotero and Google Scholar give it: `10.48550/arXiv.2303.09769`, `doi:…`, `https://doi.org/…`. */
const ARXIV_DOI = /^(?:(?:https?:\/\/)?(?:dx\.)?doi\.org\/|doi:\s*)?10\.48550\/arxiv\.(\S+)$/i;
/** A web address: not a title, whatever it names. */
const LINK = /^(?:https?:\/\/|www\.)\S+$|^(?:[a-z0-9-]+\.)+[a-z]{2,}\/\S*$/i;

/** Whether a reference is a web address (one that names no arXiv paper, once parsePaperRef has read it as a title). */
export const isLink = (text: string) => LINK.test(text.trim());

/** What a reference may be, said alike by the help, the README and the messages that refuse one. */
export const PAPER_REF_FORMS = 'a paper id (as preview --json prints it), an arXiv id or URL, or the exact title';

/** Papers as typed on a command line or in a request: one reference each, at most `max`. */
export const paperRefList = (max: number) =>
  z.array(z.string().trim().min(1, 'needs a paper: paper id, arXiv id or URL, or title').max(500, 'is longer than 500 characters')).max(max, `at most ${max} papers`);

/** Reads what was typed; never touches the database. */
export function parsePaperRef(text: string): PaperRef {
  const value = text.trim();
  if (/^\d{1,9}$/.test(value)) return { kind: 'id', id: Number(value) };
  // A link as pasted from a message or a sentence: in <angle brackets>, or followed by a full stop.
  const unwrapped = value.replace(/^<(\S+)>$/, '$1');
  const link = isLink(unwrapped) ? unwrapped.replace(/[.,;:)\]]+$/, '') : unwrapped;
  const bare = link.replace(/^arxiv:\s*/i, '');
  const url = ARXIV_URL.exec(bare) ?? ARXIV_DOI.exec(bare);
  // "arXiv:2303.09769 [cs.CV]", as arXiv's "Cite as" line and its listings write an id: the
  // category after it is no part of the id (it was kept as a title).
  const candidate = url ? url[1]! : bare.replace(/\s*\[[a-z-]+(?:\.[a-z-]+)?\]$/i, '');
  const arxiv = ARXIV_ID.exec(candidate);
  if (arxiv) return { kind: 'arxiv', arxivId: arxiv[1]! };
  return { kind: 'title', title: value.replace(/\s+/g, ' ') };
}

/** The corpus paper a reference names, or null. */
export async function findPaper(prisma: PrismaClient, ref: PaperRef): Promise<PaperRecord | null> {
  const select = { id: true, title: true, abstract: true, arxivId: true } as const;
  switch (ref.kind) {
    case 'id':
      return prisma.paper.findUnique({ where: { id: ref.id }, select });
    case 'arxiv':
      return prisma.paper.findUnique({ where: { arxivId: ref.arxivId }, select });
    case 'title':
      return prisma.paper.findUnique({ where: { titleKey: normaliseTitle(ref.title) }, select });
  }
}
