// `paperboy preview` and `paperboy fetch` as a user runs them: arguments, output, exit codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { startFeedServer, type FeedServer } from './feed-server.js';

describe('preview and fetch commands', () => {
  let db: TestDatabase;
  let feed: FeedServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    feed = await startFeedServer({ '2026-11-20': { file: '2026-11-20.json' }, '2026-11-21': { status: 500 } });
    env = testEnv(db, { FEED_URL: feed.url });
    expect((await runPaperboy(['ingest'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await feed?.close();
    await db?.drop();
  });

  it('preview --json prints the ranked papers with exactly the documented fields, best first', async () => {
    const result = await runPaperboy(['preview', '--topic', 'diffusion models', '--topic', 'GANs', '--limit', '4', '--json'], env);
    expect(result.code).toBe(0);
    const papers = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(papers).toHaveLength(4);
    for (const paper of papers) {
      expect(Object.keys(paper).sort()).toEqual(['authorCount', 'authors', 'id', 'links', 'publishedAt', 'reasons', 'score', 'title', 'upvotes']);
      const links = paper.links as Record<string, string | null>;
      expect(Object.keys(links).sort()).toEqual(['abs', 'code', 'hf', 'pdf', 'search']);
      // An arXiv id gives the abstract, the PDF and the Hugging Face page; without one, a title search.
      if (links.abs) expect([links.abs, links.pdf, links.hf, links.search]).toEqual([expect.stringMatching(/^https:\/\/arxiv\.org\/abs\//), expect.stringMatching(/^https:\/\/arxiv\.org\/pdf\//), expect.stringMatching(/^https:\/\/huggingface\.co\/papers\//), null]);
      else expect(links.search).toMatch(/^https:\/\/arxiv\.org\/search\/\?query=.+&searchtype=title$/);
      expect(Array.isArray(paper.authors)).toBe(true);
      expect(Number.isInteger(paper.id)).toBe(true);
      expect((paper.reasons as Array<{ topic: string; words: string[] }>)[0]!.words.length).toBeGreaterThan(0);
    }
    const scores = papers.map((paper) => paper.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // Both topics get a place, each named as the catalogue names it ("GANs" is its alias).
    const topics = new Set(papers.flatMap((paper) => (paper.reasons as Array<{ topic: string }>).map((reason) => reason.topic)));
    expect(topics).toEqual(new Set(['Diffusion models', 'Generative adversarial networks']));
  });

  it('preview explains the ranking to a person and says so when nothing matches', async () => {
    const human = await runPaperboy(['preview', '--topic', 'speech'], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^ 1\. /m);
    expect(human.stdout).toMatch(/matched: Speech and audio \(/);
    // Within 80 columns but for the links, which stay whole so that they still open.
    for (const line of human.stdout.split('\n').filter((l) => !/https?:\/\//.test(l))) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(human.stdout).toMatch(/^ {4}score [^\n]+\n {4}\S/m);
    const none = await runPaperboy(['preview', '--topic', 'underwater basket weaving'], env);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/No new paper matches underwater basket weaving/);
    expect(none.stdout).not.toMatch(/Did you mean/);
    const slip = await runPaperboy(['preview', '--topic', 'difusion models'], env);
    expect(slip.stdout).toMatch(/No new paper matches difusion models/);
    expect(slip.stdout).toContain('Did you mean "diffusion models"?');
    for (const line of [...none.stdout.split('\n'), ...slip.stdout.split('\n')]) expect(line.length, line).toBeLessThanOrEqual(80);
    // A correctly spelt topic the window lacks is not "corrected" into one that finds papers on part
    // of its words ("quantum error collection": papers on "error").
    const absent = await runPaperboy(['preview', '--topic', 'quantum error correction'], env);
    expect(absent.stdout).toMatch(/No new paper matches quantum error correction/);
    expect(absent.stdout).not.toMatch(/Did you mean/);
    // The word no paper uses is named, so the reader knows what to change; a slip's too.
    expect(absent.stdout).toContain('"quantum error correction": no paper of the last 14 days uses "quantum".');
    expect(slip.stdout).toMatch(/No paper uses "difusion"; "diffusion models"\s+finds papers\./);
    expect(none.stdout).toMatch(/uses "underwater",\s+"basket"\s+or\s+"weaving"/);
  });

  it('preview rejects a missing topic or a bad limit with exit code 2', async () => {
    expect((await runPaperboy(['preview'], env)).code).toBe(2);
    const bad = await runPaperboy(['preview', '--topic', 'diffusion', '--limit', '0'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--limit/);
  });

  it('fetch ingests a feed day from FEED_URL, then finds it unchanged', async () => {
    const first = await runPaperboy(['fetch', '--date', '2026-11-20', '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ page: 'feed:2026-11-20', date: '2026-11-20', entries: 2, new: 1, updated: 1, leftOut: 0, unchanged: false });
    const again = await runPaperboy(['fetch', '--date', '2026-11-20'], env);
    expect(again.stdout).toMatch(/unchanged/);
  });

  it("fetch without --date fetches today and yesterday as the service does, and is the fetch job's run: status shows it", async () => {
    type Jobs = { jobs: Array<{ name: string; okAt: string | null; lastError: string | null }> };
    const fetchJob = async () => (JSON.parse((await runPaperboy(['status', '--json'], env)).stdout) as Jobs).jobs.find((job) => job.name === 'fetch');
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    expect(await fetchJob()).toMatchObject({ okAt: null });
    // Yesterday refused: today is stored all the same, and the job's last error names yesterday.
    feed.answers.set(day(-1), { status: 503 });
    const partly = await runPaperboy(['fetch', '--json'], env);
    expect(partly.code).toBe(3);
    expect(JSON.parse(partly.stdout)).toEqual([{ page: `feed:${day(0)}`, date: day(0), entries: 0, new: 0, updated: 0, leftOut: 0, unchanged: false }]);
    expect(partly.stderr).toMatch(new RegExp(`^paperboy: feed \\S+\\?date=${day(-1)}: HTTP 503 Service Unavailable; nothing was stored for it, run it again later\\.\\n$`));
    expect(await fetchJob()).toMatchObject({ okAt: null, lastError: expect.stringContaining(`${day(-1)}: HTTP 503`) });
    feed.answers.delete(day(-1));
    const done = await runPaperboy(['fetch'], env);
    expect(done.code).toBe(0);
    expect(done.stdout).toBe(`feed:${day(-1)}: 0 entries, 0 new, 0 updated.\nfeed:${day(0)}: unchanged since the last fetch (0 entries), nothing to do.\n`);
    expect(await fetchJob()).toMatchObject({ okAt: expect.any(String), lastError: null });
    // Another day is not the job's work, and leaves its record alone.
    const before = await fetchJob();
    expect((await runPaperboy(['fetch', '--date', '2026-11-21'], env)).code).toBe(1);
    expect(await fetchJob()).toEqual(before);
  });

  it('fetch exits 2 on a bad date and 1 when the feed fails, storing nothing', async () => {
    const bad = await runPaperboy(['fetch', '--date', '2026-02-30'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--date/);
    const failed = await runPaperboy(['fetch', '--date', '2026-11-21'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/HTTP 500/);
    expect(failed.stderr).toMatch(/nothing was stored/);
  });
});
