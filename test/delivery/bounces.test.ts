// Refusals read as mailbox providers mean them, through a real SMTP server answering per
// recipient: "no such mailbox" (5.1.x) suspends the reader at once; a relay refusing everyone for
// policy reasons ("550 relaying denied", 5.7.1) stops the run and touches no reader, however many
// editions it refuses; other permanent failures count toward the threshold.
import { describe, expect, it } from 'vitest';
import { sendDigests, type WaitingForRetries } from '../../src/delivery/index.js';
import { waitingLine } from '../../src/cli/commands/send.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openTestApp, testEnv } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase } from '../../testkit/database.js';
import { countByRecipient, startRecordingSink, type Reply } from '../../testkit/recording-sink.js';
import { addSubscribers } from './helpers/world.js';
import { ingestSeeds, seenJustNow } from '../../testkit/seeds.js';
import { perTestFixture } from './helpers/fixture.js';

const t = perTestFixture();

let clock: ReturnType<typeof fixedClock>;

/** Each test's own world: database, sink, app, seed corpus and readers, the clock at 22 November. */
async function world(onRecipient: (address: string) => Reply, subscribers: number) {
  clock = fixedClock(new Date('2026-11-22T09:00:00Z'));
  t.db = await createTestDatabase('postgres');
  t.sink = await startRecordingSink({ onRecipient });
  t.app = await openTestApp(t.db, { clock, env: { SMTP_URL: t.sink.url, SMTP_POOL_SIZE: '2' } });
  await ingestSeeds(t.app.db, new Date('2026-11-21T00:00:00Z'));
  return addSubscribers(t.app.prisma, { count: subscribers, topics: 4 });
}

const subscribersOf = () => t.app!.prisma.subscriber.findMany({ orderBy: { id: 'asc' }, include: { events: true } });

describe('a relay that refuses every recipient for policy reasons', () => {
  for (const refusal of [{ code: 550, message: 'relaying denied' }, { code: 554, message: '5.7.1 <x>: Relay access denied' }]) {
    it(`stops each run and leaves every reader alone over three editions ("${refusal.code} ${refusal.message}")`, async () => {
      await world(() => refusal, 30);
      for (let day = 0; day < 3; day++) {
        await expect(sendDigests(await t.app!.deliveryDeps(), { mode: 'now' })).rejects.toThrow(/SMTP_URL: the relay refused \d+ of its last \d+ answers for policy reasons/);
        clock.advance(24 * 3600_000);
      }
      console.info(`relay refusing all ("${refusal.code} ${refusal.message}"), 30 readers, 3 editions: ${t.sink!.refusals.get(refusal.code)} refusals in all, 0 readers bounced or suspended`);
      // A handful of refusals per run before it stops, not the whole list.
      expect(t.sink!.refusals.get(refusal.code)).toBeLessThanOrEqual(3 * 20);
      const subscribers = await subscribersOf();
      expect(subscribers.map((s) => [s.status, s.hardBounces])).toEqual(Array(30).fill(['active', 0]));
      expect(subscribers.flatMap((s) => s.events.filter((e) => e.type === 'suspended'))).toEqual([]);
      const rows = await t.app!.prisma.delivery.findMany();
      expect(rows).toHaveLength(90);
      expect(rows.every((r) => r.status === 'pending')).toBe(true);
      expect(t.sink!.accepted).toEqual([]);
    });
  }

  it('says so in `status` (the send job\'s last error) and exits 2 from `send`', async () => {
    await world(() => ({ code: 550, message: '5.7.1 Relaying denied' }), 12);
    // The command reads the real clock, not the world's: the papers must be new to it.
    await seenJustNow(t.app!.db);
    const env = testEnv(t.db!, { SMTP_URL: t.sink!.url, SMTP_POOL_SIZE: '2', LOG_LEVEL: 'warn' });
    const send = await runPaperboy(['send', '--now'], env);
    expect(send.code).toBe(2);
    expect(send.stderr).toMatch(/SMTP_URL: the relay refused \d+ of its last \d+ answers for policy reasons, for \d+ different recipients \(e\.g\. "550 5\.7\.1 Relaying denied"\)/);
    expect(send.stderr).toMatch(/"msg":"stopping the run: the relay refused/);
    const status = JSON.parse((await runPaperboy(['status', '--json'], env)).stdout);
    expect(status.jobs.find((job: { name: string }) => job.name === 'send')?.lastError).toMatch(/the relay refused/);
    expect(status.editions[0]).toMatchObject({ sent: 0, bounced: 0, pending: 12 });
  });
});

describe('a relay that answers "no such mailbox" for every recipient', () => {
  it('stops the run after a window of such answers instead of suspending the whole list', async () => {
    // A relay (or an SMTP_URL) that knows none of our readers suspended 200 of 200 in one run.
    await world(() => ({ code: 550, message: '5.1.1 No such user' }), 60);
    await expect(sendDigests(await t.app!.deliveryDeps(), { mode: 'now' })).rejects.toThrow(/SMTP_URL: the relay answered "no such mailbox" to \d+ of its last 20 recipients/);
    const subscribers = await subscribersOf();
    const suspended = subscribers.filter((s) => s.status === 'suspended').length;
    console.info(`relay answering 5.1.1 to all, 60 readers: ${suspended} suspended before the run stopped`);
    expect(suspended).toBeLessThan(20);
    expect(subscribers.filter((s) => s.status === 'active').length).toBe(60 - suspended);
    expect(await t.app!.prisma.delivery.count({ where: { status: 'pending' } })).toBe(60 - suspended);
  });
});

describe('refusals for some recipients', () => {
  it('suspends a missing mailbox at once, counts other permanent refusals, and blames nobody for a policy refusal', async () => {
    const replies: Record<string, Reply> = {
      'reader3@example.org': { code: 550, message: '5.1.1 <reader3@example.org>: Recipient address rejected: User unknown' },
      'reader5@example.org': { code: 556, message: '5.1.10 Recipient address has null MX' },
      'reader7@example.org': { code: 550, message: 'No such user here' },
      'reader9@example.org': { code: 552, message: '5.2.2 Mailbox full' },
      'reader11@example.org': { code: 550, message: '5.7.1 Message rejected as spam by the recipient server' },
    };
    const emails = await world((address) => replies[address], 30);
    const report = await sendDigests(await t.app!.deliveryDeps(), { mode: 'now', maxWaitMs: 0 });
    expect(report).toMatchObject({ sent: 25, bounced: 4, refused: 1, pending: 1 });

    const byEmail = new Map((await subscribersOf()).map((s) => [s.email, s]));
    for (const gone of ['reader3@example.org', 'reader5@example.org', 'reader7@example.org']) {
      expect(byEmail.get(gone)).toMatchObject({ status: 'suspended', hardBounces: 1 });
      expect(byEmail.get(gone)!.events.filter((e) => e.type === 'suspended')).toMatchObject([{ source: 'bounce', detail: { noSuchMailbox: true } }]);
    }
    expect(byEmail.get('reader9@example.org')).toMatchObject({ status: 'active', hardBounces: 1 }); // one of three
    // What bounced never reached them: its papers are not recorded as sent (they may come again),
    // while a reader who got theirs has them recorded.
    const sentTo = (email: string) => t.app!.prisma.sentPaper.count({ where: { subscriber: { email } } });
    for (const bounced of ['reader3@example.org', 'reader5@example.org', 'reader7@example.org', 'reader9@example.org']) expect(await sentTo(bounced), bounced).toBe(0);
    expect(await sentTo('reader1@example.org')).toBeGreaterThan(0);
    expect(byEmail.get('reader11@example.org')).toMatchObject({ status: 'active', hardBounces: 0 });
    const refusedRow = await t.app!.prisma.delivery.findFirstOrThrow({ where: { subscriber: { email: 'reader11@example.org' } } });
    expect(refusedRow).toMatchObject({ status: 'pending', attempts: 1 });
    expect(refusedRow.lastError).toMatch(/^550 5\.7\.1/);
    // The run's record (status, /admin) calls it what it was: a refusal, not a temporary failure.
    expect(report.warning).toBe("1 digest left pending after a refusal by the relay's policy (550 5.7.1 Message rejected as spam by the recipient server); the next send run retries them");

    // The next edition goes to everyone but the missing mailboxes.
    clock.advance(24 * 3600_000);
    const before = t.sink!.accepted.length;
    await sendDigests(await t.app!.deliveryDeps(), { mode: 'now', maxWaitMs: 0 });
    const next = countByRecipient(t.sink!.accepted.slice(before));
    for (const gone of ['reader3@example.org', 'reader5@example.org', 'reader7@example.org']) expect(next.get(gone)).toBeUndefined();
    expect(next.size).toBe(emails.length - 3 - 2);
  });
});

describe('a run that leaves digests after both a temporary failure and a refusal', () => {
  const replies: Record<string, Reply> = {
    'reader2@example.org': { code: 451, message: '4.7.1 Try again later' },
    'reader4@example.org': { code: 451, message: '4.7.1 Try again later' },
    'reader6@example.org': { code: 554, message: '5.7.1 Rejected by policy' },
  };
  it('names each with how many, not the refusal as temporary', async () => {
    await world((address) => replies[address], 8);
    const report = await sendDigests(await t.app!.deliveryDeps(), { mode: 'now', maxWaitMs: 0 });
    expect(report).toMatchObject({ pending: 3, refused: 1 });
    expect(report.warning).toBe("3 digests left pending after a temporary failure (451 4.7.1 Try again later) for 2 and a refusal by the relay's policy (554 5.7.1 Rejected by policy) for 1; the next send run retries them");
  });

  it('names each with how many when it starts waiting for them too (it named only the last one met)', async () => {
    await world((address) => replies[address], 8);
    const stop = new AbortController();
    const told: WaitingForRetries[] = [];
    await sendDigests(await t.app!.deliveryDeps(), { mode: 'now', maxWaitMs: 10 * 60_000, signal: stop.signal, onWaiting: (wait) => (told.push(wait), stop.abort()) });
    expect(told).toHaveLength(1);
    expect(told[0]!.reasons).toEqual({ temporary: { error: '451 4.7.1 Try again later', count: 2 }, refusal: { error: '554 5.7.1 Rejected by policy', count: 1 } });
    expect(waitingLine(told[0]!)).toMatch(/^waiting up to 10 min for 3 retries after a temporary failure for 2 and a refusal by the relay's policy for 1, the first due at \d\d:\d\d UTC/);
  });
});

describe('a run waiting for retries', () => {
  for (const [reply, after] of [
    [{ code: 550, message: '5.7.1 Message rejected as spam by the recipient server' }, 'policy refusal'],
    [{ code: 451, message: '4.7.1 Try again later' }, 'temporary failure'],
  ] as const) {
    it(`says what the waiting delivery met: a ${after} (${reply.code})`, async () => {
      await world((address) => (address === 'reader2@example.org' ? reply : undefined), 3);
      const stop = new AbortController();
      const told: string[] = [];
      const report = await sendDigests(await t.app!.deliveryDeps(), {
        mode: 'now',
        maxWaitMs: 10 * 60_000,
        signal: stop.signal,
        onWaiting: (wait) => (told.push(wait.reasons.refusal ? 'policy refusal' : 'temporary failure'), stop.abort()),
      });
      expect(told).toEqual([after]);
      expect(report.warning).toContain(after === 'policy refusal' ? "some after a refusal by the relay's policy (550 5.7.1" : 'some after a temporary failure (451 4.7.1');
    });
  }
});
