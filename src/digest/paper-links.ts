// Where a paper can be read: its arXiv abstract and PDF and its Hugging Face page when its arXiv id
// is known, else a title search (shown as such, never as if it were the paper); and which of its
// abstract's links is its code.
import { texToPlain } from '../shared/tex.js';

/**
 * Hosts of code, matched on the whole host name: github.com.evil.example is not GitHub. Not Hugging
 * Face: what an abstract links there is a dataset, a model or a demo, and "Code:" over
 * huggingface.co/datasets/… said what it was not.
 */
const CODE_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org']);

function isCodeUrl(link: string): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  return /^https?:$/.test(url.protocol) && CODE_HOSTS.has(host);
}

/** arXiv identifiers since 2007 ("2603.01234", "2603.01234v2"): Hugging Face has a page for these. */
const NEW_STYLE_ID = /^(\d{4}\.\d{4,5})(v\d+)?$/;
/** Older identifiers ("hep-th/9901001", "math.GT/0309136v1"). */
const OLD_STYLE_ID = /^[a-z-]+(\.[A-Z]{2})?\/\d{7}(v\d+)?$/;

export interface PaperLinks {
  /** https://arxiv.org/abs/ID */
  abs: string | null;
  /** https://arxiv.org/pdf/ID */
  pdf: string | null;
  /** https://huggingface.co/papers/ID (new-style ids only, without a version) */
  hf: string | null;
  /** A code repository named in the abstract. */
  code: string | null;
  /** A search for the title on arXiv: only when no arXiv id is known. */
  search: string | null;
}

/** The arXiv id as links need it, or null when the stored value is not one. */
export function cleanArxivId(value: string | null | undefined): string | null {
  const id = value?.trim().replace(/^arxiv:/i, '') ?? '';
  return NEW_STYLE_ID.test(id) || OLD_STYLE_ID.test(id) ? id : null;
}

export function paperLinks(paper: { arxivId: string | null; title: string; links: string[] }): PaperLinks {
  const id = cleanArxivId(paper.arxivId);
  const code = paper.links.find(isCodeUrl) ?? null;
  if (!id) {
    return { abs: null, pdf: null, hf: null, code, search: `https://arxiv.org/search/?query=${encodeURIComponent(texToPlain(paper.title))}&searchtype=title` };
  }
  const bare = NEW_STYLE_ID.exec(id)?.[1];
  return {
    abs: `https://arxiv.org/abs/${id}`,
    pdf: `https://arxiv.org/pdf/${id}`,
    hf: bare ? `https://huggingface.co/papers/${bare}` : null,
    code,
    search: null,
  };
}
