// Crash safety, for real: `paperboy send --now` (the CLI, in a child process) sends to thousands of
// subscribers through an SMTP server and is killed with SIGKILL at random moments (during start-up,
// planning, building or sending), then restarted, again and again. Afterwards every subscriber
// has exactly one accepted digest, except for duplicates, which must be messages the server had
// accepted while their row was not yet marked sent at a kill (in flight: at most the send
// concurrency per kill). The restarted process takes over the dead one's claims at once.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, testEnv } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { REPO_ROOT } from '../../testkit/paths.js';
import type { App } from '../../src/app.js';
import { inFlightLimit } from '../../src/delivery/index.js';
import { startRecordingSink, type RecordingSink } from '../../testkit/recording-sink.js';
import { addSubscribers, seededRandom, sleep } from './helpers/world.js';
import { ingestSeeds } from '../../testkit/seeds.js';

const SUBSCRIBERS = 3000;
const KILLS = 6;
const POOL = 5;
/** drain()'s default. A message holds its slot until its row is recorded. */
const IN_FLIGHT_LIMIT = inFlightLimit(POOL);
const SEED = Number(process.env.CRASH_SEED ?? 20261122);

interface Kill {
  afterMs: number;
  acceptedBefore: number;
  /** Accepted by the server but not recorded as sent when the process died. */
  acceptedUnrecorded: number;
  ids: string[];
}

describe('crash safety', () => {
  let db: TestDatabase;
  let sink: RecordingSink;
  let app: App;
  const deadPids = new Set<number>();

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    sink = await startRecordingSink();
    app = await openTestApp(db);
    await ingestSeeds(app.db);
    await addSubscribers(app.prisma, { count: SUBSCRIBERS, topics: 2 });
  });
  afterAll(async () => {
    await app?.close();
    await sink?.close();
    await db?.drop();
  });

  it(`sends ${SUBSCRIBERS} digests exactly once through ${KILLS} SIGKILLs of the sending process`, async () => {
    const random = seededRandom(SEED);
    const env = testEnv(db, { SMTP_URL: sink.url, SMTP_POOL_SIZE: String(POOL), LOG_LEVEL: 'warn' });
    const kills: Kill[] = [];
    deadPids.clear();
    for (let round = 0; round < KILLS; round++) {
      const child = startSend(env);
      const acceptedBefore = sink.accepted.length;
      // Half the kills at a random time (start-up and planning included), half after a random
      // number of messages went out in this round (always mid-send).
      const byTime = random() < 0.5;
      const afterMs = 500 + Math.floor(random() * 4500);
      const afterMessages = 1 + Math.floor(random() * 400);
      const started = Date.now();
      const finished = await raceUntil(child, () => (byTime ? Date.now() - started >= afterMs : sink.accepted.length - acceptedBefore >= afterMessages));
      if (finished) break; // it completed before the kill came
      deadPids.add(child.pid!);
      child.kill('SIGKILL');
      await exited(child);
      await sleep(100); // let the server finish messages whose data was complete
      const ids = await acceptedButUnrecorded(acceptedBefore);
      kills.push({ afterMs: Date.now() - started, acceptedBefore, acceptedUnrecorded: ids.length, ids });
    }
    const final = startSend(env);
    const restartedAt = Date.now();
    // The dead processes' claims are taken over as soon as the new one has started, not after
    // the 60 s claim timeout.
    const orphaned = await claimsOfDeadProcesses();
    while ((await claimsOfDeadProcesses()) > 0) {
      expect(Date.now() - restartedAt).toBeLessThan(40_000);
      await sleep(100);
    }
    const takeoverMs = Date.now() - restartedAt;
    const code = await exited(final);
    expect(code).toBe(0);

    // The edition the first run planned: a restart after midnight plans the new day's as well (and
    // sends it), which is no part of what this test counts.
    const edition = await app.prisma.edition.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const rows = await app.prisma.delivery.findMany({ where: { editionId: edition.id }, include: { subscriber: true } });
    expect(rows).toHaveLength(SUBSCRIBERS);
    expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'skipped')).toEqual([]);
    const sent = rows.filter((r) => r.status === 'sent');
    const skipped = rows.filter((r) => r.status === 'skipped');
    expect(sent.length).toBeGreaterThan(SUBSCRIBERS * 0.9);

    const acceptedById = new Map<string, string[]>();
    for (const m of sink.accepted) acceptedById.set(m.messageId, [...(acceptedById.get(m.messageId) ?? []), m.to]);
    // None lost: every sent row's message (its own Message-ID, to its subscriber) was accepted.
    for (const row of sent) expect(acceptedById.get(row.messageId)?.[0], row.subscriber.email).toBe(row.subscriber.email);
    for (const row of skipped) expect(acceptedById.has(row.messageId)).toBe(false);
    // Duplicates: only messages that were in flight at a kill (accepted, not yet recorded), never
    // more than the in-flight limit per kill.
    const duplicates = sink.accepted.length - acceptedById.size;
    const inFlightAtKill = new Set(kills.flatMap((k) => k.ids));
    const duplicated = [...acceptedById].filter(([, to]) => to.length > 1).map(([id]) => id);
    expect(duplicated.filter((id) => !inFlightAtKill.has(id))).toEqual([]);
    const inFlightAtKills = kills.reduce((sum, k) => sum + k.acceptedUnrecorded, 0);
    expect(kills.length).toBeGreaterThanOrEqual(KILLS - 1);
    for (const kill of kills) expect(kill.acceptedUnrecorded).toBeLessThanOrEqual(IN_FLIGHT_LIMIT);
    expect(duplicates).toBeLessThanOrEqual(inFlightAtKills);
    console.info(
      `crash test (seed ${SEED}): ${kills.length} kills [ms after start, accepted but unrecorded] ${JSON.stringify(kills.map((k) => [k.afterMs, k.acceptedUnrecorded]))}, ` +
        `${sink.accepted.length} accepted for ${sent.length} digests (${skipped.length} skipped: nothing matched), ${duplicates} duplicate(s); ` +
        `${orphaned} orphaned claim(s) taken over ${takeoverMs} ms after the last restart`,
    );
  }, 240_000);

  /** Claims still held by processes this test killed. */
  async function claimsOfDeadProcesses(): Promise<number> {
    const rows = await app.prisma.delivery.findMany({ where: { status: 'sending' }, select: { claimedBy: true } });
    return rows.filter((r) => deadPids.has(Number(/:(\d+)#/.exec(r.claimedBy ?? '')?.[1]))).length;
  }

  /** Rows whose message the server accepted in this round while the row is not marked sent. */
  async function acceptedButUnrecorded(since: number): Promise<string[]> {
    const ids = [...new Set(sink.accepted.slice(since).map((m) => m.messageId))];
    const rows = await app.prisma.delivery.findMany({ where: { messageId: { in: ids }, status: { not: 'sent' } }, select: { messageId: true } });
    return rows.map((r) => r.messageId);
  }
});

function startSend(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/paperboy.js'), 'send', '--now', '--json'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGKILL') process.stderr.write(`paperboy send exited with ${code}: ${stderr}\n`);
  });
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Resolves true if the child exits on its own first, false once `kill()` says it is time. */
async function raceUntil(child: ChildProcess, kill: () => boolean): Promise<boolean> {
  let done = false;
  const exit = exited(child).then(() => (done = true));
  while (!done && !kill()) await Promise.race([exit, sleep(5)]);
  return done;
}
