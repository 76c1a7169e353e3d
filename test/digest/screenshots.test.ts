// Renders the emails in Chromium at phone and desktop widths, light and dark, and saves screenshots
// to test-artifacts/digest/ for a person to look at. Also checks what a machine can: no sideways
// scrolling on a phone, and a dark page in dark mode.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../helpers/chromium.js';
import { createRenderer, type Renderer } from '../../src/digest/render.js';
import { confirmationInput, goodbyeInput, typicalView, weeklyOlderView, welcomeInput } from '../../testkit/digest-views.js';
import { TEMPLATES_DIR } from './templates-dir.js';

const OUT_DIR = fileURLToPath(new URL('../../test-artifacts/digest/', import.meta.url));
const hasChromium = chromiumAvailable('email screenshots');

describe.skipIf(!hasChromium)('emails in a browser', () => {
  let browser: Browser;
  let renderer: Renderer;

  beforeAll(async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    renderer = await createRenderer({ templatesDir: TEMPLATES_DIR });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const emails = () => ({
    digest: renderer.digest(typicalView).html,
    'digest-weekly-older': renderer.digest(weeklyOlderView).html,
    confirmation: renderer.confirmation(confirmationInput).html,
    welcome: renderer.welcome(welcomeInput).html,
    goodbye: renderer.goodbye(goodbyeInput).html,
  });

  for (const width of [375, 800]) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`renders at ${width}px in ${scheme} mode`, async () => {
        for (const [name, html] of Object.entries(emails())) {
          // Only the digest is required at both widths; the short emails are checked on a phone.
          if (!name.startsWith('digest') && width !== 375) continue;
          const page = await browser.newPage({ viewport: { width, height: 900 } });
          try {
            // No network: the emails must not need anything from outside.
            await page.route('**/*', (route) => route.abort());
            await page.emulateMedia({ colorScheme: scheme });
            await page.setContent(html, { waitUntil: 'load' });
            await page.screenshot({ path: `${OUT_DIR}${name}-${width}-${scheme}.png`, fullPage: true });

            // Strings, not functions: the project compiles without the DOM library.
            const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
            expect(scrollWidth, `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
            // "More like this" and "Less like this" are targets a finger can hit (about 44 px).
            const heights = await page.evaluate<number[]>("[...document.querySelectorAll('.pb-fb a')].map((a) => a.getBoundingClientRect().height)");
            for (const height of heights) expect(height, `${name}: a feedback link ${height}px tall`).toBeGreaterThanOrEqual(40);
            // A paper's links, the web view's and the footer's: at least 24 px (WCAG 2.5.8); 12 px
            // text made the footer's 14 px.
            const small = await page.evaluate<Array<[string, number]>>("[...document.querySelectorAll('.pb-links a, .pb-nav a')].map((a) => [a.textContent, a.getBoundingClientRect().height])");
            if (name.startsWith('digest')) expect(small.length, `${name}: links found`).toBeGreaterThan(0);
            for (const [text, height] of small) expect(height, `${name}: "${text}" ${height}px tall`).toBeGreaterThanOrEqual(24);
            const background = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
            const [r = 0, g = 0, b = 0] = background.match(/\d+/g)!.map(Number);
            const light = (r + g + b) / 3 > 128;
            expect(light, `${name} background in ${scheme} mode is ${background}`).toBe(scheme === 'light');
          } finally {
            await page.close();
          }
        }
      });
    }
  }
});
