// A local stand-in for the arXiv API (GET /api/query?search_query=…&start=…&max_results=…): answers
// in the API's Atom format from entries the test gives per submission day, page by page, or
// misbehaves on purpose (malformed XML, an API error entry, HTTP 503, fewer entries than announced).
// A lookup by id (?id_list=a,b) answers from `papers`, last asked first (arXiv's order is not the
// request's), and for an id it lacks with an entry that has no fields, as arXiv does; a title search
// (search_query=ti:"…" OR ti:"…") with the papers whose normalised title is one of those asked, and
// a paper with a similar title, as a search would. Lookups by id can be made to fail (idListFailure).
import { normaliseTitle } from '../../src/corpus/title.js';
import { listenLocally } from '../helpers/local-server.js';

export interface AtomEntry {
  id: string; // 2611.00001v1
  title: string;
  summary: string;
  published: string; // ISO time
  /** When this version appeared (ISO time); `published` when not given, as for a v1. */
  updated?: string;
  authors: string[];
  categories: string[];
  /** arXiv's comment field; "12 pages" when not given. */
  comment?: string;
}

/** A favourite older than anything in the corpus: liked by its arXiv id, its text comes from arXiv. */
export const MOE_PAPER: AtomEntry = {
  id: '1701.06538v1',
  title: 'Outrageously Large Neural Networks: The Sparsely-Gated Mixture-of-Experts Layer',
  summary:
    'We introduce a sparsely-gated mixture-of-experts layer: thousands of feed-forward expert networks and a trainable gating network ' +
    'that routes each example to a sparse combination of experts. Conditional computation lets model capacity grow by orders of ' +
    'magnitude while the computation per example stays modest. Mixture of experts models with routing reach better results at lower cost.',
  published: '2017-01-23T18:00:00Z',
  authors: ['Noam Shazeer', 'Azalia Mirhoseini'],
  categories: ['cs.LG'],
};

/** What a title search also finds: another paper whose title merely contains the words asked for. */
const similarTo = (asked: string): AtomEntry => ({
  id: '2501.00001v1',
  title: `${asked} revisited`,
  summary: 'A different paper.',
  published: '2025-01-01T00:00:00Z',
  authors: ['Someone Else'],
  categories: ['cs.LG'],
});

/**
 * A day's answer: its entries, or a failure. `{ status }` fails every time; with `times` it fails
 * that many times, then answers `then` (a busy API that recovers), with `retryAfter` as Retry-After.
 */
export type DayAnswer =
  | AtomEntry[]
  | 'malformed'
  | 'api-error'
  | 'text'
  | { status: number; retryAfter?: string; times?: number; then?: AtomEntry[] }
  | { partial: AtomEntry[]; announced: number };

export interface ArxivServer {
  url: string;
  /** Keyed by "<category> <YYYYMMDD>"; change between fetches. */
  days: Map<string, DayAnswer>;
  /** Papers a lookup by id finds, keyed by id without version. */
  papers: Map<string, AtomEntry>;
  requests: URL[];
  /** Set: every lookup by id fails so (an HTTP status, XML cut short), or answers for half its ids only ('partial'). */
  idListFailure: { status: number } | 'malformed' | 'partial' | null;
  close(): Promise<void>;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function atomFeed(entries: AtomEntry[], total: number, start: number, query = 'cat:cs.LG'): string {
  const os = 'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"';
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query=${encodeURIComponent(query)}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=${escape(query)}</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2026-11-21T00:00:00-05:00</updated>
  <opensearch:totalResults ${os}>${total}</opensearch:totalResults>
  <opensearch:startIndex ${os}>${start}</opensearch:startIndex>
  <opensearch:itemsPerPage ${os}>${entries.length}</opensearch:itemsPerPage>
${entries.map(entryXml).join('\n')}
</feed>
`;
}

function entryXml(entry: AtomEntry): string {
  return `  <entry>
    <id>http://arxiv.org/abs/${entry.id}</id>
    <updated>${entry.updated ?? entry.published}</updated>
    <published>${entry.published}</published>
    <title>${escape(entry.title)}</title>
    <summary>  ${escape(entry.summary)}
    </summary>
${entry.authors.map((name) => `    <author>\n      <name>${escape(name)}</name>\n    </author>`).join('\n')}
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">${escape(entry.comment ?? '12 pages')}</arxiv:comment>
    <link href="http://arxiv.org/abs/${entry.id}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/${entry.id}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="${entry.categories[0]}" scheme="http://arxiv.org/schemas/atom"/>
${entry.categories.map((term) => `    <category term="${term}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n')}
  </entry>`;
}

const API_ERROR = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
    <title>Error</title>
    <summary>incorrect id format for 1234.12345</summary>
  </entry>
</feed>
`;

export async function startArxivServer(days: Record<string, DayAnswer> = {}, papers: AtomEntry[] = []): Promise<ArxivServer> {
  const table = new Map(Object.entries(days));
  const byId = new Map(papers.map((paper) => [paper.id.replace(/v\d+$/, ''), paper]));
  const requests: URL[] = [];
  const failures = new Map<string, number>();
  const control: Pick<ArxivServer, 'idListFailure'> = { idListFailure: null };
  const server = await listenLocally((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url);
    const ids = url.searchParams.get('id_list');
    if (ids) {
      const failure = control.idListFailure;
      if (failure === 'malformed') return res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(atomFeed([], 1, 0).slice(0, 300));
      if (failure !== null && failure !== 'partial') return res.writeHead(failure.status, { 'content-type': 'text/plain' }).end('Internal Server Error');
      const all = ids.split(',').reverse();
      const asked = failure === 'partial' ? all.slice(0, Math.ceil(all.length / 2)) : all;
      const found = asked.flatMap((id) => (byId.has(id) ? [entryXml(byId.get(id)!)] : ['  <entry>\n  </entry>']));
      const feed = atomFeed([], asked.length, 0, `id_list=${ids}`).replace('</feed>', `${found.join('\n')}\n</feed>`);
      return res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8' }).end(feed);
    }
    const query = url.searchParams.get('search_query') ?? '';
    const titles = [...query.matchAll(/ti:"([^"]*)"/g)].map((m) => m[1]!);
    if (titles.length > 0) {
      const hits = [...byId.values()].filter((paper) => titles.includes(normaliseTitle(paper.title)));
      const similar = similarTo(titles[0]!);
      return res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8' }).end(atomFeed([similar, ...hits], hits.length + 1, 0, query));
    }
    const category = /cat:(\S+)/.exec(query)?.[1] ?? '';
    const day = /submittedDate:\[(\d{8})/.exec(query)?.[1] ?? '';
    const start = Number(url.searchParams.get('start') ?? 0);
    const max = Number(url.searchParams.get('max_results') ?? 10);
    const key = `${category} ${day}`;
    let answer = table.get(key) ?? [];
    const send = (status: number, body: string, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/atom+xml; charset=utf-8', ...headers }).end(body);
    if (typeof answer === 'object' && 'status' in answer && answer.times !== undefined) {
      const failed = (failures.get(key) ?? 0) + 1;
      failures.set(key, failed);
      if (failed > answer.times) answer = answer.then ?? [];
    }
    if (answer === 'malformed') return send(200, atomFeed([], 0, 0).slice(0, 300));
    if (answer === 'api-error') return send(200, API_ERROR);
    if (answer === 'text') return send(200, 'Rate exceeded.', { 'content-type': 'text/plain' });
    if ('status' in answer) return send(answer.status, 'Service Unavailable', answer.retryAfter ? { 'retry-after': answer.retryAfter } : {});
    if ('partial' in answer) return send(200, atomFeed(answer.partial.slice(start, start + max), answer.announced, start, query));
    send(200, atomFeed(answer.slice(start, start + max), answer.length, start, query));
  });
  return Object.assign(control, { url: `${server.origin}/api/query`, days: table, papers: byId, requests, close: server.close });
}
