// Debian's Chromium for the browser tests. On a developer's machine without it the browser tests
// skip with a warning; in CI (CI=true) a missing Chromium is a failure, so a green CI always means
// the pages were really looked at.
import { existsSync } from 'node:fs';

/** Debian's path; CHROMIUM_PATH names another build (or a missing one, to check the CI rule below). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags every browser test launches Chromium with (no network chatter on a closed machine). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Whether the browser tests can run; throws in CI when Chromium is missing. */
export function chromiumAvailable(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${what}: ${CHROMIUM} is missing (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true, so this fails instead of skipping`);
  console.warn(`Skipping ${message}`);
  return false;
}

/**
 * A script for page.evaluate: the words inside `selector` that the browser laid out over more than
 * one line ("Un / do"), and with `overflow`, elements whose text overflows them. A string, because
 * the tests are not compiled with DOM types.
 */
export function brokenWordsScript(selector: string, options: { overflow?: boolean } = {}): string {
  return `(() => {
  const broken = [];
  for (const el of document.querySelectorAll(${JSON.stringify(selector)})) {
    ${options.overflow ? "if (el.scrollWidth > el.clientWidth + 1) broken.push(el.tagName + ' overflows: ' + el.textContent);" : ''}
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(el.tagName + ' breaks "' + match[0] + '"');
      }
    }
  }
  return broken;
})()`;
}
