// Without SMTP_URL, messages are written to OUTBOX_DIR. An outbox that cannot be written is the
// operator's setting, not a recipient's failure: the run stops at once, says so in one line and
// exits 2, and no delivery is marked attempted.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sendDigests } from '../../src/delivery/index.js';
import { openTestApp, testEnv } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, tempDir } from '../../testkit/database.js';
import { addSubscribers } from './helpers/world.js';
import { ingestSeeds } from '../../testkit/seeds.js';
import { perTestFixture } from './helpers/fixture.js';

const t = perTestFixture();

async function world(outboxDir: string) {
  t.db = await createTestDatabase('postgres');
  t.app = await openTestApp(t.db, { env: { OUTBOX_DIR: outboxDir } });
  await ingestSeeds(t.app.db);
  await addSubscribers(t.app.prisma, { count: 20, topics: 2 });
}

const untouched = async () => (await t.app!.prisma.delivery.findMany()).filter((d) => d.status !== 'pending' || d.attempts > 0 || d.lastError !== null);

describe('an outbox that cannot be written', () => {
  it('stops `send` at once with one line and exit 2, nothing attempted', async () => {
    // The tests may run as root, for whom permissions do not stop a write: a path through a file does.
    const blocker = path.join(tempDir('paperboy-outbox-'), 'a-file');
    writeFileSync(blocker, '');
    const outbox = path.join(blocker, 'outbox');
    await world(outbox);
    const started = Date.now();
    const result = await runPaperboy(['send', '--now'], testEnv(t.db!, { OUTBOX_DIR: outbox, LOG_LEVEL: 'warn' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`paperboy: OUTBOX_DIR: cannot write to ${outbox} (ENOTDIR): make it a writable folder, or set SMTP_URL to send through a relay\n`);
    expect(result.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await t.app!.prisma.delivery.count()).toBe(0); // stopped before planning
  });

  it('stops a run whose outbox becomes unwritable midway, leaving the rest pending and unattempted', async () => {
    const outbox = path.join(tempDir('paperboy-outbox-'), 'outbox');
    mkdirSync(outbox);
    await world(outbox);
    const deps = await t.app!.deliveryDeps();
    // After the run's own check passes, the folder goes: the first write finds a file in its place.
    const verify = deps.mailer.verify!.bind(deps.mailer);
    deps.mailer.verify = async () => {
      await verify();
      readdirSync(outbox); // it was there
      rmSync(outbox, { recursive: true });
      writeFileSync(outbox, '');
    };
    await expect(sendDigests(deps, { mode: 'now' })).rejects.toThrow(/^OUTBOX_DIR: cannot write to .* \((ENOTDIR|EEXIST)\)/);
    expect(await untouched()).toEqual([]);
    expect(await t.app!.prisma.delivery.count()).toBe(20);
  });
});
