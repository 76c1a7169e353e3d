// The whole path, for real: corpus pages -> papers -> subscribers -> matched, rendered digests ->
// messages accepted by an SMTP server and parsed back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ingestFiles, listPageFiles } from '../../src/corpus/index.js';
import { runSend } from '../../src/delivery/index.js';
import { subscribeConfirmed, operatorSubscriptionSchema } from '../../src/subscriptions/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openTestApp, SEEDS_DIR } from '../../testkit/app.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { startSmtpSink, type SmtpSink } from '../../testkit/smtp-sink.js';
import { allStoredPapers } from '../helpers/content.js';

describe.each(BACKENDS)('corpus to inbox on %s', (backend) => {
  let db: TestDatabase;
  let smtp: SmtpSink;
  let app: App;
  const clock = fixedClock(new Date('2026-11-22T08:00:00Z'));

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    smtp = await startSmtpSink();
    app = await openTestApp(db, { clock, env: { SMTP_URL: smtp.url } });
    const report = await ingestFiles(app.prisma, await listPageFiles([SEEDS_DIR]), { now: clock.now() });
    expect(report.errors).toEqual([]);
    for (const [email, topics] of [
      ['ada@example.org', ['diffusion models']],
      ['grace@example.org', ['retrieval', 'Large language models']],
      ['nobody@example.org', ['underwater basket weaving']],
    ] as const) {
      const input = operatorSubscriptionSchema.parse({ email, topics, preferences: { timeZone: 'UTC' } });
      await subscribeConfirmed(app.prisma, input, { source: 'cli', defaultTimeZone: 'UTC', now: clock.now() });
    }
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  it('sends each subscriber a digest of papers matching their topics, once', async () => {
    const deps = await app.deliveryDeps();
    const first = await runSend(deps, { mode: 'now' });
    expect(first).toEqual({ subscribers: 3, sent: 2, skipped: 1, failed: 0 });
    expect(smtp.recipients.map((r) => r[0]).sort()).toEqual(['ada@example.org', 'grace@example.org']);

    const ada = smtp.messages.find((m) => m.headers.get('to') && JSON.stringify(m.to).includes('ada@example.org'))!;
    expect(ada.subject).toMatch(/diffusion models/i);
    expect(ada.text).toMatch(/matched: Diffusion models \(/);
    const header = (name: string) => ada.headerLines.find((h) => h.key === name)?.line ?? '';
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    // https one-click only: no UNSUBSCRIBE_MAILTO is set, and MAIL_FROM is never offered as one.
    expect(header('list-unsubscribe').replace(/\r?\n[ \t]+/g, ' ')).toMatch(/^List-Unsubscribe: <http:\/\/paperboy\.test\/unsubscribe\/[^>]+>$/);

    // Every paper the ledger says was sent is in the digest; those picked for the topic match it
    // (the trending section's papers are, by design, outside the reader's topics).
    const sent = await app.prisma.sentPaper.findMany({ where: { subscriber: { email: 'ada@example.org' } }, include: { paper: true } });
    const trending = new Set((await allStoredPapers(app.prisma)).filter((row) => row.trending).map((row) => row.paperId));
    expect(sent.filter((row) => !trending.has(row.paperId)).length).toBeGreaterThan(0);
    for (const { paper } of sent) {
      expect(ada.text).toContain(paper.title);
      if (!/[&<>"'=`]/.test(paper.title)) expect(ada.html).toContain(paper.title);
      if (!trending.has(paper.id)) expect(`${paper.title} ${paper.abstract}`).toMatch(/diffusion/i);
    }

    const again = await runSend(deps, { mode: 'now' });
    expect(again.sent).toBe(0);
    expect(smtp.messages).toHaveLength(2);
  });

  it('never sends a paper twice to the same subscriber on a later day', async () => {
    clock.advance(24 * 3600_000);
    const before = smtp.messages.length;
    await runSend(await app.deliveryDeps(), { mode: 'now' });
    const ledger = await app.prisma.sentPaper.groupBy({ by: ['subscriberId', 'paperId'], _count: true });
    expect(ledger.every((row) => row._count === 1)).toBe(true);
    const titles = smtp.messages.slice(before).flatMap((m) => (m.text ?? '').split('\n'));
    const earlier = new Set(smtp.messages.slice(0, before).flatMap((m) => (m.text ?? '').split('\n')).filter((l) => l.length > 40));
    for (const line of titles.filter((l) => l.length > 40 && /^\d+\. /.test(l))) expect(earlier.has(line)).toBe(false);
  });
});
