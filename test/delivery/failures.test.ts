import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { classifyFailure, DEFAULT_RETRY, describeFailure, retryDelayMs } from '../../src/delivery/failures.js';
import { createRelayWatch } from '../../src/delivery/relay-watch.js';
import { seededRandom } from './helpers/world.js';
import { resolverSaysNoSuchHost } from '../helpers/resolver.js';

const smtpError = (responseCode: number, code = 'EENVELOPE') => Object.assign(new Error(`${responseCode} reply`), { responseCode, code });

describe('failure classification', () => {
  it('retries 4xx replies, timeouts and connection failures', () => {
    for (const code of [421, 450, 451, 452, 454]) expect(classifyFailure(smtpError(code, 'EMESSAGE'))).toBe('temporary');
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']) expect(classifyFailure(Object.assign(new Error(code), { code }))).toBe('temporary');
    expect(classifyFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET', originalCode: 'ECONNREFUSED' }))).toBe('temporary');
    // Not an SMTP answer at all (a database hiccup while building): worth another attempt.
    expect(classifyFailure(new Error('Connection terminated unexpectedly'))).toBe('temporary');
  });

  it('retries a relay host name that does not resolve, and says in the reason to check SMTP_URL', async (ctx) => {
    if (!(await resolverSaysNoSuchHost('no-such-host.invalid'))) ctx.skip();
    // nodemailer's own error, from the system's resolver: .invalid is a name no resolver knows.
    const transport = nodemailer.createTransport('smtp://no-such-host.invalid:25');
    const error: unknown = await transport.sendMail({ from: 'a@example.org', to: 'b@example.org', text: 'x' }).then(
      () => null,
      (failure: unknown) => failure,
    );
    transport.close();
    expect(error).toMatchObject({ code: 'EDNS', originalCode: 'ENOTFOUND' });
    expect(classifyFailure(error)).toBe('temporary');
    expect(describeFailure(error)).toBe("getaddrinfo ENOTFOUND no-such-host.invalid: the host name in SMTP_URL does not resolve; check it for a typo, and that this machine's DNS knows it");
    // A refused connection names what to check too (nodemailer's own error for it).
    expect(describeFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET', originalCode: 'ECONNREFUSED' }))).toBe(
      "connect ECONNREFUSED 127.0.0.1:2525: nothing accepted the connection at SMTP_URL's host and port; check that the relay is running there, and SMTP_URL",
    );
    // Other failures keep the server's or the system's own words.
    expect(describeFailure(Object.assign(new Error('read ECONNRESET'), { code: 'ESOCKET', originalCode: 'ECONNRESET' }))).toBe('read ECONNRESET');
  });

  it('reads 5xx replies by their enhanced status code: no such mailbox, policy, or other permanent', () => {
    const reply = (response: string) => Object.assign(new Error(response), { responseCode: Number(response.slice(0, 3)), response, code: 'EENVELOPE', command: 'RCPT TO' });
    for (const r of ['550 5.1.1 <a@b.c>: Recipient address rejected: User unknown', '556 5.1.10 Recipient address has null MX', '550 5.1.2 Bad destination system', '550 No such user here', '550 user unknown'])
      expect(classifyFailure(reply(r)), r).toBe('mailbox');
    for (const r of ['550 relaying denied', '554 5.7.1 <a@b.c>: Relay access denied', '550 5.7.1 Message rejected as spam', '550 5.7.26 Unauthenticated email is not accepted', '553 sorry, that domain isn\'t in my list of allowed rcpthosts', '550 5.1.8 Sender address rejected: Domain not found', '554 Access denied'])
      expect(classifyFailure(reply(r)), r).toBe('policy');
    for (const r of ['552 5.2.2 Mailbox full', '550 5.2.1 Mailbox disabled', '554 5.6.0 Message content rejected', '552 Message size exceeds fixed limit'])
      expect(classifyFailure(reply(r)), r).toBe('permanent');
    // Any 5xx answer to MAIL FROM refuses our sender, not the reader: "501 Bad sender address syntax".
    const sender = Object.assign(new Error('501 Error: Bad sender address syntax'), { responseCode: 501, response: '501 Error: Bad sender address syntax', code: 'EENVELOPE', command: 'MAIL FROM' });
    expect(classifyFailure(sender)).toBe('policy');
    // 4.x.x stays temporary whatever its subject (4.7.1 is greylisting).
    expect(classifyFailure(reply('451 4.7.1 Greylisted, try again later'))).toBe('temporary');
  });

  it('does not retry 5xx replies, except 503 (a session-state problem)', () => {
    for (const code of [550, 551, 552, 553, 554]) expect(classifyFailure(smtpError(code))).not.toMatch(/temporary|setup/);
    expect(classifyFailure(smtpError(503))).toBe('temporary');
    expect(classifyFailure(Object.assign(new Error('Invalid recipient'), { code: 'EENVELOPE', command: 'API' }))).toBe('permanent');
  });

  it('stops a run only when most recent answers, across several recipients, are policy refusals', () => {
    const watch = createRelayWatch({ minRecipients: 5, window: 20 });
    // One strict recipient server among many acceptances: never.
    for (let i = 0; i < 100; i++) expect(watch.note(`r${i}@x.org`, i % 10 === 0 ? 'policy' : 'accepted')).toBeNull();
    // The same recipient refused again and again is one recipient.
    const one = createRelayWatch();
    for (let i = 0; i < 10; i++) expect(one.note('same@x.org', 'policy')).toBeNull();
    const all = createRelayWatch();
    const verdicts = Array.from({ length: 5 }, (_, i) => all.note(`r${i}@x.org`, 'policy', '550 relaying denied'));
    expect(verdicts.slice(0, 4)).toEqual([null, null, null, null]);
    expect(verdicts[4]).toEqual({ cause: 'policy', refused: 5, of: 5, recipients: 5, example: '550 relaying denied' });
  });

  it('stops a run when nearly every recent answer, across ten recipients or more, is "no such mailbox"', () => {
    // A relay answering 5.1.1 to everyone suspended a whole list of 200 in one run.
    const all = createRelayWatch();
    const verdicts = Array.from({ length: 20 }, (_, i) => all.note(`r${i}@x.org`, 'mailbox', '550 5.1.1 No such user'));
    expect(verdicts.slice(0, 19).every((v) => v === null)).toBe(true);
    expect(verdicts[19]).toEqual({ cause: 'mailbox', refused: 20, of: 20, recipients: 20, example: '550 5.1.1 No such user' });
    // An old list with many gone addresses among live ones: never.
    const old = createRelayWatch();
    for (let i = 0; i < 200; i++) expect(old.note(`r${i}@x.org`, i % 5 === 0 ? 'accepted' : 'mailbox')).toBeNull();
  });

  it('blames our own setup, not the recipient, for a refused login or TLS', () => {
    expect(classifyFailure(Object.assign(new Error('535 Authentication failed'), { code: 'EAUTH', responseCode: 535 }))).toBe('setup');
    expect(classifyFailure(Object.assign(new Error('self-signed certificate'), { code: 'ETLS' }))).toBe('setup');
  });

  it('stops on TLS that cannot be set up (smtps:// at a plain port, an untrusted certificate), saying what to fix', async () => {
    // Real servers: one that speaks plain SMTP first (as on 587), one with TLS from the first byte
    // and smtp-server's built-in certificate, which this machine does not trust (expired).
    const plain = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], onData: (stream, _session, done) => stream.resume().on('end', () => done()) });
    const secure = new SMTPServer({ secure: true, authOptional: true, logger: false, onData: (stream, _session, done) => stream.resume().on('end', () => done()) });
    secure.on('error', () => {}); // the client hanging up mid-handshake
    const port = (server: SMTPServer) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port)));
    const failureOf = async (url: string) => {
      const transport = nodemailer.createTransport(url);
      const error: unknown = await transport.sendMail({ from: 'a@example.org', to: 'b@example.org', text: 'x' }).then(() => null, (failure: unknown) => failure);
      transport.close();
      return error;
    };
    try {
      const wrongVersion = await failureOf(`smtps://127.0.0.1:${await port(plain)}`);
      expect(classifyFailure(wrongVersion)).toBe('setup');
      expect(describeFailure(wrongVersion)).toMatch(/^TLS handshake failed \(wrong version number\): .*smtps:\/\/ is for a port such as 465/);
      const untrusted = await failureOf(`smtps://127.0.0.1:${await port(secure)}`);
      expect(classifyFailure(untrusted)).toBe('setup');
      expect(describeFailure(untrusted)).toMatch(/^the relay's TLS certificate was not accepted \(.+\): renew or correct it/);
    } finally {
      plain.close();
      secure.close();
    }
  });
});

describe('retry delays', () => {
  it('grow exponentially with jitter in the upper half, up to the cap', () => {
    const random = seededRandom(7);
    const policy = { ...DEFAULT_RETRY, baseMs: 1000, maxMs: 10_000 };
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(10_000, 1000 * 2 ** (attempt - 1));
      for (let i = 0; i < 20; i++) {
        const delay = retryDelayMs(attempt, policy, random);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('give up after about an hour and a half by default', () => {
    let worst = 0;
    for (let attempt = 1; attempt < DEFAULT_RETRY.maxAttempts; attempt++) worst += retryDelayMs(attempt, DEFAULT_RETRY, () => 1);
    expect(worst / 60_000).toBeGreaterThan(60);
    expect(worst / 60_000).toBeLessThan(120);
  });
});
