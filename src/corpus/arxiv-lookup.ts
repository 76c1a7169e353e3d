// Papers looked up on arXiv, for a reader who names papers they like: most of a researcher's
// favourites are older than anything the corpus holds, and their title and abstract are what the
// reader model learns from. By id (the API's id_list) or by exact title (a title search, kept only
// where the normalised titles are equal); one call for all the ids or all the titles of a request,
// spaced from the previous call as arXiv asks. Ids arXiv does not have are left out of the answer
// (the API answers for them with an empty entry, or none).
import { parseArxivPage } from './arxiv-atom.js';
import { createPacer, type Pacer } from './arxiv.js';
import { describeFetchError, download } from './http.js';
import type { PaperInput } from './merge.js';
import { normaliseTitle } from './title.js';

export interface ArxivPaper {
  arxivId: string;
  title: string;
  abstract: string;
}

/** What arXiv has (by id, or by normalised title), or why it could not say (unreachable, timed out, a broken answer). */
export type LookupAnswer = { papers: Map<string, ArxivPaper> } | { unavailable: string };

export interface ArxivLookup {
  byIds(ids: string[]): Promise<LookupAnswer>;
  /** Keyed by normaliseTitle of the title asked for. */
  byTitles(titles: string[]): Promise<LookupAnswer>;
}

/** A reader waits for this on a web form: far less than a backfill's patience (ARXIV_TIMEOUT_MS). */
export const ARXIV_LOOKUP_TIMEOUT_MS = 10_000;
/** A reader waits at most this for the requests of others ahead of theirs (arXiv's 3 s apart each). */
export const ARXIV_LOOKUP_MAX_QUEUE_MS = 12_000;
/** A title search may also return papers with similar titles: room for a few per title. */
const RESULTS_PER_TITLE = 3;

export function createArxivLookup(options: { apiUrl: string; timeoutMs?: number; pacer?: Pacer; fetchImpl?: typeof fetch }): ArxivLookup {
  const pacer = options.pacer ?? createPacer();
  const ask = async (params: Record<string, string>, keyOf: (entry: PaperInput) => string | null): Promise<LookupAnswer> => {
    const url = new URL(options.apiUrl);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    try {
      if (!(await pacer.turn(ARXIV_LOOKUP_MAX_QUEUE_MS))) return { unavailable: 'arXiv is busy with other requests from this server' };
      const body = await download(url.toString(), { fetchImpl: options.fetchImpl, timeoutMs: options.timeoutMs ?? ARXIV_LOOKUP_TIMEOUT_MS, accept: 'application/atom+xml' });
      const papers = new Map<string, ArxivPaper>();
      for (const entry of parseArxivPage(body, { skipUnreadable: true }).entries) {
        const key = keyOf(entry);
        if (key !== null && entry.arxivId && !papers.has(key)) papers.set(key, { arxivId: entry.arxivId, title: entry.title, abstract: entry.abstract });
      }
      return { papers };
    } catch (error) {
      return { unavailable: inWords(describeFetchError(error)) };
    }
  };
  return {
    async byIds(ids) {
      if (ids.length === 0) return { papers: new Map() };
      return ask({ id_list: ids.join(','), max_results: String(ids.length) }, (entry) => (entry.arxivId && ids.includes(entry.arxivId) ? entry.arxivId : null));
    },
    async byTitles(titles) {
      const wanted = new Set(titles.map(normaliseTitle).filter(Boolean));
      if (wanted.size === 0) return { papers: new Map() };
      // The title's words as a phrase; quotes and the query language's own symbols left out.
      const query = [...wanted].map((key) => `ti:"${key}"`).join(' OR ');
      return ask({ search_query: query, max_results: String(wanted.size * RESULTS_PER_TITLE) }, (entry) => (wanted.has(entry.titleKey) ? entry.titleKey : null));
    },
  };
}

/** A reader sees this reason on a web form: the network's codes in words. */
function inWords(reason: string): string {
  if (/ENOTFOUND|EAI_AGAIN/.test(reason)) return "this server cannot reach arXiv's address";
  if (/ECONNREFUSED|ECONNRESET|bad port/.test(reason)) return 'arXiv refused the connection';
  if (reason === 'timed out') return 'arXiv did not answer in time';
  return reason;
}
