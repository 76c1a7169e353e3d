// The preferences page's feedback cards in Debian's Chromium, at a phone's 390 px: a list of liked
// papers with one line it cannot place comes back beside its field, as typed, and the browser lands
// there; the papers a reader rated stay readable (no button or verdict broken inside a word).
// Screenshots go to test-artifacts/web/preferences-*.png for a person to look at.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorSubscriptionSchema, subscribeConfirmed } from '../../src/subscriptions/index.js';
import { brokenWordsScript, CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../helpers/chromium.js';
import { freePort } from '../helpers/serve.js';
import { startHarness, type Harness } from './harness.js';

const OUT_DIR = fileURLToPath(new URL('../../test-artifacts/web/', import.meta.url));
const hasChromium = chromiumAvailable('preferences browser tests');


describe.skipIf(!hasChromium)('the preferences page on a phone', () => {
  let h: Harness;
  let preferences: string;
  let subscriberId: number;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const port = await freePort();
    h = await startHarness({ env: { PUBLIC_URL: `http://127.0.0.1:${port}`, ARXIV_API_URL: 'off' } });
    const { prisma } = h.app;
    const input = operatorSubscriptionSchema.parse({ email: 'phone@example.org', topics: ['Retrieval and search'], preferences: {} });
    ({ subscriberId } = await subscribeConfirmed(prisma, input, { source: 'cli', defaultTimeZone: 'UTC', now: h.clock.now() }));
    const subscriber = await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriberId } });
    preferences = h.app.links.forSubscriber(subscriber.linkKey).preferences;
    const now = h.clock.now();
    const paper = (title: string, arxivId?: string) =>
      prisma.paper.create({ data: { titleKey: title.toLowerCase(), title, abstract: `${title}: an abstract.`, arxivId, firstSeenAt: now, lastSeenAt: now } });
    await paper('In the Corpus by Id', '2611.08888');
    const grasping = await paper('Robotic Grasping with Tactile Transformers');
    const diffusion = await paper('Escape Sequences in Titles: Consistency Training for Diffusion Models at Scale');
    await prisma.rating.create({ data: { subscriberId, paperId: grasping.id, verdict: 'more' } });
    await prisma.rating.create({ data: { subscriberId, paperId: diffusion.id, verdict: 'less' } });
    await h.server.listen({ port, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('shows a list it cannot add again, beside its field, as typed, and adds none of it', async () => {
    await page.goto(preferences);
    const typed = '2611.08888\n2401.99999\nAttention Is All You Need';
    await page.locator('#liked').fill(typed);
    await page.getByRole('button', { name: 'Add papers' }).click();
    const problem = page.locator('#liked-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain("2401.99999 is not in Paperboy's corpus");
    expect(await page.locator('#liked').inputValue()).toBe(typed);
    // The browser lands on the card with the problem, not at the top of a long page.
    expect(new URL(page.url()).hash).toBe('#liked-papers');
    expect(await problem.isVisible()).toBe(true);
    const box = (await problem.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    await page.screenshot({ path: `${OUT_DIR}preferences-liked-problem-390.png` });
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId } })).toBe(0);

    // Corrected, it is added, and the notice is where the reader lands.
    await page.locator('#liked').fill('2611.08888\nAttention Is All You Need');
    await page.getByRole('button', { name: 'Add papers' }).click();
    const notice = page.locator('#liked-papers [role=status]');
    await notice.waitFor();
    expect(await notice.textContent()).toBe('Added to the papers you like.');
    expect(await notice.isVisible()).toBe(true);
    expect(await page.locator('#liked-papers li').count()).toBe(2);
    await page.screenshot({ path: `${OUT_DIR}preferences-liked-added-390.png` });
  });

  it('keeps the papers a reader rated readable: every row a card on a phone, a table on a laptop', async () => {
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 844 });
      await page.goto(`${preferences}#rated`);
      const rated = page.locator('#rated');
      expect(await rated.textContent()).toContain('Robotic Grasping with Tactile Transformers');
      // No "Un / do", no "more / like / this" one word per line.
      expect(await page.evaluate<string[]>(brokenWordsScript('#rated td:nth-child(n+2), #rated button, #rated th'))).toEqual([]);
      // Each verdict is one line of text, level with its Undo button: [lines, middle of the text, middle of the button].
      const rows = await page.evaluate<Array<[number, number, number]>>(`[...document.querySelectorAll('#rated tbody tr')].map((tr) => {
        const range = document.createRange();
        range.selectNodeContents(tr.children[1]);
        const rects = [...range.getClientRects()];
        const button = tr.querySelector('button').getBoundingClientRect();
        return [new Set(rects.map((r) => Math.round(r.top))).size, (rects[0].top + rects[0].bottom) / 2, (button.top + button.bottom) / 2];
      })`);
      expect(rows).toHaveLength(2);
      for (const [lines, text, button] of rows) {
        expect(lines, `${width}px`).toBe(1);
        expect(Math.abs(text - button), `${width}px`).toBeLessThan(20);
      }
      // The column heading is gone on a phone; each verdict says what it is.
      const label = await page.evaluate<string>(`getComputedStyle(document.querySelector('#rated tbody td:nth-child(2)'), '::before').content`);
      expect(label).toBe(width === 390 ? '"You said: "' : 'none');
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await rated.screenshot({ path: `${OUT_DIR}preferences-rated-${width}.png` });
    }
  });
});
