// Opens the real application (composition root) against a test database, SMTP sink or outbox.
import path from 'node:path';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { openApp } from '../src/main.js';
import type { Clock } from '../src/shared/clock.js';
import { createLogger, type Logger } from '../src/shared/logger.js';
import type { TestDatabase } from './database.js';
import { tempDir } from './database.js';
import { SEEDS_DIR } from './paths.js';

export { REPO_ROOT, SEEDS_DIR } from './paths.js';
export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export function testEnv(db: TestDatabase, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
    APP_SECRET: TEST_SECRET,
    OUTBOX_DIR: path.join(tempDir('paperboy-outbox-'), 'outbox'),
    SEEDS_DIR,
    PUBLIC_URL: 'http://paperboy.test',
    MAIL_FROM: 'Paperboy <digest@paperboy.test>',
    LOG_LEVEL: 'silent',
    // Live sources are on by default; tests never reach the internet (they pass a local server).
    FEED_URL: 'off',
    // Liked papers named by an unknown arXiv id are looked up there: a closed port, refused at once.
    ARXIV_API_URL: 'http://127.0.0.1:9/api/query',
    ...extra,
  };
}

/** `log`: the app's logger, where a test reads what was logged (else JSON lines on stderr). */
export async function openTestApp(db: TestDatabase, options: { clock?: Clock; env?: Record<string, string | undefined>; log?: Logger } = {}): Promise<App> {
  const config = loadConfig(testEnv(db, options.env));
  return openApp({ config, clock: options.clock, log: options.log ?? createLogger(config.logLevel) });
}
