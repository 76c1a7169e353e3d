// A reader who leaves while a send run goes is not mailed. A run reads its batch of deliveries, with
// their readers' status, long before the batch's last message goes on a rate-limited relay: readers
// told "Unsubscribed …: no more digests", or erased, were still mailed seconds later, and the run
// counted an erased reader's digest as "handled by another run meanwhile". The status is read again
// right before each message is handed over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { sendDigests } from '../../src/delivery/index.js';
import { FRESH_MS } from '../../src/delivery/leavers.js';
import { fixedClock } from '../../src/shared/clock.js';
import { eraseSubscriber, unsubscribeByEmail } from '../../src/subscriptions/index.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { startSmtpSink, type SmtpSink } from '../../testkit/smtp-sink.js';
import { createSubscriber, insertPapers, NOW } from '../matching/corpus.js';

describe('a reader who leaves during a send run', () => {
  let db: TestDatabase;
  let smtp: SmtpSink;
  let app: App;
  let report: Awaited<ReturnType<typeof sendDigests>>;
  const clock = fixedClock(NOW);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    let first = true;
    // While the first message is at the server, one reader unsubscribes and another is erased.
    smtp = await startSmtpSink({
      onData: async () => {
        if (!first) return undefined;
        first = false;
        await unsubscribeByEmail(app.prisma, 'leaving@example.org', { now: clock.now(), source: 'cli' });
        await eraseSubscriber(app.prisma, 'erased@example.org');
        // The run reads its readers' status at most once a second (leavers.ts): a second passes.
        clock.advance(FRESH_MS);
        return undefined;
      },
    });
    app = await openTestApp(db, { clock, env: { SMTP_URL: smtp.url } });
    await insertPapers(app.prisma, [{ title: 'Gecko Adhesion for Climbing Robots', abstract: 'Gecko adhesion lets climbing robots hold on to glass walls.', firstSeenDaysAgo: 1, arxivId: '2611.07001' }]);
    for (const email of ['first@example.org', 'leaving@example.org', 'erased@example.org', 'staying@example.org']) await createSubscriber(app.prisma, email, ['gecko adhesion']);
    // One message at a time, all four in one batch: the batch is read before anyone leaves.
    report = await sendDigests(await app.deliveryDeps(), { mode: 'now', maxWaitMs: 0, concurrency: 1 });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  it('mails neither of them, and the others as before', async () => {
    expect(smtp.recipients.flat().sort()).toEqual(['first@example.org', 'staying@example.org']);
  });

  it('records the one who unsubscribed as skipped, and counts the erased one as erased, not as another run’s', async () => {
    const leaving = await app.prisma.delivery.findFirstOrThrow({ where: { subscriber: { email: 'leaving@example.org' } } });
    expect(leaving).toMatchObject({ status: 'skipped', skipReason: 'subscriber is unsubscribed' });
    expect(await app.prisma.delivery.count({ where: { subscriber: { email: 'erased@example.org' } } })).toBe(0);
    expect(report).toMatchObject({ sent: 2, skipped: 1, skippedFor: { inactive: 1 }, erased: 1, 'lost-claim': 0 });
  });
});
