// Papers looked up on arXiv by id (the API's id_list), for a reader who names papers they like by
// arXiv id or URL: most of a researcher's favourites are older than anything the corpus holds, and
// their title and abstract are what the reader model learns from. One call for all the ids of a
// request, spaced from the previous call as arXiv asks; ids arXiv does not have are left out of the
// answer (the API answers for them with an empty entry, or none).
import { parseArxivPage } from './arxiv-atom.js';
import { createPacer, type Pacer } from './arxiv.js';
import { describeFetchError, download } from './http.js';

export interface ArxivPaper {
  arxivId: string;
  title: string;
  abstract: string;
}

/** The papers arXiv has among the ids, or why it could not say (unreachable, timed out, a broken answer). */
export type ArxivLookup = (ids: string[]) => Promise<{ papers: Map<string, ArxivPaper> } | { unavailable: string }>;

/** A reader waits for this on a web form: far less than a backfill's patience (ARXIV_TIMEOUT_MS). */
export const ARXIV_LOOKUP_TIMEOUT_MS = 10_000;

export function createArxivLookup(options: { apiUrl: string; timeoutMs?: number; pacer?: Pacer; fetchImpl?: typeof fetch }): ArxivLookup {
  const pacer = options.pacer ?? createPacer();
  return async (ids) => {
    const found = new Map<string, ArxivPaper>();
    if (ids.length === 0) return { papers: found };
    const url = new URL(options.apiUrl);
    url.searchParams.set('id_list', ids.join(','));
    url.searchParams.set('max_results', String(ids.length));
    try {
      await pacer.turn();
      const body = await download(url.toString(), { fetchImpl: options.fetchImpl, timeoutMs: options.timeoutMs ?? ARXIV_LOOKUP_TIMEOUT_MS, accept: 'application/atom+xml' });
      for (const entry of parseArxivPage(body, { skipUnreadable: true }).entries) {
        if (entry.arxivId && ids.includes(entry.arxivId)) found.set(entry.arxivId, { arxivId: entry.arxivId, title: entry.title, abstract: entry.abstract });
      }
      return { papers: found };
    } catch (error) {
      return { unavailable: describeFetchError(error) };
    }
  };
}
