// The whole path, for real: corpus pages -> papers -> subscribers -> matched, rendered digests ->
// messages accepted by an SMTP server and parsed back. Each test starts from its own world.
import type { ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
  let clock: ReturnType<typeof fixedClock>;

  beforeEach(async () => {
    clock = fixedClock(new Date('2026-11-22T08:00:00Z'));
    db = await createTestDatabase(backend);
    smtp = await startSmtpSink();
    app = await openTestApp(db, { clock, env: { SMTP_URL: smtp.url } });
    const report = await ingestFiles(app.db, await listPageFiles([SEEDS_DIR]), { now: clock.now() });
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
  afterEach(async () => {
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
    // The harness's PUBLIC_URL is http: one-click (https only, RFC 8058) is not claimed.
    expect(header('list-unsubscribe-post')).toBe('');
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
    const deps = await app.deliveryDeps();
    await runSend(deps, { mode: 'now' });
    const firstDay = smtp.messages.length;
    const ledger = (email: string) => app.prisma.sentPaper.count({ where: { subscriber: { email } } });
    const sentFirstDay = { ada: await ledger('ada@example.org'), grace: await ledger('grace@example.org') };
    clock.advance(24 * 3600_000);
    await runSend(deps, { mode: 'now' });
    const secondDay = smtp.messages.slice(firstDay);
    expect(secondDay.length).toBeGreaterThan(0);
    for (const [name, email] of [['ada', 'ada@example.org'], ['grace', 'grace@example.org']] as const) {
      const [first, second] = [smtp.messages.slice(0, firstDay), secondDay].map((mails) => mails.filter((m) => addressedTo(m, email)).flatMap(paperTitles));
      // Read back from the mail itself: as many titles as the ledger says were sent that day.
      expect(first!.length, email).toBe(sentFirstDay[name]);
      expect(first!.filter((title) => second!.includes(title)), email).toEqual([]);
    }
  });
});

function addressedTo(mail: ParsedMail, email: string): boolean {
  return JSON.stringify(mail.to).includes(email);
}

/** The papers of a digest as its reader sees them: the numbered title lines of the text part. */
function paperTitles(mail: ParsedMail): string[] {
  return (mail.text ?? '').split('\n').flatMap((line) => /^\d+\. (.+)$/.exec(line)?.[1] ?? []);
}
