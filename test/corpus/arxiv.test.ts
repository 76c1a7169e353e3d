// arXiv listings through the arXiv API, against a local server answering in the API's Atom format:
// a day is read page by page with arXiv's 3 s between calls (on a fake clock), stored whole with
// ids, authors, categories and dates; a malformed, failed or partial answer stores nothing and the
// next run gets the day; one paper listed by pages, the feed and arXiv is one paper.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArxivError, createPacer, fetchArxivDay, fetchRecentArxiv } from '../../src/corpus/arxiv.js';
import { fetchFeed } from '../../src/corpus/feed.js';
import { ingestFiles, normaliseTitle, parsePage } from '../../src/corpus/index.js';
import { migrate, openDatabase, type Database } from '../../src/db/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { SEEDS_DIR } from '../../testkit/paths.js';
import { freePort } from '../helpers/serve.js';
import { startFeedServer, type FeedServer } from '../matching/feed-server.js';
import { startArxivServer, type ArxivServer, type AtomEntry } from './arxiv-server.js';

const NOW = new Date('2026-11-21T09:00:00Z');
const SEED = path.join(SEEDS_DIR, '000_96ce6ec1c06ae053.txt');
const seedEntries = parsePage(readFileSync(SEED, 'utf8'), SEED, { today: NOW }).entries;

const entry = (n: number, extra: Partial<AtomEntry> = {}): AtomEntry => ({
  id: `2611.0000${n}v1`,
  title: `Paged Paper Number ${n}`,
  summary: `We study paging number ${n}. It works & scales (see https://github.com/example/paged-${n}).`,
  published: '2026-11-20T17:00:0' + n + 'Z',
  authors: ['Ada Lovelace', `Author ${n}`],
  categories: ['cs.LG', 'stat.ML'],
  ...extra,
});

function recordingLog() {
  const warnings: Array<Record<string, unknown>> = [];
  return { warnings, info: () => {}, warn: (fields: Record<string, unknown>) => void warnings.push(fields) };
}

describe.each(BACKENDS)('arXiv listings on %s', (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let arxiv: ArxivServer;
  let feed: FeedServer;
  const log = recordingLog();
  let clock = 0;
  const waits: number[] = [];
  const pacer = () => createPacer(3_000, () => clock, async (ms) => void (waits.push(ms), (clock += ms)));
  const fetchDay = (category: string, date: string, pageSize = 2) =>
    fetchArxivDay(db, { apiUrl: arxiv.url, category, date, now: NOW, timeoutMs: 2_000, log, pacer: pacer(), pageSize });

  // Each test has its own database and its own servers, answering as set here.
  beforeEach(async () => {
    testDb = await createTestDatabase(backend);
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir });
    await migrate(db);
    arxiv = await startArxivServer({
      'cs.LG 20261120': [1, 2, 3, 4, 5].map((n) => entry(n)),
      'cs.LG 20261118': 'malformed',
      'cs.LG 20261117': 'api-error',
      'cs.LG 20261116': { status: 503 },
      'cs.LG 20261115': { partial: [entry(6), entry(7)], announced: 3 },
    });
    feed = await startFeedServer({ '2026-11-20': { file: '2026-11-20.json' } });
  });
  afterEach(async () => {
    await arxiv?.close();
    await feed?.close();
    await db?.close();
    await testDb?.drop();
  });

  it('reads a day page by page, 3 s apart, and stores it with ids, authors, categories and dates', async () => {
    waits.length = 0;
    const result = await fetchDay('cs.LG', '2026-11-20');
    expect(result).toEqual({ page: 'arxiv:cs.LG:2026-11-20', category: 'cs.LG', date: '2026-11-20', entries: 5, new: 5, updated: 0, leftOut: 0, unchanged: false });
    const calls = arxiv.requests.slice(-3);
    expect(calls.map((url) => [url.searchParams.get('start'), url.searchParams.get('max_results')])).toEqual([['0', '2'], ['2', '2'], ['4', '2']]);
    expect(calls[0]!.searchParams.get('search_query')).toBe('cat:cs.LG AND submittedDate:[202611200000 TO 202611202359]');
    expect(waits).toEqual([3_000, 3_000]); // none before the first call, 3 s before each other

    const paper = await db.prisma.paper.findUniqueOrThrow({ where: { arxivId: '2611.00003' } });
    expect(paper).toMatchObject({
      title: 'Paged Paper Number 3',
      abstract: 'We study paging number 3. It works & scales (see https://github.com/example/paged-3).',
      authors: ['Ada Lovelace', 'Author 3'],
      authorCount: 2,
      categories: ['cs.LG', 'stat.ML'],
      links: ['https://github.com/example/paged-3'],
      upvotes: 0,
      pageCount: 1,
    });
    expect(paper.publishedAt?.toISOString()).toBe('2026-11-20T00:00:00.000Z');
  });

  it('does nothing when the day is unchanged', async () => {
    await fetchDay('cs.LG', '2026-11-20');
    expect((await fetchDay('cs.LG', '2026-11-20', 10)).unchanged).toBe(true);
  });

  it.each([
    ['2026-11-18', /not well-formed XML/],
    ['2026-11-17', /the API answered with an error: incorrect id format/],
    ['2026-11-16', /HTTP 503/],
    ['2026-11-15', /partial answer: 2 of 3 entries/],
  ])('stores nothing from a broken answer (%s), and says why', async (date, reason) => {
    const before = await db.prisma.paper.count();
    const error = await fetchDay('cs.LG', date).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArxivError);
    expect((error as ArxivError).reason).toMatch(reason);
    expect(await db.prisma.paper.count()).toBe(before);
    expect(await db.prisma.corpusPage.findUnique({ where: { name: `arxiv:cs.LG:${date}` } })).toBeNull();
    expect(String(log.warnings.at(-1)!.reason)).toMatch(reason);
  });

  it('asks a busy API again after the Retry-After it names, and gives up on a wait longer than a run waits', async () => {
    waits.length = 0;
    arxiv.days.set('cs.RO 20261120', { status: 503, retryAfter: '7', times: 2, then: [1, 2, 3].map((n) => entry(n, { categories: ['cs.RO'] })) });
    expect(await fetchDay('cs.RO', '2026-11-20')).toMatchObject({ entries: 3, new: 3, unchanged: false });
    // Asked at once, then 7 s after each busy answer, then the second page arXiv's 3 s later.
    expect(waits).toEqual([7_000, 7_000, 3_000]);

    arxiv.days.set('cs.NE 20261120', { status: 429, retryAfter: '3600' });
    const asked = arxiv.requests.length;
    const error = await fetchDay('cs.NE', '2026-11-20').catch((e: unknown) => e);
    expect((error as ArxivError).reason).toBe('HTTP 429 Too Many Requests (arXiv asked to wait 3600 s), longer than a run waits');
    expect(arxiv.requests.length).toBe(asked + 1);

    arxiv.days.set('cs.SY 20261120', { status: 503 });
    const busy = await fetchDay('cs.SY', '2026-11-20').catch((e: unknown) => e);
    expect((busy as ArxivError).reason).toBe('HTTP 503 Service Unavailable, 3 times');
    expect(await db.prisma.corpusPage.findUnique({ where: { name: 'arxiv:cs.SY:2026-11-20' } })).toBeNull();

    arxiv.days.set('cs.DL 20261120', 'text');
    const text = await fetchDay('cs.DL', '2026-11-20').catch((e: unknown) => e);
    expect((text as ArxivError).reason).toBe('not an arXiv API answer but text: "Rate exceeded."');
  });

  it("lists a paper arXiv announced days after its submission: Tuesday's run asks for the five days back to Friday", async () => {
    // Submitted on Friday after the deadline, announced on Monday evening (New York), so in the API
    // from Tuesday 01:00 UTC on: a run asking for today and yesterday only never saw it.
    arxiv.days.set('cs.HC 20261120', [entry(8, { categories: ['cs.HC'], published: '2026-11-20T21:30:00Z' })]);
    const asked = arxiv.requests.length;
    const tuesday = new Date('2026-11-24T06:30:00Z');
    const results = await fetchRecentArxiv(db, { apiUrl: arxiv.url, categories: ['cs.HC'], now: tuesday, timeoutMs: 2_000, log, pacer: pacer() });
    const days = arxiv.requests.slice(asked).map((url) => /submittedDate:\[(\d{8})/.exec(url.searchParams.get('search_query') ?? '')?.[1]);
    expect(days).toEqual(['20261120', '20261121', '20261122', '20261123', '20261124']);
    expect(results.find((result) => result.date === '2026-11-20')).toMatchObject({ entries: 1, new: 1 });
    expect(await db.prisma.paper.findUnique({ where: { arxivId: '2611.00008' } })).not.toBeNull();
  });

  it('stops a run at the first category-day nothing answers for, instead of waiting out each of the others', async () => {
    const port = await freePort(); // nothing listens there
    const apiUrl = `http://127.0.0.1:${port}/api/query`;
    const error = await fetchRecentArxiv(db, { apiUrl, categories: ['cs.LG', 'cs.CV'], now: NOW, timeoutMs: 2_000, log, pacer: pacer() }).catch((e: unknown) => e);
    expect((error as ArxivError).reason).toBe('cs.LG 2026-11-17: fetch failed (ECONNREFUSED); 9 more not asked');
  });

  // A SIGTERM waited for the whole run of category-days (a minute and more with several
  // categories), past the 10 s `docker stop` gives before it kills.
  it('asks for nothing more once the service shuts down, and stores no day in part', async () => {
    arxiv.days.set('cs.HC 20261117', [1, 2, 3, 4, 5].map((n) => entry(n, { id: `2611.7000${n}v1`, categories: ['cs.HC'] })));
    const shutdown = new AbortController();
    const asked = arxiv.requests.length;
    // The signal comes while the first day's first page is read: its second page is never asked.
    const stopping = createPacer(3_000, () => clock, async (ms) => void ((clock += ms), shutdown.abort()));
    const info: unknown[] = [];
    const results = await fetchRecentArxiv(db, { apiUrl: arxiv.url, categories: ['cs.HC', 'cs.CV'], now: NOW, timeoutMs: 2_000, log: { ...log, info: (fields: unknown) => void info.push(fields) }, pacer: stopping, pageSize: 2, signal: shutdown.signal });
    expect(results).toEqual([]);
    expect(arxiv.requests.length - asked).toBe(1);
    expect(await db.prisma.paper.count({ where: { arxivId: { startsWith: '2611.7000' } } })).toBe(0);
    expect(info).toContainEqual({ notAsked: 10 });
  });

  it('gets a failed day on the next run, and reports a run with one error for all its failures', async () => {
    arxiv.days.set('cs.CV 20261121', [entry(8, { categories: ['cs.CV'] })]);
    arxiv.days.set('cs.CV 20261120', { status: 500 });
    const warningsBefore = log.warnings.length;
    const error = await fetchRecentArxiv(db, { apiUrl: arxiv.url, categories: ['cs.CV'], now: NOW, timeoutMs: 2_000, log, pacer: pacer() }).catch((e: unknown) => e);
    expect((error as ArxivError).reason).toBe('cs.CV 2026-11-20: HTTP 500 Internal Server Error');
    expect(log.warnings.length).toBe(warningsBefore); // the caller logs the run's one warning
    expect(await db.prisma.corpusPage.findUnique({ where: { name: 'arxiv:cs.CV:2026-11-21' } })).not.toBeNull();

    arxiv.days.set('cs.LG 20261116', [entry(9)]);
    expect(await fetchDay('cs.LG', '2026-11-16')).toMatchObject({ new: 1, unchanged: false });
  });

  it('makes one paper of what pages, the feed and arXiv say about it, keeping the richest of each', async () => {
    await ingestFiles(db, [SEED], { now: NOW });
    await fetchFeed(db, { url: feed.url, date: '2026-11-20', now: NOW, timeoutMs: 2_000, log });
    const page = seedEntries.find((e) => e.title === 'Diffusion Models Beat GANs on Image Classification')!;
    // Listed by arXiv under a retitled version: the same arXiv id makes it the same paper.
    const allAuthors = ['Soumik Mukhopadhyay', 'Matthew Gwilliam', 'Vatsal Agarwal', 'Namitha Padmanabhan', 'Archana Swaminathan', 'Srinidhi Hegde', 'Tianyi Zhou', 'Abhinav Shrivastava'];
    // Known from the page only: arXiv's entry matches it by title and the same abstract.
    const other = seedEntries.find((e) => e.titleKey !== page.titleKey && e.publishedAt !== null)!;
    arxiv.days.set('cs.CV 20230717', [
      { id: '2307.08702v2', title: 'Diffusion Models Beat GANs on Image Classification (revised)', summary: page.abstract, published: '2023-07-17T17:59:40Z', authors: allAuthors, categories: ['cs.CV', 'cs.LG'] },
      { id: '2401.99999v1', title: other.title.toUpperCase(), summary: other.abstract, published: '2023-07-17T10:00:00Z', authors: ['Someone Real'], categories: ['cs.CV'] },
    ]);
    await fetchDay('cs.CV', '2023-07-17', 10);

    const merged = await db.prisma.paper.findMany({ where: { OR: [{ titleKey: page.titleKey }, { arxivId: '2307.08702' }] } });
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      title: page.title, // the first title stays
      arxivId: '2307.08702',
      abstract: page.abstract, // the page's full abstract over the feed's shorter one
      authors: allAuthors, // arXiv's full list over the feed's three names
      authorCount: 8,
      categories: ['cs.CV', 'cs.LG'],
      upvotes: 42, // the feed's
      pageCount: 3, // page, feed day, arXiv day
    });
    const matched = await db.prisma.paper.findMany({ where: { OR: [{ titleKey: other.titleKey }, { arxivId: '2401.99999' }] } });
    expect(matched).toHaveLength(1);
    expect(matched[0]).toMatchObject({ title: other.title, arxivId: '2401.99999', authors: ['Someone Real'], categories: ['cs.CV'], pageCount: 2 });
  });

  // Two papers of arXiv may share a title. The second was dropped at every listing without a word
  // (the title is the key a paper is found by); and so was an arXiv paper whose title a page's paper
  // with another abstract already had.
  it('keeps papers of arXiv that share a title as papers of their own, found again by their ids', async () => {
    await ingestFiles(db, [SEED], { now: NOW });
    const seed = seedEntries[0]!;
    arxiv.days.set('cs.CL 20261119', [
      entry(1, { id: '2611.88001v1', title: seed.title, summary: 'Another study that happens to share the title of a paper the pages listed.' }),
      entry(2, { id: '2611.88002v1', title: 'Scaling Laws Revisited', summary: 'One study of scaling laws.' }),
      entry(3, { id: '2611.88003v1', title: 'Scaling Laws Revisited', summary: 'Another study of scaling laws, by other people.' }),
    ]);
    expect(await fetchDay('cs.CL', '2026-11-19', 10)).toMatchObject({ entries: 3, new: 3, updated: 0, leftOut: 0 });
    const stored = await db.prisma.paper.findMany({ where: { arxivId: { in: ['2611.88001', '2611.88002', '2611.88003'] } }, orderBy: { arxivId: 'asc' } });
    expect(stored.map((paper) => paper.title)).toEqual([seed.title, 'Scaling Laws Revisited', 'Scaling Laws Revisited']);
    // The page's paper is as it was.
    expect(await db.prisma.paper.findUniqueOrThrow({ where: { titleKey: seed.titleKey } })).toMatchObject({ arxivId: null, abstract: seed.abstract });
    // Listed again (a new answer for the day), each is found by its id: nothing new, nothing lost.
    arxiv.days.set('cs.CL 20261119', [...(arxiv.days.get('cs.CL 20261119') as AtomEntry[]), entry(4)]);
    expect(await fetchDay('cs.CL', '2026-11-19', 10)).toMatchObject({ entries: 4, new: 1, leftOut: 0 });
    expect(await db.prisma.paper.count({ where: { arxivId: { in: ['2611.88001', '2611.88002', '2611.88003'] } } })).toBe(3);
  });
});

describe.each(BACKENDS)('arXiv versions on %s', (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let arxiv: ArxivServer;
  let feed: FeedServer;
  const log = recordingLog();
  const fetchDay = (category: string, date: string) =>
    fetchArxivDay(db, { apiUrl: arxiv.url, category, date, now: NOW, timeoutMs: 2_000, log, pacer: createPacer(0) });
  const paper = (arxivId: string) => db.prisma.paper.findUniqueOrThrow({ where: { arxivId } });
  const searchFinds = async (word: string) =>
    (await db.prisma.$queryRawUnsafe<Array<{ id: number }>>(`SELECT id FROM "Paper" WHERE search @@ plainto_tsquery('english', $1)`, word)).length;

  beforeEach(async () => {
    testDb = await createTestDatabase(backend);
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir });
    await migrate(db);
    arxiv = await startArxivServer();
    feed = await startFeedServer({ '2026-11-20': { file: '2026-11-20.json' }, '2026-11-21': { file: '2026-11-20.json' } });
  });
  afterEach(async () => {
    await arxiv?.close();
    await feed?.close();
    await db?.close();
    await testDb?.drop();
  });

  const v1 = entry(1, { id: '2611.00001v1', title: 'Grasping with Tactile Skins', summary: 'We grasp objects with tactile skins.', categories: ['cs.RO'] });
  const v2 = { ...v1, id: '2611.00001v2', title: 'Grasping Fragile Objects with Tactile Skins', summary: 'We grasp fragile objects, such as eggs, with tactile skins.' };

  it('takes the title and abstract of a later version, and keeps them when an older one is read again', async () => {
    arxiv.days.set('cs.RO 20261120', [v1]);
    await fetchDay('cs.RO', '2026-11-20');
    expect(await paper('2611.00001')).toMatchObject({ title: v1.title, arxivVersion: 1 });

    arxiv.days.set('cs.RO 20261120', [v2]);
    expect(await fetchDay('cs.RO', '2026-11-20')).toMatchObject({ new: 0, updated: 1 });
    expect(await paper('2611.00001')).toMatchObject({ title: v2.title, titleKey: normaliseTitle(v2.title), abstract: v2.summary, arxivVersion: 2 });
    expect(await db.prisma.paper.count()).toBe(1);
    expect(await searchFinds('eggs')).toBe(1); // the search vector is v2's

    // v1 again (a listing read before v2 was announced, another category of the same day).
    arxiv.days.set('cs.LG 20261120', [{ ...v1, categories: ['cs.LG'] }]);
    await fetchDay('cs.LG', '2026-11-20');
    expect(await paper('2611.00001')).toMatchObject({ title: v2.title, abstract: v2.summary, arxivVersion: 2, categories: ['cs.RO', 'cs.LG'] });
    expect(await searchFinds('eggs')).toBe(1);
  });

  it('withdraws a paper whose latest version is withdrawn; the feed listing it as it was does not bring it back', async () => {
    await fetchFeed(db, { url: feed.url, date: '2026-11-20', now: NOW, timeoutMs: 2_000, log });
    const listed = await paper('2611.01234');
    expect(listed.withdrawnAt).toBeNull();
    const withdrawn: AtomEntry = {
      id: '2611.01234v2',
      title: listed.title,
      summary: listed.abstract,
      published: '2026-11-19T08:00:00Z',
      updated: '2026-11-21T07:00:00Z',
      authors: ['Ada Lovelace', 'Grace Hopper'],
      categories: ['cs.CL'],
      comment: 'This paper has been withdrawn by the authors: the speed-ups were measured wrongly',
    };
    arxiv.days.set('cs.CL 20261119', [withdrawn]);
    await fetchDay('cs.CL', '2026-11-19');
    expect(await paper('2611.01234')).toMatchObject({ withdrawnAt: new Date('2026-11-21T07:00:00Z'), arxivVersion: 2 });

    // The feed lists it again the next day, and an older arXiv listing shows v1: still withdrawn.
    await fetchFeed(db, { url: feed.url, date: '2026-11-21', now: NOW, timeoutMs: 2_000, log });
    arxiv.days.set('cs.LG 20261119', [{ ...withdrawn, id: '2611.01234v1', comment: '9 pages', updated: undefined, categories: ['cs.LG'] }]);
    await fetchDay('cs.LG', '2026-11-19');
    expect(await paper('2611.01234')).toMatchObject({ withdrawnAt: new Date('2026-11-21T07:00:00Z'), arxivVersion: 2, upvotes: 7, pageCount: 4 });

    // A later version that is not a withdrawal is the paper again.
    arxiv.days.set('cs.CL 20261119', [{ ...withdrawn, id: '2611.01234v3', comment: 'Corrected measurements' }]);
    await fetchDay('cs.CL', '2026-11-19');
    expect(await paper('2611.01234')).toMatchObject({ withdrawnAt: null, arxivVersion: 3 });
  });
});

describe('the pacer between calls to arXiv', () => {
  it('queues concurrent callers 3 s apart, and turns away one that would wait longer than it may', async () => {
    let clock = 1_000;
    // A fake clock: a sleep ends on a later turn of the event loop, with the clock at its end.
    const sleep = async (ms: number) => {
      const wake = clock + ms;
      await new Promise<void>((resolve) => setImmediate(resolve));
      clock = Math.max(clock, wake);
    };
    const pacer = createPacer(3_000, () => clock, sleep);
    const started: number[] = [];
    const call = async (maxWaitMs?: number) => {
      const ok = await pacer.turn(maxWaitMs);
      if (ok) started.push(clock);
      return ok;
    };
    // Four callers at once: three take the next free slots, the fourth may wait 5 s at most.
    expect(await Promise.all([call(), call(), call(), call(5_000)])).toEqual([true, true, true, false]);
    expect(started).toEqual([1_000, 4_000, 7_000]);
  });
});
