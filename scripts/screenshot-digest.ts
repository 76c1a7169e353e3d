// Rewrites docs/digest.png, the README's picture of a digest, from the golden email the render
// tests check (test/fixtures/digest/golden/digest-typical.html), so that the picture shows what the
// renderer makes today. Run after UPDATE_GOLDEN=1 changed that file: `npx tsx scripts/screenshot-digest.ts`.
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/helpers/chromium.js';

const html = await readFile(new URL('../test/fixtures/digest/golden/digest-typical.html', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 }, colorScheme: 'light' });
  // No network: the email's images (none today) and fonts come from nowhere.
  await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
  await page.setContent(html, { waitUntil: 'load' });
  await page.screenshot({ path: new URL('../docs/digest.png', import.meta.url).pathname, fullPage: true });
} finally {
  await browser.close();
}
console.log('docs/digest.png rewritten from digest-typical.html');
