// The daily-papers feed against a local HTTP server serving fixtures in the feed's format: a day is
// ingested whole and merged with papers known from pages; an unchanged day is a no-op; timeouts,
// HTTP errors, bad JSON, cut-off bodies and incomplete entries store nothing and are logged, and
// the next run gets the day.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedError, fetchFeed, fetchRecentFeed } from '../../src/corpus/feed.js';
import { ingestFiles } from '../../src/corpus/index.js';
import { migrate, openDatabase, type Database } from '../../src/db/index.js';
import { authorLine } from '../../src/digest/authors.js';
import { paperLinks } from '../../src/digest/paper-links.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { SEEDS_DIR } from '../../testkit/paths.js';
import { startFeedServer, type FeedServer } from './feed-server.js';

const NOW = new Date('2026-11-22T09:00:00Z');

function recordingLog() {
  const entries: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const at = (level: string) => (fields: object, message?: string) => void entries.push({ level, fields: fields as Record<string, unknown>, message: message ?? '' });
  return { entries, info: at('info'), warn: at('warn') } as unknown as { entries: typeof entries; info: () => void; warn: () => void };
}

describe.each(BACKENDS)('daily-papers feed on %s', (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let feed: FeedServer;
  const log = recordingLog();
  const fetchDay = (date: string, timeoutMs = 2_000) => fetchFeed(db, { url: feed.url, date, now: NOW, timeoutMs, log });
  const stored = () => db.prisma.paper.count();

  // Each test has its own database (one seed page) and its own feed, answering as set here.
  beforeEach(async () => {
    testDb = await createTestDatabase(backend);
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir });
    await migrate(db);
    await ingestFiles(db, [path.join(SEEDS_DIR, '000_96ce6ec1c06ae053.txt')], { now: NOW });
    feed = await startFeedServer({
      '2026-11-20': { file: '2026-11-20.json' },
      '2026-11-21': { status: 500 },
      '2026-11-22': { file: 'bad-json.txt' },
      '2026-11-23': { partial: '2026-11-20.json' },
      '2026-11-24': 'hang',
      '2026-11-25': { file: 'missing-summary.json' },
      '2026-11-26': { file: 'rss.xml' },
    });
  });
  afterEach(async () => {
    await feed?.close();
    await db?.close();
    await testDb?.drop();
  });

  it('ingests a day as the page feed:YYYY-MM-DD and merges it with papers known from pages', async () => {
    const before = await stored();
    const result = await fetchDay('2026-11-20');
    expect(feed.requests.at(-1)).toBe('/api/daily_papers?date=2026-11-20');
    expect(result).toEqual({ page: 'feed:2026-11-20', date: '2026-11-20', entries: 2, new: 1, updated: 1, leftOut: 0, unchanged: false });
    expect(await stored()).toBe(before + 1);

    const known = await db.prisma.paper.findFirstOrThrow({ where: { arxivId: '2307.08702' } });
    expect(known.title).toBe('Diffusion Models Beat GANs on Image Classification'); // the page's title, now with the feed's facts
    expect(known.authors).toEqual(['Soumik Mukhopadhyay', 'Matthew Gwilliam', 'Vatsal Agarwal']);
    expect(known.authorCount).toBe(8); // the page's "8 authors": the feed names three of them
    expect(authorLine(known.authors, known.authorCount)).toBe('S. Mukhopadhyay, M. Gwilliam + 6');
    expect(known.upvotes).toBe(42);
    expect(known.pageCount).toBe(2);
    expect(paperLinks(known)).toMatchObject({ abs: 'https://arxiv.org/abs/2307.08702', hf: 'https://huggingface.co/papers/2307.08702' });

    const fresh = await db.prisma.paper.findFirstOrThrow({ where: { arxivId: '2611.01234' } });
    expect(fresh).toMatchObject({ title: 'Speculative Decoding for Tiny Language Models', upvotes: 7, authors: ['Ada Lovelace', 'Grace Hopper'], firstSeenAt: NOW });
    expect(fresh.publishedAt?.toISOString()).toBe('2026-11-19T00:00:00.000Z');
    expect(fresh.links).toEqual(['https://github.com/example/tiny-spec']);
    const page = await db.prisma.corpusPage.findUniqueOrThrow({ where: { name: 'feed:2026-11-20' } });
    expect(page.pageDate?.toISOString()).toBe('2026-11-20T00:00:00.000Z');
  });

  it('does nothing when the day has not changed, and takes what changed when it has', async () => {
    await fetchDay('2026-11-20');
    const page = await db.prisma.corpusPage.findUniqueOrThrow({ where: { name: 'feed:2026-11-20' } });
    const again = await fetchFeed(db, { url: feed.url, date: '2026-11-20', now: new Date(NOW.getTime() + 3_600_000), timeoutMs: 2_000, log });
    expect(again.unchanged).toBe(true);
    expect((await db.prisma.corpusPage.findUniqueOrThrow({ where: { name: 'feed:2026-11-20' } })).ingestedAt).toEqual(page.ingestedAt);

    feed.answers.set('2026-11-20', { file: '2026-11-20-later.json' });
    const later = await fetchDay('2026-11-20');
    expect(later).toMatchObject({ unchanged: false, new: 0, updated: 2 });
    expect((await db.prisma.paper.findFirstOrThrow({ where: { arxivId: '2307.08702' } })).upvotes).toBe(61);
    expect((await db.prisma.paper.findFirstOrThrow({ where: { arxivId: '2307.08702' } })).pageCount).toBe(2);
  });

  it.each([
    ['2026-11-21', /HTTP 500/],
    ['2026-11-22', /not valid JSON/],
    ['2026-11-23', /terminated|not valid JSON|socket|aborted/i],
    ['2026-11-24', /timed out/],
    ['2026-11-25', /entry 1: paper\.summary/],
    ['2026-11-26', /an XML or HTML page, not the daily-papers JSON: FEED_URL should be/],
  ])('stores nothing from a failed fetch (%s) and logs why', async (date, reason) => {
    const before = await stored();
    const error = await fetchDay(date, 500).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).reason).toMatch(reason);
    expect(await stored()).toBe(before);
    expect(await db.prisma.corpusPage.findUnique({ where: { name: `feed:${date}` } })).toBeNull();
    const warning = log.entries.filter((entry) => entry.level === 'warn').at(-1)!;
    expect(warning.message).toMatch(/nothing stored/);
    expect(String(warning.fields.reason)).toMatch(reason);
  });

  it('gets a failed day on the next run once the feed answers', async () => {
    await expect(fetchDay('2026-11-21')).rejects.toThrow(FeedError);
    feed.answers.set('2026-11-21', { file: 'empty-day.json' });
    expect(await fetchDay('2026-11-21')).toMatchObject({ page: 'feed:2026-11-21', entries: 0, unchanged: false });
  });

  it('fetches recent days one by one and reports the ones that failed', async () => {
    feed.answers.set('2026-11-26', { file: 'empty-day.json' });
    feed.answers.set('2026-11-25', { status: 503 });
    const error = await fetchRecentFeed(db, { url: feed.url, now: new Date('2026-11-26T12:00:00Z'), days: 2, timeoutMs: 2_000, log }).catch((e: unknown) => e);
    expect((error as FeedError).reason).toMatch(/2026-11-25: HTTP 503/);
    expect(await db.prisma.corpusPage.findUnique({ where: { name: 'feed:2026-11-26' } })).not.toBeNull();
  });

  it('refuses a malformed date before asking the feed', async () => {
    const count = feed.requests.length;
    await expect(fetchDay('2026-02-30x')).rejects.toThrow(/invalid date/);
    expect(feed.requests.length).toBe(count);
  });
});
