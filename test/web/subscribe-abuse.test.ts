// Subscribe that cannot be turned against anyone: addresses within RFC 5321's limits, one budget
// per mailbox however it is spelled, one subscriber per mailbox, no stranger's words in anyone's
// inbox, and a relay that refuses the email gets a page that says so (never a 500), keeps the
// request and logs no address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribeByEmail } from '../../src/subscriptions/removal.js';
import { startSmtpSink, type SmtpSink } from '../../testkit/smtp-sink.js';
import { captureLogs, lastMailTo, linkIn, mailTo, openForm, postForm, startHarness, subscribeAndConfirm, subscriberByEmail, SUBSCRIBE_FIELDS, type Harness } from './harness.js';

const json = (h: Harness, email: string, extra: Record<string, unknown> = {}, ip = '203.0.113.7') =>
  h.server.inject({ method: 'POST', url: '/subscribe', remoteAddress: ip, payload: { email, topics: ['llms'], ...extra } });

describe('addresses and mailboxes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ web: { subscribePerAddress: { max: 3, timeWindowMs: 3_600_000 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('holds addresses to RFC 5321 limits: local part 64, domain 255 (labels 63), address 254', async () => {
    const refused: Array<[string, RegExp]> = [
      [`${'a'.repeat(242)}@example.org`, /longer than 254|more than 64/],
      [`${'a'.repeat(65)}@example.org`, /before the @ has more than 64/],
      [`ada@${'d'.repeat(64)}.org`, /after the @ is longer than a domain name/],
      [`ada@${Array.from({ length: 5 }, () => 'd'.repeat(60)).join('.')}.org`, /longer than 254/],
    ];
    for (const [email, message] of refused) {
      const res = await json(h, email);
      expect(res.statusCode, email.length.toString()).toBe(400);
      expect(res.json().error.problems.join(' ')).toMatch(message);
    }
    expect((await json(h, `${'a'.repeat(64)}@example.org`)).statusCode).toBe(202);
  });

  it('counts one budget per mailbox: case and +tags do not make a new one, whatever the IP', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await json(h, `Victim+${i}@Example.org`, {}, `198.51.100.${i + 1}`)).statusCode);
    expect(answers).toEqual([202, 202, 202, 429, 429, 429]);
    const inbox = h.smtp.recipients.filter((to) => to.some((address) => /^victim\+\d@example\.org$/i.test(address)));
    expect(inbox).toHaveLength(3);
  });

  it('keeps one subscriber per mailbox, whatever the case', async () => {
    await subscribeAndConfirm(h, 'Enum-Active-3@example.org');
    const mails = mailTo(h, 'Enum-Active-3@example.org').length;
    expect((await json(h, 'enum-active-3@example.org', {}, '192.0.2.1')).statusCode).toBe(202);
    expect(await h.app.prisma.subscriber.count({ where: { emailKey: 'enum-active-3@example.org' } })).toBe(1);
    expect(await h.app.prisma.subscriber.count({ where: { email: 'enum-active-3@example.org' } })).toBe(0);
    // The subscriber already there was mailed its manage link, at the address it confirmed.
    expect(mailTo(h, 'Enum-Active-3@example.org')).toHaveLength(mails + 1);
    expect(linkIn(lastMailTo(h, 'Enum-Active-3@example.org'), 'preferences')).toMatch(/^\/preferences\//);
    // The operator's commands find the mailbox the same way.
    const removed = await unsubscribeByEmail(h.app.prisma, 'ENUM-ACTIVE-3@example.org', { now: h.clock.now(), source: 'cli' });
    expect(removed).toEqual({ email: 'Enum-Active-3@example.org', changed: true });
  });

  it('never mails a stranger’s text: catalogue topics by name, the rest counted', async () => {
    await json(h, 'target@example.org', { topics: ['Click https://evil.example/win', 'FREE MONEY now'] }, '192.0.2.2');
    const mail = lastMailTo(h, 'target@example.org');
    expect(mail.text).toContain('on 2 topics of your own.');
    for (const part of [mail.text, mail.html, mail.subject]) expect(String(part)).not.toMatch(/evil|FREE MONEY/);
  });
});

describe('a relay that refuses', () => {
  const captured = captureLogs();
  let refusing: SmtpSink;
  let h: Harness;
  let down: Harness;
  beforeAll(async () => {
    refusing = await startSmtpSink({
      onRecipient: (address) =>
        address.startsWith('nobody')
          ? { code: 550, message: `5.1.1 <${address}>: Recipient address rejected: User unknown` }
          : address.startsWith('denied')
            ? { code: 550, message: '5.7.1 Relaying denied' }
            : address.startsWith('syntax')
              ? { code: 501, message: `5.1.3 Bad recipient address syntax <${address}>` }
              : undefined,
    });
    // The answer waits for the relay's (as it does by default, 800 ms); the harness's 100 ms is too
    // short for a first connection on a busy machine.
    const web = { subscribeAnswerMs: 1500 };
    h = await startHarness({ web, env: { SMTP_URL: refusing.url }, app: (app) => ({ ...app, log: captured.log }) });
    // Nothing listens on port 9 of this machine: the relay is unreachable.
    down = await startHarness({ web, env: { SMTP_URL: 'smtp://127.0.0.1:9' }, app: (app) => ({ ...app, log: captured.log }) });
    // Templates compile on first use (seconds on a busy machine); `serve` has them compiled by then.
    await Promise.all([h.app.renderer(), down.app.renderer()]);
  });
  afterAll(async () => {
    await h?.close();
    await down?.close();
    await refusing?.close();
  });

  it('shows a page that says what happened, keeps the pending row and logs the address masked', async () => {
    const cases: Array<[Harness, string, number, string, string]> = [
      [h, 'nobody-here@example.org', 400, 'address_refused', 'We could not email this address'],
      [h, 'syntax@example.org', 400, 'address_refused', 'We could not email this address'],
      [h, 'denied@example.org', 503, 'mail_unavailable', 'We could not send the email just now'],
      [down, 'unreachable@example.org', 503, 'mail_unavailable', 'We could not send the email just now'],
    ];
    for (const [harness, email, status, code, title] of cases) {
      const session = await openForm(harness.server, '/');
      const page = await postForm(harness.server, '/subscribe', { email, ...SUBSCRIBE_FIELDS }, session);
      expect(page.statusCode, email).toBe(status);
      expect(page.body).toContain(title);
      expect(page.body).not.toContain('Something went wrong on our side');
      const answer = await json(harness, email, {}, '192.0.2.9');
      expect(answer.statusCode).toBe(status);
      expect(answer.json().error.code).toBe(code);
      expect((await subscriberByEmail(harness, email))?.status, email).toBe('pending');
    }
    const logs = captured.lines.join('');
    expect(logs).toContain('subscribe email refused by the relay');
    // A relay nobody answers at refused nothing: the log says it was not reached, and why.
    const unreached = captured.lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'subscribe email not sent: the relay (SMTP_URL) could not be reached or talked to; the request is kept');
    expect(unreached.map((entry) => entry.to)).toEqual(['u***@example.org', 'u***@example.org']);
    expect(unreached[0].reason).toMatch(/ECONNREFUSED 127\.0\.0\.1:9/);
    expect(captured.lines.filter((line) => line.includes('refused by the relay') && line.includes('u***@example.org'))).toEqual([]);
    expect(logs).toContain('"to":"n***@example.org"');
    expect(logs).not.toMatch(/nobody-here|syntax@|denied@|unreachable@/);
    expect(captured.lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request failed')).toEqual([]);
  });
});
