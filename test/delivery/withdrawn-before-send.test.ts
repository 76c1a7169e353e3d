// A digest built, then refused for now by the SMTP server (it keeps its papers for the retry), whose
// papers are all withdrawn on arXiv before the retry: it would render with no paper, so it is
// skipped, and no empty email goes out. One with a paper left is sent with that paper.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { sendDigests } from '../../src/delivery/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { startSmtpSink, type SmtpSink } from '../../testkit/smtp-sink.js';
import { createSubscriber, insertPapers, NOW } from '../matching/corpus.js';

const GECKO = 'Gecko Adhesion for Climbing Robots';
const GECKO_TOO = 'Gecko Adhesion Pads at Scale';
const LEMUR = 'Lemur Vocalisations Classified by Transformers';
const LEMUR_TOO = 'Lemur Calls in the Wild';

describe('a digest whose papers are withdrawn between its build and its send', () => {
  let db: TestDatabase;
  let smtp: SmtpSink;
  let app: App;
  let refusing = true;
  let retried: Awaited<ReturnType<typeof sendDigests>>;
  const clock = fixedClock(NOW);
  const send = async () => sendDigests(await app.deliveryDeps(), { mode: 'now', maxWaitMs: 0 });
  const delivery = (email: string) => app.prisma.delivery.findFirstOrThrow({ where: { subscriber: { email } } });

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    smtp = await startSmtpSink({ onData: () => (refusing ? { code: 451, message: '4.3.0 try again later' } : undefined) });
    app = await openTestApp(db, { clock, env: { SMTP_URL: smtp.url } });
    const ids = await insertPapers(app.prisma, [
      { title: GECKO, abstract: 'Gecko adhesion lets climbing robots hold on to glass walls.', firstSeenDaysAgo: 1, arxivId: '2611.07001' },
      { title: GECKO_TOO, abstract: 'Gecko adhesion pads are made at scale for climbing robots.', firstSeenDaysAgo: 1, arxivId: '2611.07002' },
      { title: LEMUR, abstract: 'Lemur vocalisations are classified by transformers trained on field recordings.', firstSeenDaysAgo: 1, arxivId: '2611.07003' },
      { title: LEMUR_TOO, abstract: 'Lemur vocalisations recorded in the wild, and what the calls mean.', firstSeenDaysAgo: 1, arxivId: '2611.07004' },
    ]);
    await createSubscriber(app.prisma, 'gecko@example.org', ['gecko adhesion']);
    await createSubscriber(app.prisma, 'lemur@example.org', ['lemur vocalisations']);
    // Built and refused for now: both wait for their retry with their papers stored.
    await send();
    for (const email of ['gecko@example.org', 'lemur@example.org']) expect(await delivery(email)).toMatchObject({ status: 'pending', attempts: 1 });
    // Withdrawn on arXiv meanwhile: both gecko papers, one of the lemur papers.
    const withdrawn = [GECKO, GECKO_TOO, LEMUR].map((title) => ids.get(title)!);
    await app.prisma.paper.updateMany({ where: { id: { in: withdrawn } }, data: { withdrawnAt: NOW } });
    refusing = false;
    clock.advance(3_600_000);
    retried = await send();
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  it('skips the one with no paper left, and mails nothing to that reader', async () => {
    expect(await delivery('gecko@example.org')).toMatchObject({ status: 'skipped', skipReason: 'every paper it was built with has been withdrawn on arXiv since' });
    expect(smtp.recipients.flat()).not.toContain('gecko@example.org');
    // …and the run counts it under its own cause, not as "no new paper matched" (send's summary).
    expect(retried).toMatchObject({ sent: 1, skipped: 1, skippedFor: { nothingNew: 0, withdrawn: 1, inactive: 0 } });
  });

  it('sends the one with a paper left, with that paper only', async () => {
    expect(await delivery('lemur@example.org')).toMatchObject({ status: 'sent' });
    const mail = smtp.messages.find((message) => JSON.stringify(message.to).includes('lemur@example.org'))!;
    expect(mail.text).toContain(LEMUR_TOO);
    expect(mail.text).not.toContain(LEMUR);
  });
});
