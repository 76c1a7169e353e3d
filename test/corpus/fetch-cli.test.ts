// `paperboy fetch --source arxiv` as an operator runs it, against a local arXiv API; and the feed
// turned off with FEED_URL=off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { startArxivServer, type ArxivServer } from './arxiv-server.js';

describe('paperboy fetch --source arxiv', () => {
  let db: TestDatabase;
  let arxiv: ArxivServer;
  let env: NodeJS.ProcessEnv;
  const paper = { title: 'Command Line Listing', summary: 'Fetched from the command line. It lands whole.', published: '2026-11-20T08:00:00Z', authors: ['Ada Lovelace'], categories: ['cs.CL'] };

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    arxiv = await startArxivServer({ 'cs.CL 20261120': [{ id: '2611.04242v1', ...paper }], 'cs.CV 20261120': { status: 503 } });
    env = testEnv(db, { ARXIV_API_URL: arxiv.url, ARXIV_CATEGORIES: 'cs.CV' });
  });
  afterAll(async () => {
    await arxiv?.close();
    await db?.drop();
  });

  it('ingests one category-day given on the command line, then finds it unchanged', async () => {
    const first = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.CL', '--date', '2026-11-20', '--json'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual([{ page: 'arxiv:cs.CL:2026-11-20', category: 'cs.CL', date: '2026-11-20', entries: 1, new: 1, updated: 0, unchanged: false }]);
    const again = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.CL', '--date', '2026-11-20'], env);
    expect(again.stdout).toMatch(/arxiv:cs\.CL:2026-11-20: unchanged/);
  });

  it('uses ARXIV_CATEGORIES without --category, and says what failed', async () => {
    const failed = await runPaperboy(['fetch', '--source', 'arxiv', '--date', '2026-11-20'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/cs\.CV 2026-11-20: HTTP 503.*nothing was stored/);
  });

  it('exits 2 on a wrong source or category, without categories, and when the feed or arXiv is off', async () => {
    expect((await runPaperboy(['fetch', '--source', 'rss'], env)).code).toBe(2);
    expect((await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'not a category'], env)).code).toBe(2);
    const none = await runPaperboy(['fetch', '--source', 'arxiv'], { ...env, ARXIV_CATEGORIES: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--category.*ARXIV_CATEGORIES/);
    const off = await runPaperboy(['fetch'], { ...env, FEED_URL: 'off' });
    expect(off.code).toBe(2);
    expect(off.stderr).toMatch(/FEED_URL=off/);
    const arxivOff = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.CL'], { ...env, ARXIV_API_URL: 'off', ARXIV_CATEGORIES: '' });
    expect(arxivOff.code).toBe(2);
    expect(arxivOff.stderr).toMatch(/arXiv is turned off here \(ARXIV_API_URL=off\)/);
  });
});
