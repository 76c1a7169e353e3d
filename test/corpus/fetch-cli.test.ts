// `paperboy fetch --source arxiv` as an operator runs it, against a local arXiv API; and the feed
// turned off with FEED_URL=off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { freePort } from '../helpers/serve.js';
import { createTestDatabase, withClient, type TestDatabase } from '../../testkit/database.js';
import { startArxivServer, type ArxivServer } from './arxiv-server.js';

describe('paperboy fetch --source arxiv', () => {
  let db: TestDatabase;
  let arxiv: ArxivServer;
  let env: NodeJS.ProcessEnv;
  const paper = { title: 'Command Line Listing', summary: 'Fetched from the command line. It lands whole.', published: '2026-11-20T08:00:00Z', authors: ['Ada Lovelace'], categories: ['cs.CL'] };

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    arxiv = await startArxivServer({ 'cs.CL 20261120': [{ id: '2611.04242v1', ...paper }], 'cs.CV 20261120': { status: 503 }, 'cs.CL 20261121': [{ id: '2611.04243v1', ...paper, title: 'Another Listing' }] });
    env = testEnv(db, { ARXIV_API_URL: arxiv.url, ARXIV_CATEGORIES: 'cs.CV' });
  });
  const pageNames = () => withClient(db.url!, async (client) => (await client.query<{ name: string }>('SELECT name FROM "CorpusPage"')).rows.map((row) => row.name));

  afterAll(async () => {
    await arxiv?.close();
    await db?.drop();
  });

  it('ingests one category-day given on the command line, then finds it unchanged', async () => {
    const first = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.CL', '--date', '2026-11-20', '--json'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual([{ page: 'arxiv:cs.CL:2026-11-20', category: 'cs.CL', date: '2026-11-20', entries: 1, new: 1, updated: 0, leftOut: 0, unchanged: false }]);
    const again = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.CL', '--date', '2026-11-20'], env);
    expect(again.stdout).toMatch(/arxiv:cs\.CL:2026-11-20: unchanged/);
  });

  it('uses ARXIV_CATEGORIES without --category, and says what failed', async () => {
    const failed = await runPaperboy(['fetch', '--source', 'arxiv', '--date', '2026-11-20'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/cs\.CV 2026-11-20: HTTP 503.*nothing was stored/);
  });

  it('--json lists the category-days stored; a failed one is named on stderr and in the exit code, as --help says', async () => {
    // A day of its own: the tests run in a random order and share the server and the database.
    arxiv.days.set('cs.CL 20261118', [{ id: '2611.04240v1', ...paper, title: 'A Listing of Its Own', published: '2026-11-18T08:00:00Z' }]);
    arxiv.days.set('cs.CV 20261118', { status: 503 });
    // Not an element of another shape in the array: a script summing `new` would break on it.
    const partly = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.CL,cs.CV', '--date', '2026-11-18', '--json'], env);
    expect(partly.code).toBe(3);
    expect(JSON.parse(partly.stdout)).toEqual([{ page: 'arxiv:cs.CL:2026-11-18', category: 'cs.CL', date: '2026-11-18', entries: 1, new: 1, updated: 0, leftOut: 0, unchanged: false }]);
    expect(partly.stderr).toMatch(/^paperboy: cs\.CV 2026-11-18: HTTP 503.*nothing was stored for it/m);
    const help = (await runPaperboy(['fetch', '--help'], {})).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('with --source arxiv an array of those (with category), one per category-day stored; a failed day is named on stderr only (exit 3, or 1 when all failed)');
  });

  it("without --date and --category, is the arxiv job's run: status shows it, and its failure as the job's last error", async () => {
    type Jobs = { jobs: Array<{ name: string; okAt: string | null; lastError: string | null }> };
    const arxivJob = async () => (JSON.parse((await runPaperboy(['status', '--json'], env)).stdout) as Jobs).jobs.find((job) => job.name === 'arxiv');
    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    // ARXIV_CATEGORIES is cs.CV here: yesterday refused, the other four days empty.
    arxiv.days.set(`cs.CV ${day.replaceAll('-', '')}`, { status: 503 });
    const failed = await runPaperboy(['fetch', '--source', 'arxiv'], env);
    expect(failed.code).toBe(3);
    expect(await arxivJob()).toMatchObject({ okAt: null, lastError: expect.stringContaining(`cs.CV ${day}: HTTP 503`) });
    arxiv.days.set(`cs.CV ${day.replaceAll('-', '')}`, []);
    expect((await runPaperboy(['fetch', '--source', 'arxiv'], env)).code).toBe(0);
    expect(await arxivJob()).toMatchObject({ okAt: expect.any(String), lastError: null });
    // Another day or other categories are not the job's work, and leave its record alone.
    const before = await arxivJob();
    expect((await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.CL', '--date', '2026-11-21'], env)).code).toBe(0);
    expect(await arxivJob()).toEqual(before);
  }, 240_000); // two runs of five category-days, 3 s apart as arXiv asks

  it('takes categories as arXiv spells them or in any case, several at once, and refuses a misspelt one before asking arXiv', async () => {
    const asked = arxiv.requests.length;
    const lower = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.cl', '--date', '2026-11-21', '--json'], env);
    expect(lower.code).toBe(0);
    expect(JSON.parse(lower.stdout)).toEqual([expect.objectContaining({ page: 'arxiv:cs.CL:2026-11-21', category: 'cs.CL', entries: 1 })]);
    const several = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.CL,cs.RO', '--date', '2026-11-21', '--json'], env);
    expect(JSON.parse(several.stdout).map((result: { page: string }) => result.page)).toEqual(['arxiv:cs.CL:2026-11-21', 'arxiv:cs.RO:2026-11-21']);
    expect(arxiv.requests.slice(asked).map((url) => /cat:(\S+)/.exec(url.searchParams.get('search_query') ?? '')?.[1])).toEqual(['cs.CL', 'cs.CL', 'cs.RO']);
    const before = arxiv.requests.length;
    const typo = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.XL', '--date', '2026-11-21'], env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('paperboy: --category: "cs.XL" is not an arXiv category; did you mean cs.CL?\n');
    const spaced = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.CL cs.LG'], env);
    expect(spaced.stderr).toMatch(/"cs\.CL cs\.LG" is more than one name: separate categories with commas/);
    expect(arxiv.requests.length).toBe(before);
    expect(await pageNames()).not.toContain('arxiv:cs.cl:2026-11-21');
  });

  it('without --date, asks for the five days the service asks for: today alone is always empty on arXiv', async () => {
    // The API lists a paper once arXiv announces it, a day or more after its submission.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    arxiv.days.set(`cs.LG ${day(-3).replaceAll('-', '')}`, [{ id: '2612.04244v1', ...paper, title: 'Announced Three Days Later', categories: ['cs.LG'] }]);
    const result = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.LG', '--json'], env);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as Array<{ date: string; entries: number }>;
    expect(listed.map((listing) => listing.date)).toEqual([day(-4), day(-3), day(-2), day(-1), day(0)]);
    expect(listed.find((listing) => listing.date === day(-3))?.entries).toBe(1);
  });

  it('fetches a withdrawn paper as withdrawn: preview --topic never shows it', async () => {
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const grasping = { published: `${day}T08:00:00Z`, authors: ['Ada Lovelace'], categories: ['cs.RO'] };
    arxiv.days.set(`cs.RO ${day.replaceAll('-', '')}`, [
      { id: '2612.07001v1', ...grasping, title: 'Robot Grasping with Tactile Skins', summary: 'A robot grasping method that feels objects with tactile skins.' },
      // An old-style withdrawal: the abstract stays, the comment says it.
      { id: '2612.07002v2', ...grasping, title: 'Robot Grasping from Single Images', summary: 'A robot grasping method that plans grasps from single images.', comment: 'This paper has been withdrawn by the authors due to an error in the grasp planner' },
    ]);
    expect((await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.RO', '--date', day], env)).code).toBe(0);
    const preview = await runPaperboy(['preview', '--topic', 'robot grasping', '--json'], env);
    expect(preview.code).toBe(0);
    expect((JSON.parse(preview.stdout) as Array<{ title: string }>).map((paper) => paper.title)).toEqual(['Robot Grasping with Tactile Skins']);
  });

  it('--recheck asks arXiv again for the recent papers by id: a withdrawal found is applied, a failure is the recheck job\'s last error', async () => {
    const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const listed = { id: '2612.08001v1', title: 'Quadruped Locomotion from Video', summary: 'A quadruped learns locomotion from video of animals.', published: `${day}T08:00:00Z`, authors: ['Ada Lovelace'], categories: ['cs.AI'] };
    arxiv.days.set(`cs.AI ${day.replaceAll('-', '')}`, [listed]);
    expect((await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.AI', '--date', day], env)).code).toBe(0);
    const topic = async () => (JSON.parse((await runPaperboy(['preview', '--topic', 'quadruped locomotion', '--json'], env)).stdout) as Array<{ title: string }>).map((paper) => paper.title);
    expect(await topic()).toEqual([listed.title]);

    // Withdrawn on arXiv since; the listing of its day is not fetched again.
    arxiv.papers.set('2612.08001', { ...listed, id: '2612.08001v2', comment: 'Withdrawn', updated: new Date().toISOString() });
    const asked = arxiv.requests.length;
    const recheck = await runPaperboy(['fetch', '--source', 'arxiv', '--recheck', '--json'], env);
    expect(recheck.stderr).toBe('');
    expect(recheck.code).toBe(0);
    // The other tests' papers are in the window too (arXiv answers for them as not found here).
    expect(JSON.parse(recheck.stdout)).toMatchObject({ withdrawn: 1, failures: [] });
    expect(arxiv.requests.slice(asked).every((url) => url.searchParams.has('id_list') && url.searchParams.get('max_results') === url.searchParams.get('id_list')!.split(',').length.toString())).toBe(true);
    expect(await topic()).toEqual([]);
    const words = await runPaperboy(['fetch', '--source', 'arxiv', '--recheck'], env);
    expect(words.stdout).toMatch(/^arXiv re-check of the last 14 days: \d+ papers? asked, 1 answered( \(\d+ unknown to arXiv, left as they are\))?, 0 updated, 0 newly withdrawn\.\n$/);

    arxiv.idListFailure = { status: 500 };
    try {
      const failed = await runPaperboy(['fetch', '--source', 'arxiv', '--recheck'], env);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/^paperboy: ids \S+…2612\.08001 \(1 of 1\): HTTP 500 Internal Server Error; nothing changed for those papers, they are asked again at the next re-check\.\n$/);
    } finally {
      arxiv.idListFailure = null;
    }
    const status = JSON.parse((await runPaperboy(['status', '--json'], env)).stdout) as { jobs: Array<{ name: string; lastError: string | null; okAt: string | null }> };
    expect(status.jobs.find((job) => job.name === 'recheck')).toMatchObject({ lastError: expect.stringMatching(/HTTP 500/), okAt: expect.any(String) });
    // status wraps a long job line under its text (11 columns in).
    expect((await runPaperboy(['status'], env)).stdout.replace(/\n {11}/g, ' ')).toMatch(/\n  recheck  last run .*last error: arXiv .*HTTP 500/);

    const misplaced = await runPaperboy(['fetch', '--source', 'arxiv', '--recheck', '--date', day], env);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/--recheck .* without --date or --category/);
    // Each refusal names the flag at fault: --recheck alone was told to drop a --date it did not
    // have, and --category without --source arxiv fetched the daily-papers feed instead.
    const alone = await runPaperboy(['fetch', '--recheck'], env);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--recheck asks arXiv: run fetch --source arxiv --recheck\n/);
    const category = await runPaperboy(['fetch', '--category', 'cs.lg'], env);
    expect(category.code).toBe(2);
    expect(category.stderr).toMatch(/--category lists arXiv categories: run fetch --source arxiv --category cs\.LG\n/);
  });

  it('stops at the first category-day when nothing answers at ARXIV_API_URL, and says to check it', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}/api/query`;
    const result = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.CL,cs.LG'], { ...env, ARXIV_API_URL: nowhere });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^paperboy: cs\.CL \d{4}-\d{2}-\d{2}: fetch failed \(ECONNREFUSED\); nothing was stored for it, run it again later\.$/);
    expect(lines[1]).toBe(`paperboy: nothing answered at ${nowhere} (ARXIV_API_URL): the other 9 category-days were not asked; check the setting, or run it again later.`);
  });

  it('refuses a day that has not come, and says once what is wrong with a date', async () => {
    const before = arxiv.requests.length;
    const future = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.CL', '--date', '2099-01-01'], env);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/^paperboy: --date 2099-01-01 is in the future \(today is \d{4}-\d{2}-\d{2}, UTC\): nothing is listed for it yet\n$/);
    expect((await runPaperboy(['fetch', '--date', '2099-01-01'], env)).code).toBe(2);
    expect(arxiv.requests.length).toBe(before);
    expect((await pageNames()).filter((name) => name.includes('2099'))).toEqual([]);
    const wrong = await runPaperboy(['fetch', '--date', '03/12/2026'], env);
    expect(wrong.stderr).toBe('paperboy: --date must be a date like 2026-11-22\n');
  });

  it('exits 2 on a wrong source or category, without categories, and when the feed or arXiv is off', async () => {
    expect((await runPaperboy(['fetch', '--source', 'rss'], env)).code).toBe(2);
    expect((await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'not a category'], env)).code).toBe(2);
    const none = await runPaperboy(['fetch', '--source', 'arxiv'], { ...env, ARXIV_CATEGORIES: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--category.*ARXIV_CATEGORIES/);
    const off = await runPaperboy(['fetch'], { ...env, FEED_URL: 'off' });
    expect(off.code).toBe(2);
    expect(off.stderr).toMatch(/FEED_URL=off.*or pass --source arxiv/);
    // Both off: arXiv is not offered as the way out (it was refused next).
    const bothOff = await runPaperboy(['fetch'], { ...env, FEED_URL: 'off', ARXIV_API_URL: 'off', ARXIV_CATEGORIES: '' });
    expect(bothOff.stderr).toMatch(/the daily-papers feed is off \(FEED_URL=off\); set FEED_URL to fetch it$/m);
    const arxivOff = await runPaperboy(['fetch', '--source', 'arxiv', '--category', 'cs.CL'], { ...env, ARXIV_API_URL: 'off', ARXIV_CATEGORIES: '' });
    expect(arxivOff.code).toBe(2);
    expect(arxivOff.stderr).toMatch(/arXiv is turned off here \(ARXIV_API_URL=off\)/);
  });
});
