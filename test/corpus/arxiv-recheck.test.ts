// The daily re-check of the digests' candidates on arXiv, by id (id_list), against a local arXiv
// API: a paper listed 8 days ago and withdrawn 6 days later (long after the listings' five days)
// is found withdrawn and no longer recommended; a v2 with a new title replaces the title; an id
// arXiv does not have is left alone; a failed or partial answer changes nothing for what it did not
// answer, and the service's `recheck` job records it as its last error for `status`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPacer, fetchArxivDay } from '../../src/corpus/arxiv.js';
import { recheckArxiv, recheckArxivWindow, type RecheckReport } from '../../src/corpus/arxiv-recheck.js';
import { NEW_WINDOW_DAYS, previewFor } from '../../src/matching/index.js';
import { jobsOff, serviceStatus } from '../../src/ops/index.js';
import { createScheduler } from '../../src/schedule/index.js';
import { serviceJobs } from '../../src/schedule/jobs.js';
import { openSendWorld, type SendWorld } from '../helpers/sent-digests.js';
import { NOW } from '../matching/corpus.js';
import { startArxivServer, type ArxivServer, type AtomEntry } from './arxiv-server.js';

const DAY = 86_400_000;
const LISTED_AT = new Date(NOW.getTime() - 8 * DAY); // 2026-11-14: past the listings' five days
const OLD = new Date(NOW.getTime() - (NEW_WINDOW_DAYS + 6) * DAY); // no longer a candidate

const paper = (id: string, title: string, summary: string, extra: Partial<AtomEntry> = {}): AtomEntry => ({
  id,
  title,
  summary,
  published: '2026-11-13T08:00:00Z',
  authors: ['Ada Lovelace'],
  categories: ['cs.CL'],
  ...extra,
});

const speculative = paper('2611.03001v1', 'Speculative Decoding for Tiny Language Models', 'A small draft model proposes tokens that a tiny language model verifies with speculative decoding.');
// Six days after its listing, its v2 is a withdrawal (an old-style one: the comment says it).
const speculativeWithdrawn: AtomEntry = { ...speculative, id: '2611.03001v2', updated: '2026-11-20T18:00:00Z', comment: 'This paper has been withdrawn by the authors due to an error in the verifier' };
const retitled = paper('2611.03002v1', 'Sparse Attention Kernels', 'Block-sparse attention kernels for long sequences run faster on GPUs.');
const retitledV2: AtomEntry = { ...retitled, id: '2611.03002v2', title: 'Block-Sparse Attention Kernels for Long Contexts', updated: '2026-11-19T10:00:00Z' };
// arXiv answers for it as for an id it does not have (as if removed): left alone.
const vanished = paper('2611.03003v1', 'Quantised Speculative Decoding', 'Quantised draft models make speculative decoding cheaper on phones.');
const old = paper('2610.09001v1', 'An Older Decoding Paper', 'Speculative decoding, as it was done a month ago.');

const quiet = { info: () => {}, warn: () => {} };

/** A world where the papers above were listed (8 and 20 days before NOW), and arXiv's id lookups answer with their later versions. */
async function openWorld(): Promise<{ world: SendWorld; arxiv: ArxivServer }> {
  const arxiv = await startArxivServer({ 'cs.CL 20261113': [speculative, retitled, vanished], 'cs.CL 20261023': [old] }, [speculativeWithdrawn, retitledV2, { ...old, id: '2610.09001v2', comment: 'Withdrawn' }]);
  const world = await openSendWorld(NOW, { ARXIV_API_URL: arxiv.url });
  const listDay = (date: string, now: Date) => fetchArxivDay(world.app.db, { apiUrl: arxiv.url, category: 'cs.CL', date, now, timeoutMs: 2_000, log: quiet, pacer: createPacer(0) });
  await listDay('2026-10-23', OLD);
  await listDay('2026-11-13', LISTED_AT);
  return { world, arxiv };
}

const recheckOn = (world: SendWorld, arxiv: ArxivServer, options: { batchSize?: number } = {}) => {
  const options_ = { apiUrl: arxiv.url, now: NOW, windowDays: NEW_WINDOW_DAYS, timeoutMs: 2_000, log: quiet, pacer: createPacer(0), ...options };
  return { window: () => recheckArxivWindow(world.app.db, options_), job: () => recheckArxiv(world.app.db, options_) };
};
const titlesFor = async (world: SendWorld, topics: string[]) => (await previewFor(world.app.prisma, { topics }, { now: NOW, limit: 10 })).papers.map((p) => p.paper.title);
const byId = (world: SendWorld, arxivId: string) => world.app.prisma.paper.findUniqueOrThrow({ where: { arxivId } });

describe('a re-check that arXiv answers', () => {
  let world: SendWorld;
  let arxiv: ArxivServer;
  let first: RecheckReport;
  let requests: URL[];

  beforeAll(async () => {
    ({ world, arxiv } = await openWorld());
    // Listed, and recommended, before the re-check.
    expect(await titlesFor(world, ['speculative decoding'])).toEqual(expect.arrayContaining([speculative.title, vanished.title]));
    const asked = arxiv.requests.length;
    first = await recheckOn(world, arxiv, { batchSize: 2 }).window();
    requests = arxiv.requests.slice(asked);
  });
  afterAll(async () => {
    await world?.close();
    await arxiv?.close();
  });

  it("asks for the window's papers by id, in batches with max_results, and none older", () => {
    expect(requests.map((url) => [url.searchParams.get('id_list'), url.searchParams.get('max_results')])).toEqual([
      ['2611.03001,2611.03002', '2'],
      ['2611.03003', '1'],
    ]);
    expect(first).toEqual({ asked: 3, answered: 2, notFound: 1, updated: 2, withdrawn: 1, failures: [] });
  });

  it("finds a paper withdrawn after the listings' five days, which is then never recommended", async () => {
    expect((await byId(world, '2611.03001')).withdrawnAt).toEqual(new Date('2026-11-20T18:00:00Z'));
    const found = await titlesFor(world, ['speculative decoding']);
    expect(found).toContain(vanished.title);
    expect(found).not.toContain(speculative.title);
  });

  it('takes the title of a later version, as a listing would, without counting a listing', async () => {
    expect(await byId(world, '2611.03002')).toMatchObject({ title: retitledV2.title, arxivVersion: 2, withdrawnAt: null, pageCount: 1 });
    expect(await titlesFor(world, ['long contexts'])).toContain(retitledV2.title);
    expect(await world.app.prisma.corpusPage.count()).toBe(2);
  });

  it('leaves alone an id arXiv does not have, and a paper older than the window', async () => {
    expect(await byId(world, '2611.03003')).toMatchObject({ title: vanished.title, arxivVersion: 1, withdrawnAt: null });
    expect(await byId(world, '2610.09001')).toMatchObject({ arxivVersion: 1, withdrawnAt: null });
  });

  it('changes nothing when run again with the same answers', async () => {
    expect(await recheckOn(world, arxiv).window()).toEqual({ asked: 3, answered: 2, notFound: 1, updated: 0, withdrawn: 0, failures: [] });
  });
});

describe('a re-check that arXiv answers in part', () => {
  let world: SendWorld;
  let arxiv: ArxivServer;
  beforeAll(async () => ({ world, arxiv } = await openWorld()));
  afterAll(async () => {
    await world?.close();
    await arxiv?.close();
  });

  it('applies what it answered, leaves the rest as it was, and says what it left out', async () => {
    arxiv.idListFailure = 'partial';
    // The server answers for the first half of the ids, in its (reversed) order: 2611.03003 (not found) and 2611.03002.
    const report = await recheckOn(world, arxiv).window();
    expect(report).toMatchObject({ asked: 3, answered: 1, notFound: 1, updated: 1, withdrawn: 0 });
    expect(report.failures).toEqual([expect.stringMatching(/arXiv answered for 2 of 3 ids/)]);
    expect((await byId(world, '2611.03002')).title).toBe(retitledV2.title);
    expect(await byId(world, '2611.03001')).toMatchObject({ withdrawnAt: null, arxivVersion: 1 });
    expect(await titlesFor(world, ['speculative decoding'])).toContain(speculative.title);
  });
});

describe('a re-check that arXiv fails', () => {
  let world: SendWorld;
  let arxiv: ArxivServer;
  let before: unknown[];
  const papers = () => world.app.prisma.paper.findMany({ orderBy: { id: 'asc' } });
  beforeAll(async () => {
    ({ world, arxiv } = await openWorld());
    before = await papers();
  });
  afterAll(async () => {
    await world?.close();
    await arxiv?.close();
  });

  it.each([[{ status: 500 }, /HTTP 500/], ['malformed' as const, /not well-formed XML/]])('changes nothing on %j and says why', async (failure, reason) => {
    arxiv.idListFailure = failure;
    const report = await recheckOn(world, arxiv).window();
    expect(report).toMatchObject({ asked: 3, answered: 0, updated: 0 });
    expect(report.failures).toEqual([expect.stringMatching(reason)]);
    expect(await papers()).toEqual(before);
    await expect(recheckOn(world, arxiv).job()).rejects.toThrow(reason);
  });

  it("is the service's recheck job: one warning, and status shows the reason as its last error", async () => {
    arxiv.idListFailure = { status: 500 };
    const warnings: unknown[] = [];
    const log = world.app.log.child({});
    log.warn = ((fields: unknown) => void warnings.push(fields)) as typeof log.warn;
    const jobs = await serviceJobs({ ...world.app, log }, new AbortController().signal);
    const job = jobs.find((candidate) => candidate.name === 'recheck');
    expect(job).toMatchObject({ cron: '45 3 * * *', exclusive: true, expectedFailures: true });
    expect(job?.runAtStart).toBeFalsy();
    const scheduler = createScheduler({ prisma: world.app.prisma, log, clock: world.app.clock }, jobs);
    await scheduler.runNow('recheck');
    await scheduler.stop();
    expect(warnings).toEqual([expect.objectContaining({ job: 'recheck', reason: expect.stringMatching(/HTTP 500/) })]);
    const status = await serviceStatus(world.app.prisma, { editions: 1, now: NOW, sendCron: world.app.config.sendCron, sources: world.app.config });
    expect(status.jobs.find((state) => state.name === 'recheck')).toMatchObject({ okAt: null, lastError: expect.stringMatching(/re-check: .*HTTP 500.*asked again next run/), off: null });
    expect(await papers()).toEqual(before);
  });
});

it('runs wherever ARXIV_API_URL is on, arXiv listings or not', () => {
  expect(jobsOff({ feedUrl: undefined, arxivApiUrl: 'https://export.arxiv.org/api/query', arxivCategories: [] })).toEqual({ fetch: 'FEED_URL=off', arxiv: 'ARXIV_CATEGORIES is empty' });
  expect(jobsOff({ feedUrl: undefined, arxivApiUrl: undefined, arxivCategories: [] })).toMatchObject({ recheck: 'ARXIV_API_URL=off' });
});
