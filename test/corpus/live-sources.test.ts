// Live sources are on by default: the daily-papers feed at its public URL unless FEED_URL=off, and
// arXiv when ARXIV_CATEGORIES names categories. The service fetches them at start and on
// FETCH_CRON; a source that fails logs one warning per run and leaves the service serving.
// (No test reaches the internet: the service here is pointed at local servers.)
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ARXIV_API_URL, DEFAULT_FEED_URL, loadConfig } from '../../src/config/index.js';
import { TEST_SECRET } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { SEEDS_DIR } from '../../testkit/paths.js';
import { freePort, startServe } from '../helpers/serve.js';
import { startFeedServer, type FeedServer } from '../matching/feed-server.js';
import { startArxivServer, type ArxivServer } from './arxiv-server.js';

describe('live source settings', () => {
  const base = { DATA_DIR: '/nonexistent-but-unused', APP_SECRET: TEST_SECRET };
  it('reads the feed by default, not with FEED_URL=off, and arXiv only for named categories', () => {
    expect(loadConfig(base)).toMatchObject({ feedUrl: DEFAULT_FEED_URL, arxivCategories: [], arxivApiUrl: DEFAULT_ARXIV_API_URL });
    expect(loadConfig({ ...base, FEED_URL: 'off' }).feedUrl).toBeUndefined();
    // "OFF" is off too: it stopped the service with "must be an http(s) URL, or off".
    expect(loadConfig({ ...base, FEED_URL: 'OFF', ARXIV_API_URL: ' Off ' })).toMatchObject({ feedUrl: undefined, arxivApiUrl: undefined });
    expect(loadConfig({ ...base, ARXIV_CATEGORIES: 'cs.LG, cs.CV' }).arxivCategories).toEqual(['cs.LG', 'cs.CV']);
    expect(() => loadConfig({ ...base, ARXIV_CATEGORIES: 'cs.LG;cs CV' })).toThrow(/ARXIV_CATEGORIES/);
    expect(() => loadConfig({ ...base, FEED_URL: 'on' })).toThrow(/FEED_URL must be an http\(s\) URL, or off/);
  });

  it('writes ARXIV_CATEGORIES as arXiv spells them, and refuses a name the API would silently find nothing for', () => {
    // The API matches categories exactly: cat:cs.lg is a valid query that lists nothing, every run.
    expect(loadConfig({ ...base, ARXIV_CATEGORIES: 'cs.lg,stat.ml, CS.CV,cs.LG' }).arxivCategories).toEqual(['cs.LG', 'stat.ML', 'cs.CV']);
    expect(loadConfig({ ...base, ARXIV_CATEGORIES: 'hep-th,cond-mat.stat-mech' }).arxivCategories).toEqual(['hep-th', 'cond-mat.stat-mech']);
    const problems = (value: string) => {
      try {
        loadConfig({ ...base, ARXIV_CATEGORIES: value });
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(problems('cs.LG cs.CV')).toBe('ARXIV_CATEGORIES: "cs.LG cs.CV" is more than one name: separate categories with commas (cs.LG,cs.CV)');
    expect(problems('cs.LGG')).toBe('ARXIV_CATEGORIES: "cs.LGG" is not an arXiv category; did you mean cs.LG?');
    expect(problems('cs')).toMatch(/^ARXIV_CATEGORIES: "cs" is a whole archive: name its categories, e.g. cs\.AI/);
    expect(problems('machine-learning')).toMatch(/"machine-learning" is not an arXiv category \(see https:\/\/arxiv\.org\/category_taxonomy/);
  });

  it('turns arXiv off altogether with ARXIV_API_URL=off, and refuses categories it could not list', () => {
    expect(loadConfig({ ...base, ARXIV_API_URL: 'off' }).arxivApiUrl).toBeUndefined();
    expect(() => loadConfig({ ...base, ARXIV_API_URL: 'off', ARXIV_CATEGORIES: 'cs.LG' })).toThrow(/ARXIV_CATEGORIES lists arXiv categories, but ARXIV_API_URL=off/);
    expect(() => loadConfig({ ...base, ARXIV_API_URL: 'ftp://example.org' })).toThrow(/ARXIV_API_URL must be an http\(s\) URL, or off/);
  });
});

describe('the service with live sources', () => {
  let db: TestDatabase;
  let feed: FeedServer;
  let arxiv: ArxivServer;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    feed = await startFeedServer({ [day(0)]: { status: 503 }, [day(-1)]: { status: 503 } });
    const paper = { title: 'A Paper Listed Today', summary: 'Listed on arXiv today. It is about live sources.', published: `${day(0)}T08:00:00Z`, authors: ['Ada Lovelace'], categories: ['cs.LG'] };
    arxiv = await startArxivServer({ [`cs.LG ${day(0).replaceAll('-', '')}`]: [{ id: '2612.00001v1', ...paper }] });
  });
  afterAll(async () => {
    await feed?.close();
    await arxiv?.close();
    await db?.drop();
  });

  it('fetches at start: arXiv lands, the failing feed logs one warning and nothing else changes', async () => {
    const port = await freePort();
    const serve = await startServe(
      { DATABASE_URL: db.url!, DATA_DIR: db.dataDir, APP_SECRET: TEST_SECRET, SEEDS_DIR, LOG_LEVEL: 'info', FEED_URL: feed.url, ARXIV_CATEGORIES: 'cs.LG', ARXIV_API_URL: arxiv.url },
      port,
    );
    try {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const deadline = Date.now() + 30_000;
        let stored = 0;
        while (stored === 0 && Date.now() < deadline) {
          stored = (await client.query(`SELECT 1 FROM "Paper" WHERE "arxivId" = '2612.00001'`)).rowCount ?? 0;
          if (stored === 0) await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(stored).toBe(1);
      } finally {
        await client.end();
      }
      expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
      // The start line tells the operator where papers come from.
      const running = JSON.parse(serve.output().split('\n').find((line) => line.includes('paperboy is running'))!);
      expect(running.sources).toEqual({ seeds: SEEDS_DIR, feed: feed.url, arxiv: `cs.LG via ${arxiv.url}`, likedPaperLookups: arxiv.url, arxivRecheck: 'RECHECK_CRON "45 3 * * *"' });
      const lines = serve.output().split('\n').filter((line) => line.includes('"fetch"') || line.includes(feed.url));
      const warnings = lines.filter((line) => /"level":40/.test(line));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/job failed: retried at the next slot/);
      expect(warnings[0]).toMatch(/HTTP 503/);
      expect(serve.output()).not.toMatch(/"level":50/); // no error-level line
      expect(feed.requests.length).toBe(2); // today and yesterday
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });
});
