// The operator's /admin page in Debian's Chromium, at a laptop's 800 px and a phone's 390 px: no
// heading or table header breaks inside a word, nothing scrolls the page sideways (wide tables
// scroll inside their card), times are in the operator's zone (TZ) and say which, the footer is
// the admin's own, and every scheduled job shows its last runs with outcome and counts, a run that
// recorded no end included: one perhaps still running, and one killed before the next began.
// Screenshots go to test-artifacts/web/admin-<width>.png for a person to look at.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFiles, listPageFiles } from '../../src/corpus/index.js';
import { claimantName } from '../../src/delivery/claimant.js';
import { runSend } from '../../src/delivery/index.js';
import { createScheduler, recordJobStart } from '../../src/schedule/index.js';
import { operatorSubscriptionSchema, subscribeConfirmed } from '../../src/subscriptions/index.js';
import { brokenWordsScript, CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../helpers/chromium.js';
import { SEEDS_DIR } from '../../testkit/paths.js';
import { freePort } from '../helpers/serve.js';
import { startHarness, type Harness } from './harness.js';

const OUT_DIR = fileURLToPath(new URL('../../test-artifacts/web/', import.meta.url));
const ADMIN_TOKEN = 'admin-token-for-browser-tests-0123';
const hasChromium = chromiumAvailable('admin browser tests');

/** Words of headings and header cells laid out on more than one line, and cells whose text overflows. */
const BROKEN_HEADERS = brokenWordsScript('h1, h2, h3, th, .badge', { overflow: true });

describe.skipIf(!hasChromium)('the admin page in a browser', () => {
  let h: Harness;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    h = await startHarness({ env: { PUBLIC_URL: base, ADMIN_TOKEN, TZ: 'America/New_York' } });
    const { prisma } = h.app;
    await ingestFiles(h.app.db, await listPageFiles([SEEDS_DIR]), { now: h.clock.now() });
    for (const email of ['ada.lovelace@example.org', 'grace.hopper@example.org', 'alan.turing@example.org']) {
      const input = operatorSubscriptionSchema.parse({ email, topics: ['Diffusion models', 'Reinforcement learning from human feedback'], preferences: {} });
      await subscribeConfirmed(prisma, input, { source: 'cli', defaultTimeZone: 'UTC', now: h.clock.now() });
    }
    await runSend(await h.app.deliveryDeps(), { mode: 'now' });
    const failed = await prisma.delivery.findFirstOrThrow();
    await prisma.delivery.update({
      where: { id: failed.id },
      data: { status: 'failed', attempts: 5, lastError: '451 4.7.1 Greylisted, please try again later (gave up after repeated temporary failures)' },
    });
    // Real runs through the scheduler: the send and ingest jobs succeed, the feed fetch fails.
    const scheduler = createScheduler({ prisma, log: h.app.log, clock: h.clock }, [
      { name: 'send', cron: '0 0 1 1 *', runAtStart: true, run: async () => runSend(await h.app.deliveryDeps(), { mode: 'due' }) },
      { name: 'ingest', cron: '0 0 1 1 *', runAtStart: true, run: async () => (await ingestFiles(h.app.db, await listPageFiles([SEEDS_DIR]), { now: h.clock.now() })).summary },
      { name: 'fetch', cron: '0 0 1 1 *', runAtStart: true, run: () => Promise.reject(new Error('https://huggingface.co/api/daily_papers answered 503 Service Unavailable')) },
    ]);
    scheduler.start();
    for (let tries = 0; (await prisma.jobRunRecord.count({ where: { finishedAt: { not: null } } })) < 3; tries++) {
      if (tries > 300) throw new Error('the scheduled jobs did not finish');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await scheduler.stop();
    // An ingest started an hour later and recorded no end (in progress, or its process gone).
    await prisma.jobRun.update({ where: { name: 'ingest' }, data: { startedAt: new Date(h.clock.now().getTime() + 3_600_000) } });
    // A send begun an hour before the one that succeeded, by a process since gone (kill -9).
    const gone = claimantName('send', spawnSync(process.execPath, ['-e', '']).pid);
    await recordJobStart(prisma, { name: 'send', startedAt: new Date(h.clock.now().getTime() - 3_600_000), startedBy: gone });
    await h.server.listen({ port, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // A browser in another zone than the operator's TZ: the page follows TZ.
    const context = await browser.newContext({ timezoneId: 'Asia/Tokyo', locale: 'en-US' });
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  for (const width of [800, 390]) {
    it(`reads well at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}/admin?token=${ADMIN_TOKEN}`);
      await page.getByRole('heading', { name: 'Paperboy at a glance' }).waitFor();
      await page.screenshot({ path: `${OUT_DIR}admin-${width}.png`, fullPage: true });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: `${OUT_DIR}admin-${width}-dark.png`, fullPage: true });
      await page.emulateMedia({ colorScheme: 'light' });
      expect(await page.evaluate<string[]>(BROKEN_HEADERS)).toEqual([]);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth'), 'the page scrolls sideways').toBeLessThanOrEqual(width);
      // Tables fit their card: on a phone they stack into one block per row instead of scrolling.
      const clipped = await page.evaluate<string[]>(`[...document.querySelectorAll('.scroll')].filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.closest('.card').querySelector('h2').textContent)`);
      expect(clipped, 'tables that need scrolling sideways').toEqual([]);
    });
  }

  it('shows times in the operator zone, its own footer, and the last run of every job', async () => {
    await page.goto(`${base}/admin?token=${ADMIN_TOKEN}`);
    await page.getByRole('heading', { name: 'Paperboy at a glance' }).waitFor();
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('Times in America/New_York');
    // The runs happened at 06:00 UTC on Sunday 22 November 2026: 01:00 in New York.
    expect(main).toContain('Sun, 22 Nov 2026, 01:00');
    expect(main).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    // The failed digest is named under the editions with the command that sends it again, as `paperboy status` says it.
    expect(main).toMatch(/Failed: 1 digest of these editions gave up after repeated failures; paperboy retry --failed sends it again/);
    const footer = (await page.textContent('footer')) ?? '';
    expect(footer).toContain('Paperboy admin');
    expect(footer).not.toContain('No account, no password');
    // A job's heading is its name, with an "off" badge when its settings keep it from running.
    const job = async (name: string) => (await page.locator('section.job', { has: page.locator('h3', { hasText: new RegExp(`^${name}(\\s|$)`) }) }).textContent()) ?? '';
    expect(await job('send')).toMatch(/succeeded[\s\S]*\d+ subscribers · \d+ sent · \d+ skipped · \d+ failed/);
    // The killed send is still listed, under the run that followed it, as `paperboy status` says it.
    expect(await job('send')).toMatch(/succeeded[\s\S]*did not finish started Sun, 22 Nov 2026, 00:00\s*its process is gone \(killed, or it stopped with the database away\)\s*$/);
    expect(await job('ingest')).toMatch(/succeeded[\s\S]*\d+ pages · \d+ entries · 0 new · 0 updated · \d+ unchanged/);
    // The run that recorded no end comes first, in `paperboy status`'s words, dated by its start.
    expect(await job('ingest')).toMatch(/^\s*ingest\s*no end recorded started Sun, 22 Nov 2026, 02:00\s*still running, or it stopped with the database away\s*succeeded/);
    // The harness runs with FEED_URL=off: the fetch job's runs are from before, and it says so.
    expect(await job('fetch')).toMatch(/fetch\s*off[\s\S]*Not scheduled: FEED_URL=off; its last runs, from before:[\s\S]*failed[\s\S]*answered 503 Service Unavailable/);
    // A job its settings turn off says so and by which setting, not "no run recorded yet".
    expect(await job('arxiv')).toMatch(/arxiv\s*off[\s\S]*Not scheduled: ARXIV_CATEGORIES is empty\./);
    expect(await job('arxiv')).not.toContain('No run recorded yet');
    expect(main).toContain('Greylisted');
    expect(main).not.toContain('example.org');
  });
});
