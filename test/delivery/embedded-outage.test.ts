// The embedded database's owner process dies (SIGKILL) under a `paperboy send --now` attached to
// its socket. The sender must stop handing messages to SMTP at once and, the owner not coming
// back, stop within its bound without marking anything failed; the next run (which becomes the
// owner) finishes the edition. Duplicates: at most the messages in flight at the kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inFlightLimit } from '../../src/delivery/index.js';
import { openTestApp, testEnv } from '../../testkit/app.js';
import { createTestDatabase } from '../../testkit/database.js';
import { REPO_ROOT, SEEDS_DIR } from '../../testkit/paths.js';
import { duplicatesOf, startCommand, waitFor } from './helpers/child.js';
import { startRecordingSink } from '../../testkit/recording-sink.js';
import { addSubscribers } from './helpers/world.js';
import { ingestSeeds } from '../../testkit/seeds.js';
import { expectAllDelivered, perTestFixture } from './helpers/fixture.js';

const SUBSCRIBERS = Number(process.env.OUTAGE_SUBSCRIBERS ?? 600);
const POOL = 5;
const IN_FLIGHT = inFlightLimit(POOL);

const t = perTestFixture();
let owner: ChildProcess | undefined;
afterEach(() => {
  owner?.kill('SIGKILL');
  owner = undefined;
});

async function startOwner(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'helpers/embedded-owner.ts'), dataDir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  await waitFor(() => out.includes('ready') || child.exitCode !== null, 60_000);
  if (child.exitCode !== null) throw new Error(`the owner exited with ${child.exitCode}`);
  return child;
}

describe('the embedded owner killed under an attached sender', () => {
  it('stops the sender within its bound, marks nothing failed, and the next run finishes, sending nothing twice', { timeout: 240_000 }, async () => {
    t.db = await createTestDatabase('embedded');
    owner = await startOwner(t.db.dataDir);
    t.sink = await startRecordingSink();
    t.app = await openTestApp(t.db);
    expect(t.app.db.kind).toBe('embedded-attached');
    await ingestSeeds(t.app.db);
    await addSubscribers(t.app.prisma, { count: SUBSCRIBERS, topics: 2 });
    const env = testEnv(t.db, { SMTP_URL: t.sink.url, SMTP_POOL_SIZE: String(POOL), LOG_LEVEL: 'warn' });

    const send = startCommand(['send', '--now', '--json', '--db-outage', '3'], env);
    await waitFor(() => t.sink!.accepted.length >= 100, 120_000, send);
    owner!.kill('SIGKILL');
    const killedAt = Date.now();
    const atKill = t.sink.accepted.length;
    const code = await send.exited;
    const stoppedAfterMs = Date.now() - killedAt;
    const afterKill = t.sink.accepted.length - atKill;
    expect(code, send.stderr()).toBe(1);
    expect(send.stderr()).toMatch(/^paperboy: the database did not answer for \d+ s .*left for the next run$/m);
    // …and says why no retry could help, and what to do: the process it reached the database through died.
    expect(send.stderr()).toMatch(/^paperboy: The embedded database was served by another paperboy \(process \d+, socket in .*\), which has stopped\. Run the command again/m);
    // The bookkeeping that failed with it is one line, not one per write.
    expect(send.stderr().match(/not recorded in the job history/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(stoppedAfterMs).toBeLessThan(15_000);
    expect(afterKill).toBeLessThanOrEqual(IN_FLIGHT);
    await t.app.close().catch(() => {});
    t.app = undefined;

    // The next run finds the owner dead, opens the directory itself (WAL recovery) and finishes.
    const rerun = startCommand(['send', '--now', '--json'], env);
    expect(await rerun.exited, rerun.stderr()).toBe(0);
    t.app = await openTestApp(t.db);
    await expectAllDelivered(t.app, t.sink, SUBSCRIBERS);
    expect(await t.app.prisma.delivery.count({ where: { attempts: { gt: 0 } } })).toBe(0);
    console.info(
      `embedded owner killed after ${atKill} accepted: the attached sender stopped in ${stoppedAfterMs} ms with ${afterKill} more accepted; ` +
        `${duplicatesOf(t.sink.accepted)} duplicate(s) of ${SUBSCRIBERS} after the next run`,
    );
    // What the server accepted while "sent" could not be written is in the stopped sender's journal,
    // which the next run records before claiming: none of it goes twice (11–20 did before).
    expect(duplicatesOf(t.sink.accepted)).toBe(0);
  });
});

describe('the embedded owner stopped gracefully under an attached command', () => {
  it('keeps serving it until it ends, so that nothing it had in flight is lost or sent twice', { timeout: 240_000 }, async () => {
    t.db = await createTestDatabase('embedded');
    owner = await startOwner(t.db.dataDir);
    // Enough pages for the ingest to be under way when the owner is stopped: the seeds, many times over.
    const pages = mkdtempSync(path.join(tmpdir(), 'paperboy-pages-'));
    for (let copy = 0; copy < 40; copy++) {
      for (const name of readdirSync(SEEDS_DIR)) writeFileSync(path.join(pages, `${copy}-${name}`), readFileSync(path.join(SEEDS_DIR, name)));
    }
    const env = testEnv(t.db, { LOG_LEVEL: 'warn' });
    const ingest = startCommand(['ingest', pages, '--json'], env);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(ingest.child.exitCode, ingest.stderr()).toBeNull();
    const ownerExited = new Promise<number | null>((resolve) => (owner!.exitCode !== null ? resolve(owner!.exitCode) : owner!.once('exit', (code) => resolve(code))));
    owner!.kill('SIGTERM');
    // Cut off, it ended with "the database did not answer", and a send lost what it had in flight.
    expect(await ingest.exited, ingest.stderr()).toBe(0);
    expect(JSON.parse(ingest.stdout()).pages).toBe(readdirSync(pages).length);
    expect(await ownerExited).toBe(0);
    owner = undefined;
  });
});
