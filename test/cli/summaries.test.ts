// Summaries that count every subscriber a run considered, `status` that tells who is due now and
// next, every scheduled job with its last run, and one table of exit codes. The command runs in
// real time, so the schedules are chosen relative to the clock: one subscriber due at once, one
// whose hour is three hours ahead in a zone where it is 06:xx now.
import { copyFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { claimantName } from '../../src/delivery/claimant.js';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestApp, testEnv } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, tempDir, type TestDatabase } from '../../testkit/database.js';
import { REPO_ROOT } from '../../testkit/paths.js';
import { freePort, startServe } from '../helpers/serve.js';
import { startSmtpSink } from '../../testkit/smtp-sink.js';

/** An Etc/GMT zone whose local hour is 6 now, and its offset from UTC in hours. */
function zoneAtSixNow(now: Date): { zone: string; offset: number } {
  const offset = (((6 - now.getUTCHours()) % 24) + 24) % 24;
  const signed = offset > 14 ? offset - 24 : offset; // Etc/GMT-14 … Etc/GMT+12
  return { zone: signed >= 0 ? `Etc/GMT-${signed}` : `Etc/GMT+${-signed}`, offset: signed };
}

// The commands run in real time, so a test that straddles the turn of an hour (of the UTC day, for
// the reader due at 00:00) sees a clock its expectations were not computed for: it is run once
// more, with the clock read again. A fault of the product fails both times.
describe('truthful summaries and exits', { retry: 1 }, () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let now: Date;
  let zone: string;
  /** When the second subscriber's 09:00 comes today, in UTC. */
  let laterToday: Date;
  // Each test has its own database and clock: the seed corpus, one reader due now and one due later today.
  beforeEach(async () => {
    now = new Date();
    const sixNow = zoneAtSixNow(now);
    zone = sixNow.zone;
    laterToday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 9 - sixNow.offset));
    if (laterToday < now) laterToday.setUTCDate(laterToday.getUTCDate() + 1);
    db = await createTestDatabase('postgres');
    env = testEnv(db);
    expect((await runPaperboy(['ingest'], env)).code).toBe(0);
    expect((await runPaperboy(['subscribe', 'early@example.org', '--topic', 'diffusion models', '--hour', '0', '--timezone', 'UTC'], env)).code).toBe(0);
    expect((await runPaperboy(['subscribe', 'later@example.org', '--topic', 'diffusion models', '--hour', '9', '--timezone', zone], env)).code).toBe(0);
  }, 240_000);
  afterEach(async () => db?.drop());
  /** Both readers get today's edition, as `send --now` sends it. */
  const sendToday = async () => expect((await runPaperboy(['send', '--now'], env)).code).toBe(0);

  it('status counts who is due at once, and when the next are due', async () => {
    const status = JSON.parse((await runPaperboy(['status', '--json'], env)).stdout);
    expect(status.dueNow).toBe(1);
    // The reader due now counts for the edition after the one it is owed (tomorrow 00:00 UTC).
    const tomorrowMidnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    expect(new Date(status.nextDue.at).getTime()).toBe(Math.min(tomorrowMidnight, laterToday.getTime()));
    expect(status.nextDue.subscribers).toBe(tomorrowMidnight === laterToday.getTime() ? 2 : 1);
    expect(status.jobs.map((job: { name: string; off: string | null }) => [job.name, job.off])).toEqual([
      ['send', null],
      ['ingest', null],
      ['fetch', 'FEED_URL=off'],
      ['arxiv', 'ARXIV_CATEGORIES is empty'],
      // The feed's papers have arXiv ids too: the re-check runs whenever ARXIV_API_URL is on.
      ['recheck', null],
      // The daily backup of the list is the embedded database's: a server has pg_dump.
      ['backup', 'DATABASE_URL is a PostgreSQL server: back it up with pg_dump'],
    ]);
    const text = (await runPaperboy(['status'], env)).stdout;
    // No send run has ever begun on this database, so no service has run: none may come by itself.
    expect(text.replace(/\n +/g, ' ')).toMatch(/^Digests due now: 1 subscriber \(paperboy send sends them, or paperboy serve once it runs\)$/m);
    // `paperboy ingest` (of SEEDS_DIR, in beforeEach) is the ingest job's run, as `paperboy send` is the send job's.
    expect(text).toMatch(/^ {2}ingest {3}last run \d{4}-\d\d-\d\d \d\d:\d\dZ, succeeded /m);
    // A source a setting turns off is not waiting for its first run.
    expect(text).toMatch(/^ {2}fetch {4}off \(FEED_URL=off\): never runs$/m);
    expect(text).toMatch(/^ {2}arxiv {4}off \(ARXIV_CATEGORIES is empty\): never runs$/m);
    const arxivOff = (await runPaperboy(['status'], { ...env, ARXIV_API_URL: 'off' })).stdout;
    expect(arxivOff).toMatch(/^ {2}arxiv {4}off \(ARXIV_API_URL=off\): never runs$/m);
    expect(arxivOff).toMatch(/^ {2}recheck  off \(ARXIV_API_URL=off\): never runs$/m);
    const arxivOn = (await runPaperboy(['status'], { ...env, ARXIV_CATEGORIES: 'cs.CL' })).stdout;
    expect(arxivOn).toMatch(/^ {2}arxiv {4}has not run yet$/m);
    // A feed that ran before FEED_URL was turned off: off, with its last run.
    const app = await openTestApp(db);
    try {
      await app.prisma.jobRun.create({ data: { name: 'fetch', startedAt: now, finishedAt: now, okAt: now } });
    } finally {
      await app.close();
    }
    const ranBefore = unwrapped((await runPaperboy(['status'], env)).stdout);
    expect(ranBefore).toMatch(/^ {2}fetch {4}off \(FEED_URL=off\): no longer runs; last run \d{4}-\d\d-\d\d \d\d:\d\dZ, succeeded /m);
    // A run that could not record its end (stopped while the database was away) says so, instead
    // of an older run's error as if it were this one's.
    const app2 = await openTestApp(db);
    try {
      const earlier = new Date(now.getTime() - 3_600_000);
      await app2.prisma.jobRun.upsert({
        where: { name: 'send' },
        create: { name: 'send', startedAt: now, finishedAt: earlier, okAt: null, lastError: 'an older error' },
        update: { startedAt: now, finishedAt: earlier, okAt: null, lastError: 'an older error' },
      });
    } finally {
      await app2.close();
    }
    const unrecorded = unwrapped((await runPaperboy(['status'], env)).stdout);
    expect(unrecorded).toMatch(/^ {2}send {5}last run \d{4}-\d\d-\d\d \d\d:\d\dZ, never succeeded; no end recorded: still running, or it stopped with the database away$/m);
  });

  it('send counts every subscriber it considered', async () => {
    const due = await runPaperboy(['send'], env);
    expect(due.code).toBe(0);
    expect(due.stdout).toMatch(/^2 active subscribers considered: 1 digest sent, 1 not due yet\.$/m);
    expect(due.stdout).toMatch(/The messages were written to .*outbox/);
    const now = await runPaperboy(['send', '--now', '--json'], env);
    expect(JSON.parse(now.stdout)).toMatchObject({ subscribers: 2, sent: 1, skipped: 0, failed: 0, notDue: 0, alreadySent: 1, pending: 0 });
  });

  it('status says when the next digests fall due while every reader is due now', async () => {
    expect((await runPaperboy(['unsubscribe', 'later@example.org'], env)).code).toBe(0);
    const text = (await runPaperboy(['status'], env)).stdout;
    expect(text.replace(/\n +/g, ' ')).toMatch(/^Digests due now: 1 subscriber \(paperboy send sends them, or paperboy serve once it runs\)$/m);
    const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString().slice(0, 10);
    // Not "none (no active subscriber)": the one active reader's next edition is tomorrow's.
    expect(text).toMatch(new RegExp(`^Next digests due: ${tomorrow} 00:00Z for 1 subscriber$`, 'm'));
  });

  it('status no longer counts who already had this edition', async () => {
    await sendToday();
    const status = JSON.parse((await runPaperboy(['status', '--json'], env)).stdout);
    expect(status.dueNow).toBe(0);
    const tomorrowMidnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    const laterTomorrow = laterToday.getTime() + (laterToday.getUTCDate() === now.getUTCDate() ? 86_400_000 : 0);
    expect(new Date(status.nextDue.at).getTime()).toBe(Math.min(tomorrowMidnight, laterTomorrow));
  });

  it('refuses to send from an empty corpus, which would skip every reader for the edition', async () => {
    const empty = await createTestDatabase('postgres');
    try {
      const emptyEnv = testEnv(empty);
      expect((await runPaperboy(['subscribe', 'ada@example.org', '--topic', 'diffusion models'], emptyEnv)).code).toBe(0);
      // LOG_LEVEL as an operator leaves it: the command's own warnings are on, and none repeats
      // the refusal ("job failed: retried at the next slot" is the service's, not a command's).
      const refused = await runPaperboy(['send', '--now'], { ...emptyEnv, LOG_LEVEL: undefined });
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trim()).toMatch(/^paperboy: The corpus has no paper yet, so nothing could match: run `paperboy ingest` .* first\. Nothing was sent or recorded\.$/);
      // Nothing was recorded: once papers are in, today's digest still goes out.
      expect((await runPaperboy(['ingest'], emptyEnv)).code).toBe(0);
      expect((await runPaperboy(['send', '--now'], emptyEnv)).stdout).toMatch(/^1 active subscriber considered: 1 digest sent\.$/m);
    } finally {
      await empty.drop();
    }
  }, 120_000);

  it('status counts the digests a killed run left unsent as due now, and the next send sends them', async () => {
    await sendToday();
    // As `kill -9` of a `send --now` leaves them: one claimed by the dead run (its claim ran out),
    // one not reached yet.
    const app = await openTestApp(db);
    try {
      const [early, later] = await app.prisma.delivery.findMany({ orderBy: { id: 'asc' }, select: { id: true } });
      const past = new Date(Date.now() - 120_000);
      await app.prisma.delivery.update({ where: { id: early!.id }, data: { status: 'sending', claimedBy: 'gone-run', claimedAt: past, claimedUntil: past, sentAt: null } });
      await app.prisma.delivery.update({ where: { id: later!.id }, data: { status: 'pending', nextAttemptAt: past, sentAt: null } });
    } finally {
      await app.close();
    }
    const status = await runPaperboy(['status'], env);
    // One edition, or two when the later reader's zone is already on tomorrow's date (UTC+14 from 10:00 UTC).
    const pending = [...status.stdout.matchAll(/^ {2}daily:\S+ +0 +0 +0 +0 {2}(\d+) pending$/gm)].reduce((sum, line) => sum + Number(line[1]), 0);
    expect(pending).toBe(2);
    // Not "none": the next send run sends both.
    expect(status.stdout).toMatch(/^Digests due now: 2 subscribers \(the next send run sends them\)$/m);
    expect(JSON.parse((await runPaperboy(['status', '--json'], env)).stdout).dueNow).toBe(2);
    // Right after the kill, the dead process's claim has not run out yet; it is a process of this
    // machine that is gone, which the next run takes over at once: due now too (it was left out).
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const fresh = await openTestApp(db);
    try {
      await fresh.prisma.delivery.updateMany({ where: { claimedBy: 'gone-run' }, data: { claimedBy: claimantName('send', gone), claimedUntil: new Date(Date.now() + 60_000) } });
    } finally {
      await fresh.close();
    }
    expect(JSON.parse((await runPaperboy(['status', '--json'], env)).stdout).dueNow).toBe(2);
    const send = await runPaperboy(['send'], env);
    expect(send.stdout).toMatch(/^2 active subscribers considered: 2 digests sent\.$/m);
    expect(JSON.parse((await runPaperboy(['status', '--json'], env)).stdout).dueNow).toBe(0);
  });

  it('status warns when send runs stopped coming on their schedule, and says who sends the digests due meanwhile', async () => {
    // The last send run (scheduled or by hand) began and ended an hour ago: SEND_CRON ("*/10" by
    // default) was due five times since, and no run began. On a server database nothing else tells
    // that no service runs.
    const anHourAgo = new Date(Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000 + 30_000);
    const app = await openTestApp(db);
    try {
      await app.prisma.jobRun.upsert({ where: { name: 'send' }, create: { name: 'send', startedAt: anHourAgo, finishedAt: anHourAgo, okAt: anHourAgo }, update: { startedAt: anHourAgo, finishedAt: anHourAgo, okAt: anHourAgo } });
    } finally {
      await app.close();
    }
    const cron = { ...env, SEND_CRON: '*/10 * * * *' };
    const status = await runPaperboy(['status'], cron);
    const at = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
    const due = (minutes: number) => new Date(Math.ceil(anHourAgo.getTime() / 600_000) * 600_000 + minutes * 60_000);
    expect(status.stdout.replace(/\n {9}/g, ' ')).toContain(`Warning: no send run has begun since ${at(anHourAgo)}, though SEND_CRON was due at ${at(due(0))} and ${at(due(10))}: is paperboy serve running?`);
    for (const line of status.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    // Not "the next send run sends them": none may come.
    expect(status.stdout.replace(/\n {17}/g, ' ')).toMatch(/^Digests due now: 1 subscriber \(paperboy send sends them, or paperboy serve once it runs\)$/m);
    expect(JSON.parse((await runPaperboy(['status', '--json'], cron)).stdout).missedSendRuns).toEqual([due(0).toISOString(), due(10).toISOString()]);
    // A run that comes clears it.
    expect((await runPaperboy(['send'], cron)).code).toBe(0);
    const after = await runPaperboy(['status'], cron);
    expect(after.stdout).not.toContain('is paperboy serve running?');
    expect(JSON.parse((await runPaperboy(['status', '--json'], cron)).stdout).missedSendRuns).toEqual([]);
  });

  it('status names the digests waiting for their retry time, which are not due now', async () => {
    await sendToday();
    // As a relay that refused for a while leaves one: pending, its next attempt in twenty minutes.
    const retryAt = new Date(Math.ceil((Date.now() + 20 * 60_000) / 60_000) * 60_000);
    const app = await openTestApp(db);
    try {
      const [first] = await app.prisma.delivery.findMany({ orderBy: { id: 'asc' }, select: { id: true } });
      await app.prisma.delivery.update({ where: { id: first!.id }, data: { status: 'pending', nextAttemptAt: retryAt, attempts: 1, lastError: '421 4.7.0 try again later', sentAt: null } });
    } finally {
      await app.close();
    }
    const status = await runPaperboy(['status'], env);
    // It said "Digests due now: none", and nothing else of the digest that was waiting.
    expect(status.stdout).toMatch(/^Digests due now: none$/m);
    const at = `${retryAt.toISOString().slice(0, 16).replace('T', ' ')}Z`;
    expect(status.stdout).toContain(`Waiting for a retry: 1 subscriber whose digest could not be sent yet (the first\n                     send run from ${at} retries them)`);
    for (const line of status.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const json = JSON.parse((await runPaperboy(['status', '--json'], env)).stdout);
    expect(json).toMatchObject({ dueNow: 0, retrying: { subscribers: 1, from: retryAt.toISOString() } });
  });

  it('says a refused SMTP login once, as the line the command ends with', async () => {
    const sink = await startSmtpSink(); // accepts no login: "535 Authentication not implemented"
    try {
      const url = new URL(sink.url);
      url.username = 'paperboy';
      url.password = 'wrong';
      const refused = await runPaperboy(['send', '--now', '--wait', '0'], { ...env, SMTP_URL: url.href, LOG_LEVEL: undefined });
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      // Not also "error: the SMTP server refused our setup: stopping the run" and "error: job failed".
      expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^paperboy: SMTP_URL: the connection to the relay could not be set up \(535 .*: the relay refused the user name and password in SMTP_URL\); nothing more was sent$/)]);
    } finally {
      await sink.close();
    }
  });

  it('counts what another run is sending as such, not as pending', async () => {
    await sendToday();
    // As a second `send` started at once finds them: claimed a moment ago by another process.
    const app = await openTestApp(db);
    try {
      await app.prisma.delivery.updateMany({ data: { status: 'sending', claimedBy: 'other-run-1', claimedAt: new Date(), sentAt: null } });
    } finally {
      await app.close();
    }
    const second = await runPaperboy(['send', '--now', '--wait', '0'], env);
    expect(second.stdout).toMatch(/^2 active subscribers considered: 0 digests sent, 2 being sent by another run \(paperboy status shows how they end\)\.$/m);
    expect(second.code).toBe(0);
    expect(JSON.parse((await runPaperboy(['send', '--now', '--wait', '0', '--json'], env)).stdout)).toMatchObject({ pending: 0, claimedElsewhere: 2 });
  });

  it('says that nothing was to send, everyone having had the edition, and claims no message', async () => {
    await sendToday();
    const result = await runPaperboy(['send'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('Nothing to send: all 2 active subscribers already had this edition (paperboy status says when the next are due).');
  });

  it('counts a reader whose hour has not come but who got this edition from send --now as already having it', async () => {
    await sendToday();
    expect((await runPaperboy(['subscribe', 'newcomer@example.org', '--topic', 'diffusion models', '--hour', '0', '--timezone', 'UTC'], env)).code).toBe(0);
    const due = await runPaperboy(['send'], env);
    expect(due.code, due.stderr).toBe(0);
    // The later reader's 09:00 has not come, but today's edition reached them minutes ago.
    expect(due.stdout).toMatch(/^3 active subscribers considered: 1 digest sent, 2 already had this edition\.$/m);
    const again = JSON.parse((await runPaperboy(['send', '--json'], env)).stdout);
    expect(again).toMatchObject({ subscribers: 3, sent: 0, notDue: 0, alreadySent: 3 });
  });

  it('exits 3 when some pages were ingested and others not, 2 when none was', async () => {
    const pages = path.join(REPO_ROOT, 'test/fixtures/pages');
    const mixed = tempDir('paperboy-mixed-');
    copyFileSync(path.join(pages, 'ok-odd.txt'), path.join(mixed, 'ok-odd.txt'));
    const bad = ['bad-date.txt', 'bad-empty.txt', 'bad-header-only.txt', 'bad-title-at-eof.txt', 'bad-metadata-cut.txt'];
    for (const file of bad) copyFileSync(path.join(pages, file), path.join(mixed, file));
    const partly = await runPaperboy(['ingest', mixed], env);
    expect(partly.code).toBe(3);
    expect(partly.stdout).toMatch(/^Ingested 1 page/m);
    expect(partly.stderr.trim().split('\n')).toHaveLength(5);
    const none = tempDir('paperboy-bad-');
    mkdirSync(none, { recursive: true });
    for (const file of bad) copyFileSync(path.join(pages, file), path.join(none, file));
    expect((await runPaperboy(['ingest', none], env)).code).toBe(2);
  });

  it('records the ingest that serve runs at start as a job run', async () => {
    const port = await freePort();
    const serve = await startServe(env, port);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    const status = JSON.parse((await runPaperboy(['status', '--json'], env)).stdout);
    const ingest = status.jobs.find((job: { name: string }) => job.name === 'ingest');
    expect(ingest.okAt).toBeTruthy();
    expect(ingest.lastError).toBeNull();
  }, 120_000);
});

/** status wraps a job's text at 80 columns under the text (11 columns in): the lines as one, to match. */
function unwrapped(text: string): string {
  for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  return text.replace(/\n {11}/g, ' ');
}
