// Sending through an SMTP server that pushes back: 4xx answers to 30% of messages (throttling),
// 550 for some recipients, a server that is not up yet, a login that is refused. Randomness is
// seeded; retry delays are shortened, nothing else is mocked.
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { sendDigests } from '../../src/delivery/index.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase } from '../../testkit/database.js';
import { countByRecipient, startRecordingSink } from '../../testkit/recording-sink.js';
import { addSubscribers, seededRandom, sleep } from './helpers/world.js';
import { ingestSeeds } from '../../testkit/seeds.js';
import { perTestFixture } from './helpers/fixture.js';

const FAST_RETRY = { baseMs: 20, maxMs: 200, maxAttempts: 30 };

const t = perTestFixture();

async function world(smtpUrl: string, subscribers: number) {
  t.db = await createTestDatabase('postgres');
  t.app = await openTestApp(t.db, { env: { SMTP_URL: smtpUrl, SMTP_POOL_SIZE: '3' } });
  await ingestSeeds(t.app.db);
  return addSubscribers(t.app.prisma, { count: subscribers, topics: 2 });
}

describe('a throttling SMTP server', () => {
  it('gets every deliverable digest through 4xx answers, records 550s once and never retries them', async () => {
    const random = seededRandom(451);
    const temporary = [
      { code: 451, message: '4.7.1 Throttled: try again later' },
      { code: 421, message: '4.7.0 Too many messages, closing connection' },
      { code: 450, message: '4.2.1 Mailbox busy' },
      { code: 454, message: '4.7.0 Temporary authentication failure' },
    ];
    const refused = new Set(['reader3@example.org', 'reader50@example.org', 'reader77@example.org', 'reader150@example.org', 'reader299@example.org']);
    const recipientAttempts = new Map<string, number>();
    t.sink = await startRecordingSink({
      onRecipient(address) {
        recipientAttempts.set(address, (recipientAttempts.get(address) ?? 0) + 1);
        return refused.has(address) ? { code: 550, message: '5.1.1 No such mailbox' } : undefined;
      },
      // 30% of messages: mostly 451, some other temporary answers.
      onMessage: () => (random() < 0.3 ? (random() < 0.7 ? temporary[0] : temporary[1 + Math.floor(random() * 3)]) : undefined),
    });
    const emails = await world(t.sink.url, 300);

    const report = await sendDigests(await t.app!.deliveryDeps(), { mode: 'now', retry: FAST_RETRY, random: seededRandom(1) });

    const deliverable = emails.filter((e) => !refused.has(e));
    expect(report).toMatchObject({ sent: deliverable.length, bounced: refused.size, failed: 0, pending: 0, error: 0 });
    expect(report.retry).toBeGreaterThan(50);
    expect(t.sink.refusals.get(451)).toBeGreaterThan(40);
    expect(t.sink.refusals.get(550)).toBe(refused.size);
    const received = countByRecipient(t.sink.accepted);
    for (const email of deliverable) expect(received.get(email), email).toBe(1);
    for (const email of refused) {
      expect(received.get(email)).toBeUndefined();
      expect(recipientAttempts.get(email), `${email} was retried`).toBe(1);
    }
    const bounced = await t.app!.prisma.delivery.findMany({ where: { status: 'bounced' }, include: { subscriber: true } });
    expect(bounced.map((d) => d.subscriber.email).sort()).toEqual([...refused].sort());
    for (const d of bounced) {
      expect(d.lastError).toMatch(/^550/);
      expect(d.attempts).toBe(0);
      expect(d.subscriber.hardBounces).toBe(1);
      expect(d.subscriber.status).toBe('suspended'); // 5.1.1: the mailbox does not exist, no further mail goes there
    }
    // Every accepted message carries its delivery's own Message-ID; sent rows keep the SMTP answer.
    const sent = await t.app!.prisma.delivery.findMany({ where: { status: 'sent' } });
    expect(new Set(t.sink.accepted.map((m) => m.messageId))).toEqual(new Set(sent.map((d) => d.messageId)));
    expect(sent.every((d) => /^250/.test(d.smtpResponse ?? ''))).toBe(true);
    expect((await t.app!.prisma.edition.findFirstOrThrow()).completedAt).not.toBeNull();
  });

  it('waits for a server that refuses connections at first, then delivers everything', async () => {
    const port = await freePort();
    const emails = await world(`smtp://127.0.0.1:${port}`, 20);
    const sending = sendDigests(await t.app!.deliveryDeps(), { mode: 'now', retry: { baseMs: 100, maxMs: 400, maxAttempts: 30 } });
    // The server comes up once the first attempts have failed.
    while ((await t.app!.prisma.delivery.count({ where: { lastError: { not: null } } })) < 3) await sleep(50);
    t.sink = await startRecordingSink({ port });
    const report = await sending;
    expect(report).toMatchObject({ sent: 20, failed: 0, pending: 0 });
    expect(report.retry).toBeGreaterThan(0);
    expect([...countByRecipient(t.sink.accepted).keys()].sort()).toEqual([...emails].sort());
  });

  it('stops the run without bouncing anyone when the server refuses our login', async () => {
    const server = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (_auth, _session, callback) => callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 })),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as { port: number }).port;
    try {
      await world(`smtp://paperboy:wrong@127.0.0.1:${port}`, 5);
      await expect(sendDigests(await t.app!.deliveryDeps(), { mode: 'now', retry: FAST_RETRY })).rejects.toThrow(/SMTP_URL.*Authentication/);
      const rows = await t.app!.prisma.delivery.findMany({ include: { subscriber: true } });
      expect(rows.map((r) => r.status)).toEqual(Array(5).fill('pending'));
      expect(rows.every((r) => r.subscriber.hardBounces === 0 && r.attempts === 0)).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
