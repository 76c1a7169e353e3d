// The newcomer's path on the embedded database: the service runs (`npm start`), and in another
// terminal `paperboy subscribe` and `paperboy send --now` work beside it and leave a readable
// digest in the outbox. Then the service stops cleanly, and survives a hard kill.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { SEEDS_DIR } from '../../testkit/paths.js';
import { freePort, startServe } from '../helpers/serve.js';

// Each test starts real processes (the service, then commands beside it, each opening the embedded
// database): 35–50 s on a shared 2-core machine, so the suite's 60 s would fail them on load alone.
describe('newcomer on the embedded database', { timeout: 150_000 }, () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  // A data directory per test: the second test's subscriber must not meet the first one's send.
  beforeEach(async () => {
    db = await createTestDatabase('embedded');
    env = {
      DATA_DIR: db.dataDir,
      OUTBOX_DIR: path.join(db.dataDir, 'outbox'),
      SEEDS_DIR,
      LOG_LEVEL: 'info',
    };
  });
  afterEach(async () => db?.drop());

  it('subscribes and sends beside a running service, then stops cleanly', async () => {
    const port = await freePort();
    const serve = await startServe({ ...env, PUBLIC_URL: `http://localhost:${port}` }, port);
    try {
      const subscribe = await runPaperboy(['subscribe', 'you@example.org', '--topic', 'diffusion models'], env);
      expect(subscribe.stderr).toBe('');
      expect(subscribe.code).toBe(0);
      const send = await runPaperboy(['send', '--now'], env);
      expect(send.code).toBe(0);
      expect(send.stdout).toMatch(/1 active subscriber considered: 1 digest sent\./);
      const files = readdirSync(env.OUTBOX_DIR!).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(1);
      const mail = await simpleParser(readFileSync(path.join(env.OUTBOX_DIR!, files[0]!)));
      expect(mail.to && JSON.stringify(mail.to)).toContain('you@example.org');
      expect(mail.subject).toMatch(/diffusion models/i);
      expect(mail.text).toMatch(/diffusion/i);
      expect(mail.html).toMatch(/<html/i);
    } finally {
      serve.child.kill('SIGTERM');
    }
    expect(await serve.exited).toBe(0);
    expect(serve.output()).toMatch(/stopped/);
    expect(existsSync(path.join(db.dataDir, 'pglite.lock'))).toBe(false);
  });

  it('comes back after a hard kill with its data', async () => {
    const port = await freePort();
    const first = await startServe(env, port);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(path.join(db.dataDir, 'pglite.lock'))).toBe(true);
    const second = await startServe(env, port);
    try {
      const status = await runPaperboy(['subscribe', 'again@example.org', '--topic', 'LLMs', '--json'], env);
      expect(status.code).toBe(0);
      expect(second.output()).toMatch(/not shut down cleanly/);
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exited).toBe(0);
  });
});
