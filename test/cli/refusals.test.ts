// An SMTP server that refuses one reader for good: what the operator reads at each step (send, its
// warnings, status, the next send, retry) names who was refused, why, and what a retry would do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { startSmtpSink, type SmtpSink } from '../../testkit/smtp-sink.js';
import { runPaperboy } from '../helpers/cli.js';
import { freePort } from '../helpers/serve.js';
import { resolverSaysNoSuchHost } from '../helpers/resolver.js';

describe('a recipient the server refuses', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    sink = await startSmtpSink({
      onRecipient: (to) =>
        to.startsWith('gone@') ? { code: 550, message: '5.1.1 user unknown' } : to.startsWith('full@') ? { code: 552, message: '5.2.2 mailbox full' } : undefined,
    });
    // LOG_LEVEL as an operator leaves it: the command's warnings are on.
    env = testEnv(db, { SMTP_URL: sink.url, LOG_LEVEL: undefined });
    expect((await runPaperboy(['ingest'], env)).code).toBe(0);
    for (const email of ['ada@example.org', 'gone@example.org', 'full@example.org']) {
      expect((await runPaperboy(['subscribe', email, '--topic', 'diffusion models'], env)).code).toBe(0);
    }
  }, 120_000);
  afterAll(async () => {
    await sink?.close();
    await db?.drop();
  });

  it('says who was refused and why, and never offers retry --failed for them', async () => {
    const send = await runPaperboy(['send', '--now', '--wait', '0'], env);
    expect(send.code).toBe(3);
    expect(send.stdout).toMatch(/^3 active subscribers considered: 1 digest sent, 2 refused by the server\.$/m);
    expect(send.stderr).toMatch(/^paperboy: warning: no such mailbox: not retried \(g\*\*\*@example\.org: 550 5\.1\.1 user unknown\)$/m);
    expect(send.stderr).toMatch(/^paperboy: warning: permanent failure: not retried \(f\*\*\*@example\.org: 552 5\.2\.2 mailbox full\)$/m);

    const status = await runPaperboy(['status'], env);
    expect(status.stdout).toMatch(/^ {2}edition +sent +failed +bounced +skipped +state$/m);
    expect(status.stdout).toMatch(/^ {2}daily:\S+ +1 +0 +2 +0 +complete /m);
    // Within a terminal's 80 columns.
    for (const line of status.stdout.split('\n').filter((l) => /^ {2}(edition|daily:)/.test(l))) expect(line.length).toBeLessThanOrEqual(80);

    // The mailbox that does not exist is suspended; the full one stays and is counted apart.
    expect((await runPaperboy(['subscribe', 'late@example.org', '--topic', 'diffusion models'], env)).code).toBe(0);
    const again = await runPaperboy(['send', '--now', '--wait', '0'], env);
    expect(again.stdout).toMatch(/^3 active subscribers considered: 1 digest sent, 1 already had this edition, 1 refused earlier by the server \(never retried\)\.$/m);
    expect(JSON.parse((await runPaperboy(['send', '--now', '--json'], env)).stdout)).toMatchObject({ earlierFailed: 1, earlierBounced: 1 });
    const retry = await runPaperboy(['retry', '--failed'], env);
    expect(retry.stdout.trim()).toBe('Nothing failed: nothing to retry.');
    expect(sink.recipients.flat().sort()).toEqual(['ada@example.org', 'late@example.org']);

    // An SMTP_URL nobody answers at: the delivery waits for a retry, and the command says why.
    // Hour 0: due whatever the time of day the test runs (the default, 07:00, is not due before 07:00 UTC).
    expect((await runPaperboy(['subscribe', 'next@example.org', '--topic', 'diffusion models', '--hour', '0'], env)).code).toBe(0);
    const port = await freePort();
    const unreachable = await runPaperboy(['send', '--wait', '0'], { ...env, SMTP_URL: `smtp://127.0.0.1:${port}` });
    expect(unreachable.stdout).toMatch(/, 1 still pending \(the next scheduled send retries them\)\.$/m);
    expect(unreachable.stderr.trim()).toBe(
      `paperboy: warning: temporary failure: will retry (n***@example.org: connect ECONNREFUSED 127.0.0.1:${port}: nothing accepted the connection at SMTP_URL's host and port; check that the relay is running there, and SMTP_URL)`,
    );
    // status does not read that run as a plain success: the relay was never reached.
    const after = await runPaperboy(['status'], env);
    // Every line within 80 columns, the long error wrapped under the job's text, not under its name.
    for (const line of after.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(after.stdout).toMatch(/^ {2}send {5}last run .*\n {11}\S/m);
    expect(after.stdout.replace(/\n {11}/g, ' ')).toMatch(new RegExp(`^ {2}send +last run .*, ended [^;]*, but 1 digest left pending after a temporary failure \\(.*connect ECONNREFUSED 127\\.0\\.0\\.1:${port}: nothing accepted the connection at SMTP_URL's host and port; check that the relay is running there, and SMTP_URL\\); the next send run retries them$`, 'm'));
  }, 240_000); // ten commands, each seconds on a loaded machine
});

describe('an SMTP_URL whose host name does not resolve', () => {
  let db: TestDatabase;
  afterAll(async () => {
    await db?.drop();
  });

  it("says plainly, in send's warning and in status (the words /admin shows too), that the host does not resolve and what to check", async (ctx) => {
    if (!(await resolverSaysNoSuchHost('no-such-host.invalid'))) ctx.skip();
    db = await createTestDatabase('postgres');
    // A host that no resolver knows (.invalid is reserved for that): it fails the same way at every run.
    const env = testEnv(db, { SMTP_URL: 'smtp://no-such-host.invalid:25', LOG_LEVEL: undefined });
    expect((await runPaperboy(['ingest'], env)).code).toBe(0);
    expect((await runPaperboy(['subscribe', 'dns@example.org', '--topic', 'diffusion models'], env)).code).toBe(0);
    const send = await runPaperboy(['send', '--now', '--wait', '0'], env);
    const said = "getaddrinfo ENOTFOUND no-such-host.invalid: the host name in SMTP_URL does not resolve; check it for a typo, and that this machine's DNS knows it";
    // Still retried: a resolver that lost its upstream answers so too.
    expect(send.code).toBe(3);
    expect(send.stdout).toBe('1 active subscriber considered: 0 digests sent, 1 still pending (the next scheduled send retries them).\n');
    expect(send.stderr.trim()).toBe(`paperboy: warning: temporary failure: will retry (d***@example.org: ${said})`);
    const status = JSON.parse((await runPaperboy(['status', '--json'], env)).stdout) as { jobs: Array<{ name: string; lastError: string | null }> };
    expect(status.jobs.find((job) => job.name === 'send')?.lastError).toBe(`1 digest left pending after a temporary failure (${said}); the next send run retries them`);
    // A run that does not try it (its retry time has not come) says the error is an earlier one:
    // said as its own, a mended SMTP_URL read as still wrong.
    expect((await runPaperboy(['send', '--wait', '0'], { ...env, SMTP_URL: 'smtp://127.0.0.1:2' })).code).toBe(3);
    const later = JSON.parse((await runPaperboy(['status', '--json'], env)).stdout) as { jobs: Array<{ name: string; lastError: string | null }> };
    expect(later.jobs.find((job) => job.name === 'send')?.lastError).toBe(`1 digest left pending, waiting for a retry after an earlier temporary failure (${said}); the next send run retries them`);
  }, 240_000);
});
