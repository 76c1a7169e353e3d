// Links in abstracts, mostly code repositories. Abstracts are prose, so a URL is usually followed
// by sentence punctuation that is not part of it ("…/HiCMAE."), and sometimes by LaTeX debris
// ("…/Faster-Diffusion{FasterDiffusion}.") or glued to a label ("website:https://…").

/**
 * A URL with a scheme, or a bare address on a well-known host ("github.com/x/y", "www.x.org").
 * The match stops at whitespace and at characters that cannot appear unencoded in a URL
 * (RFC 3986: < > " { } | \ ^ `), which is what ends the LaTeX debris above.
 */
const URL_PATTERN =
  /(?:https?:\/\/|(?<![\w@./-])(?:www\.|(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co)\/))[^\s<>"{}|\\^`]+/giu;

/** Sentence punctuation that ends prose, not URLs; brackets are handled by balancing. */
const TRAILING = /[.,;:!?'\u2019\u201d*]$/u;

export function extractLinks(abstract: string): string[] {
  const links: string[] = [];
  for (const match of abstract.matchAll(URL_PATTERN)) {
    let url = trimUrl(match[0]);
    if (!/^https?:\/\//iu.test(url)) url = `https://${url}`;
    if (!/^https?:\/\/[^/?#]+\.[^/?#]+/iu.test(url)) continue; // "https://." is not a link
    if (!links.includes(url)) links.push(url);
  }
  return links;
}

/**
 * Strips trailing prose punctuation, and a closing bracket only when it has no opening partner
 * inside the URL: "(see https://x.org/a_(b))." keeps "https://x.org/a_(b)".
 */
function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    if (TRAILING.test(url)) {
      url = url.slice(0, -1);
      continue;
    }
    const last = url.at(-1);
    const open = last === ')' ? '(' : last === ']' ? '[' : null;
    if (open !== null && count(url, open) < count(url, last!)) {
      url = url.slice(0, -1);
      continue;
    }
    return url;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Every match of ARXIV_ID_PATTERN contains it (the same flags, so the same case folding). */
const MENTIONS_ARXIV = /arxiv/iu;
/** arxiv.org/abs/…, arxiv.org/pdf/… or "arXiv:…", new-style (2401.01234) or old-style (cs/0112017) ids. */
const ARXIV_ID_PATTERN = /(?:arxiv\.org\/(?:abs|pdf)\/|\barxiv:\s?)((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[a-z]{2})?\/\d{7}))(?:v\d+)?/giu;

/**
 * The arXiv id an abstract names, when it names exactly one ("Paper: arxiv.org/abs/2401.01234").
 * Several ids are citations of other papers as much as of this one, so none is taken.
 */
export function arxivIdInText(text: string): string | null {
  // Most abstracts name no arXiv id; a plain search rules them out far faster than the pattern.
  if (!MENTIONS_ARXIV.test(text)) return null;
  const ids = new Set([...text.matchAll(ARXIV_ID_PATTERN)].map((match) => match[1]!.replace(/^([a-z-]+)(\.[a-z]{2})?\//iu, (_, archive: string, sub = '') => `${archive.toLowerCase()}${sub.toUpperCase()}/`)));
  return ids.size === 1 ? [...ids][0]! : null;
}

/** Months an id may be submitted before the paper's date: a page lists papers of recent weeks. */
const MONTHS_BEFORE = 2;
/** …and after it: a publication date in UTC and an id's month of submission can straddle a month end. */
const MONTHS_AFTER = 1;

/**
 * The id an entry's abstract names, when it can be this paper's own: submitted (by its year and
 * month) between MONTHS_BEFORE months before the paper's date and MONTHS_AFTER after it. A single
 * id can as well be a citation ("Building on LoRA (arXiv:2106.09685), we…"), and taking it made
 * a 2026 paper link to LoRA's abstract, PDF and Hugging Face page, and be liked as LoRA. Without a
 * date the id is taken as it is.
 */
export function ownArxivIdInText(text: string, paperDate: Date | null): string | null {
  const id = arxivIdInText(text);
  if (id === null || paperDate === null) return id;
  const month = submissionMonth(id);
  const dated = paperDate.getUTCFullYear() * 12 + paperDate.getUTCMonth();
  return month >= dated - MONTHS_BEFORE && month <= dated + MONTHS_AFTER ? id : null;
}

/** Year × 12 + month (0-11) of an id's first submission: 2401.01234 is January 2024, cs/0112017 December 2001. */
function submissionMonth(id: string): number {
  const digits = /^(\d{2})(\d{2})\./u.exec(id) ?? /\/(\d{2})(\d{2})\d{3}$/u.exec(id);
  const yy = Number(digits![1]);
  // Old-style ids run from 1991 to March 2007; new-style ones from April 2007.
  const year = yy >= 91 ? 1900 + yy : 2000 + yy;
  return year * 12 + Number(digits![2]) - 1;
}
