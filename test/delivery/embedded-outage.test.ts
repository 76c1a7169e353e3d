// The embedded database's owner process dies (SIGKILL) under a `paperboy send --now` attached to
// its socket. The sender must stop handing messages to SMTP at once and, the owner not coming
// back, stop within its bound without marking anything failed; the next run (which becomes the
// owner) finishes the edition. Duplicates: at most the messages in flight at the kill.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { inFlightLimit } from '../../src/delivery/index.js';
import { openTestApp, testEnv } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { duplicatesOf, startCommand, waitFor } from './helpers/child.js';
import { startRecordingSink, type RecordingSink } from './helpers/sink.js';
import { addSubscribers, ingestSeeds } from './helpers/world.js';

const SUBSCRIBERS = Number(process.env.OUTAGE_SUBSCRIBERS ?? 600);
const POOL = 5;
const IN_FLIGHT = inFlightLimit(POOL);

let db: TestDatabase | undefined;
let app: App | undefined;
let sink: RecordingSink | undefined;
let owner: ChildProcess | undefined;
afterEach(async () => {
  owner?.kill('SIGKILL');
  await app?.close().catch(() => {});
  await sink?.close();
  await db?.drop();
  owner = app = sink = db = undefined;
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
  it('stops the sender within its bound, marks nothing failed, and the next run finishes: duplicates ≤ in flight', { timeout: 240_000 }, async () => {
    db = await createTestDatabase('embedded');
    owner = await startOwner(db.dataDir);
    sink = await startRecordingSink();
    app = await openTestApp(db);
    expect(app.db.kind).toBe('embedded-attached');
    await ingestSeeds(app.prisma);
    await addSubscribers(app.prisma, { count: SUBSCRIBERS, topics: 2 });
    const env = testEnv(db, { SMTP_URL: sink.url, SMTP_POOL_SIZE: String(POOL), LOG_LEVEL: 'warn' });

    const send = startCommand(['send', '--now', '--json', '--db-outage', '3'], env);
    await waitFor(() => sink!.accepted.length >= 100, 120_000, send);
    owner.kill('SIGKILL');
    const killedAt = Date.now();
    const atKill = sink.accepted.length;
    const code = await send.exited;
    const stoppedAfterMs = Date.now() - killedAt;
    const afterKill = sink.accepted.length - atKill;
    expect(code, send.stderr()).toBe(1);
    expect(send.stderr()).toMatch(/^paperboy: the database did not answer for \d+ s .*left for the next run$/m);
    expect(stoppedAfterMs).toBeLessThan(15_000);
    expect(afterKill).toBeLessThanOrEqual(IN_FLIGHT);
    await app.close().catch(() => {});
    app = undefined;

    // The next run finds the owner dead, opens the directory itself (WAL recovery) and finishes.
    const rerun = startCommand(['send', '--now', '--json'], env);
    expect(await rerun.exited, rerun.stderr()).toBe(0);
    app = await openTestApp(db);
    const rows = await app.prisma.delivery.findMany({ select: { status: true, messageId: true, attempts: true } });
    expect(rows).toHaveLength(SUBSCRIBERS);
    expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'skipped')).toEqual([]);
    expect(rows.filter((r) => r.attempts > 0)).toEqual([]);
    const accepted = new Set(sink.accepted.map((m) => m.messageId));
    expect(rows.filter((r) => r.status === 'sent' && !accepted.has(r.messageId))).toEqual([]);
    console.info(
      `embedded owner killed after ${atKill} accepted: the attached sender stopped in ${stoppedAfterMs} ms with ${afterKill} more accepted; ` +
        `${duplicatesOf(sink.accepted)} duplicate(s) of ${SUBSCRIBERS} after the next run`,
    );
    expect(duplicatesOf(sink.accepted)).toBeLessThanOrEqual(IN_FLIGHT);
  });
});
