// The whole reader's journey in Debian's Chromium, against the real server on a real port: subscribe
// with ticked and typed topics, confirm from the email, change preferences, pause and resume,
// unsubscribe from the page, and unsubscribe by a one-click POST as a mail client does. Each page is
// screenshotted at phone and desktop width into test-artifacts/web/ for a person to look at.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../helpers/chromium.js';
import { ingestSeeds } from '../../testkit/seeds.js';
import { startHarness, lastMailTo, subscriberByEmail, type Harness } from './harness.js';

const OUT_DIR = fileURLToPath(new URL('../../test-artifacts/web/', import.meta.url));
const WIDTHS = [375, 1280];
const hasChromium = chromiumAvailable('browser tests');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe.skipIf(!hasChromium)('a reader in a browser', () => {
  let h: Harness;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  /** Screenshots the current page at each width, and checks nothing scrolls sideways on a phone. */
  async function shoot(name: string) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.screenshot({ path: `${OUT_DIR}${name}-${width}.png`, fullPage: true });
      // A string expression: the test code is not compiled with the DOM types.
      const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(scrollWidth, `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
    }
    await page.setViewportSize({ width: WIDTHS[0]!, height: 800 });
  }

  /** A link from a message, pointed at this server. */
  const linkFrom = (text: string | undefined, route: string) => {
    const match = new RegExp(`${base.replace(/[.:/]/g, '\\$&')}/${route}/[A-Za-z0-9_.-]+`).exec(text ?? '');
    if (!match) throw new Error(`no /${route}/ link in ${text}`);
    return match[0];
  };

  beforeAll(async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    h = await startHarness({ env: { PUBLIC_URL: base } });
    // The sample corpus, so that the preferences page has something to say about each topic.
    await ingestSeeds(h.app.db, h.clock.now());
    await h.server.listen({ port, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ timezoneId: 'America/Los_Angeles', locale: 'en-US' });
    // The pages must need nothing from outside.
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    page = await context.newPage();
    page.on('console', (message) => {
      // A 4xx page is the point of some steps; the browser notes each as a failed load.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  });
  beforeEach(() => {
    errors.length = 0;
  });
  // No page may log an error, whatever the test.
  afterEach(() => {
    expect(errors).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  // One reader's way through the pages: each step starts where the last one left off
  // (screenshots 1 to 10), so they are one test, which runs alone and in any order.
  it('subscribes, confirms from the email, changes preferences, pauses, resumes, unsubscribes and can come back', { timeout: 180_000 }, async () => {
    {
      // Subscribes with ticked and typed topics, the time zone taken from the browser.
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(`${base}/`);
      expect(await page.title()).toContain('Paperboy');
      expect(await page.locator('#timeZone').inputValue()).toBe('America/Los_Angeles');
      await shoot('1-subscribe');
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: `${OUT_DIR}1-subscribe-375-dark.png`, fullPage: true });
      await page.emulateMedia({ colorScheme: 'light' });

      // First a mistake: the page comes back with the problem named and the typing kept.
      await page.getByLabel('Your email address').fill('reader@@example.org');
      await page.getByLabel('Large language models').check();
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await expect.poll(() => page.locator('#problems').textContent()).toContain('is not a valid email address');
      expect(await page.getByLabel('Large language models').isChecked()).toBe(true);
      await shoot('2-subscribe-problem');

      await page.getByLabel('Your email address').fill('Reader@Example.org');
      await page.getByLabel('Retrieval and search').check();
      await page.getByLabel('Your own topics').fill('protein folding, robot grasping');
      await page.getByLabel('Every day').check();
      await page.getByLabel('Time of day').selectOption('9');
      await page.getByLabel('Papers per digest').fill('8');
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
      expect(await page.textContent('main')).toContain('Reader@example.org');
      await shoot('3-check-inbox');

      const s = await subscriberByEmail(h, 'Reader@example.org');
      expect(s).toMatchObject({ status: 'pending', sendHour: 9, digestSize: 8, timeZone: 'America/Los_Angeles' });
      expect(s!.interests.map((i) => i.label)).toEqual(['Large language models', 'Retrieval and search', 'protein folding', 'robot grasping']);
    }
    {
      // Confirms from the link in the email and sees what they will get.
      // The confirmation may go out after the answer (the app's mail queue).
      await h.app.mailQueue.drained();
      const mail = lastMailTo(h, 'Reader@example.org');
      expect(mail.subject).toBe('Confirm your Paperboy subscription');
      // The link asks (a mail scanner opening it confirms nothing); the reader's tap confirms.
      await page.goto(linkFrom(mail.text, 'confirm'));
      await page.getByRole('heading', { name: 'Confirm your subscription' }).waitFor();
      expect((await subscriberByEmail(h, 'Reader@example.org'))?.status).toBe('pending');
      await shoot('4-confirm');
      await page.getByRole('button', { name: 'Confirm subscription' }).click();
      await page.getByRole('heading', { name: "You're subscribed!" }).waitFor();
      const text = await page.textContent('main');
      expect(text).toContain('every day at 09:00 (America/Los_Angeles)');
      expect(text).toContain('robot grasping');
      expect(await page.locator('#outlook').textContent()).toContain('robot grasping: nothing at the moment');
      await shoot('4-confirmed');
      expect((await subscriberByEmail(h, 'Reader@example.org'))?.status).toBe('active');
    }
    {
      // Changes preferences, pauses and resumes from the link in the welcome email.
      const welcome = lastMailTo(h, 'Reader@example.org');
      expect(welcome.subject).toBe("You're subscribed to Paperboy");
      await page.goto(linkFrom(welcome.text, 'preferences'));
      await page.getByRole('heading', { name: 'Your preferences' }).waitFor();
      expect(await page.getByLabel('Retrieval and search').isChecked()).toBe(true);
      const outlook = await page.locator('#outlook').textContent();
      expect(outlook).toMatch(/Large language models: 10 or more papers, such as “/);
      // With the word no sample paper uses, so the reader knows what to change.
      expect(outlook).toContain('protein folding: nothing at the moment (no paper uses “protein”)');
      await shoot('5-preferences');

      await page.getByLabel('Retrieval and search').uncheck();
      await page.getByLabel('Vision transformers').check();
      await page.getByLabel('Once a week').check();
      await page.getByLabel('Day (weekly digests)').selectOption({ label: 'Wednesday' });
      await page.getByLabel('Time zone').selectOption('Europe/Berlin');
      await page.getByRole('button', { name: 'Save preferences' }).click();
      await page.getByText('Your preferences are saved.').waitFor();
      await shoot('6-preferences-saved');
      const s = await subscriberByEmail(h, 'Reader@example.org');
      expect(s).toMatchObject({ frequency: 'weekly', sendWeekday: 3, timeZone: 'Europe/Berlin', sendHour: 9 });
      expect(s!.interests.map((i) => i.label)).toEqual(['Large language models', 'Vision transformers', 'protein folding', 'robot grasping']);

      await page.getByRole('button', { name: 'Pause digests' }).click();
      await page.getByRole('button', { name: 'Resume digests' }).waitFor();
      expect((await subscriberByEmail(h, 'Reader@example.org'))?.status).toBe('paused');
      await shoot('7-preferences-paused');
      await page.getByRole('button', { name: 'Resume digests' }).click();
      await page.getByText('Your digests are back on.').waitFor();
      expect((await subscriberByEmail(h, 'Reader@example.org'))?.status).toBe('active');
    }
    {
      // Unsubscribes with the one button on the page, and can come back.
      const welcome = lastMailTo(h, 'Reader@example.org');
      const unsubscribe = linkFrom(welcome.text, 'unsubscribe');
      // The List-Unsubscribe header carries the same link, and no mailto: UNSUBSCRIBE_MAILTO is unset.
      const header = welcome.headerLines.find((l) => l.key === 'list-unsubscribe')?.line ?? '';
      expect(header.replace(/\r?\n[ \t]+/g, ' ')).toBe(`List-Unsubscribe: <${unsubscribe}>`);
      await page.goto(unsubscribe);
      await page.getByRole('heading', { name: 'Unsubscribe from Paperboy?' }).waitFor();
      expect((await subscriberByEmail(h, 'Reader@example.org'))?.status).toBe('active');
      await shoot('8-unsubscribe');
      await page.getByRole('button', { name: 'Unsubscribe' }).click();
      await page.getByRole('heading', { name: "You're unsubscribed" }).waitFor();
      await shoot('9-unsubscribed');
      const s = await subscriberByEmail(h, 'Reader@example.org');
      expect(s?.status).toBe('unsubscribed');
      expect(s!.events.at(-1)).toMatchObject({ type: 'unsubscribed', source: 'web' });

      const goodbye = lastMailTo(h, 'Reader@example.org');
      expect(goodbye.subject).toBe("You're unsubscribed from Paperboy");
      await page.goto(linkFrom(goodbye.text, 'preferences'));
      await page.getByRole('button', { name: 'Resubscribe' }).waitFor();
      await shoot('10-resubscribe');
    }
  });

  it('sends a form once on a double tap, and again once back on the page', async () => {
    // Two taps on Subscribe sent two confirmation emails, the first one's link already revoked by
    // the second; two on Confirm answered "already confirmed" to a first confirmation. The page's
    // submits are watched here (and kept from leaving it): which of them the browser would send.
    await page.goto(`${base}/`);
    await page.evaluate(`document.addEventListener('submit', (e) => { window.__sent.push(!e.defaultPrevented); e.preventDefault(); })`);
    const sentOf = async () => {
      await page.evaluate('window.__sent = []');
      const submit = `document.querySelector('form[action="/subscribe"]').requestSubmit()`;
      await page.evaluate(submit);
      await page.evaluate(submit); // a quarter of a second later, as a second tap
      return page.evaluate<boolean[]>('window.__sent');
    };
    expect(await sentOf()).toEqual([true, false]);
    // Back on the page (the browser keeps it in memory), the form is sent again.
    await page.evaluate(`window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))`);
    expect(await sentOf()).toEqual([true, false]);
  });

  it('unsubscribes by a one-click POST to the List-Unsubscribe URL, no cookie, no token', async () => {
    const answer = await fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'oneclick@example.org', topics: ['Speech and audio'] }),
    });
    expect(answer.status).toBe(202);
    await h.app.mailQueue.drained();
    await page.goto(linkFrom(lastMailTo(h, 'oneclick@example.org').text, 'confirm'));
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    await page.getByRole('heading', { name: "You're subscribed!" }).waitFor();
    const header = lastMailTo(h, 'oneclick@example.org').headerLines.find((l) => l.key === 'list-unsubscribe')?.line ?? '';
    const url = /<(http[^>]+)>/.exec(header)![1]!;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click', redirect: 'manual' });
    expect(res.status).toBe(200);
    const s = await subscriberByEmail(h, 'oneclick@example.org');
    expect(s?.status).toBe('unsubscribed');
    expect(s!.events.at(-1)).toMatchObject({ type: 'unsubscribed', source: 'one-click' });
  });

  it('shows a friendly page for a broken link', async () => {
    const res = await page.goto(`${base}/confirm/not-a-real-token`);
    expect(res?.status()).toBe(404);
    await page.getByRole('heading', { name: "This link doesn't work" }).waitFor();
    await shoot('11-broken-link');
  });

  /** The home page, in a browser whose clock is in this zone (and which reaches nothing but the server). */
  async function homeInZone(timezoneId: string, check: (page: Page) => Promise<void>) {
    const zoned = await browser.newContext({ timezoneId, locale: 'en-US' });
    await zoned.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    try {
      const zonedPage = await zoned.newPage();
      await zonedPage.goto(`${base}/`);
      await check(zonedPage);
    } finally {
      await zoned.close();
    }
  }

  it('names a browser zone at UTC−12 by its offset, not only as Etc/GMT+12 (whose POSIX sign reads as GMT+12)', async () => {
    await homeInZone('Etc/GMT+12', async (westPage) => {
      expect(await westPage.locator('#timeZone').inputValue()).toBe('Etc/GMT+12');
      expect(await westPage.locator('#timeZone option:checked').textContent()).toBe('Etc/GMT+12: UTC−12');
    });
  });

  // Chromium reports Asia/Calcutta for India: the form listed it again above Asia/Kolkata and the
  // reader's pages said "(Asia/Calcutta)".
  it("selects the current name of a zone the browser reports by its old one, without adding it", async () => {
    await homeInZone('Asia/Kolkata', async (indiaPage) => {
      expect(await indiaPage.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('Asia/Calcutta');
      expect(await indiaPage.locator('#timeZone').inputValue()).toBe('Asia/Kolkata');
      expect(await indiaPage.locator('#timeZone option[value="Asia/Calcutta"], #timeZone option:text-is("Asia/Calcutta")').count()).toBe(0);
    });
  });
});
