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
