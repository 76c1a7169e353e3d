// The sender's last check before a message goes (the database answers, the claim is still ours) is
// made when an SMTP connection is free to take it, not earlier: a message checked and then left
// waiting in the transport's queue would go out unchecked after a freeze (Ctrl-Z, a paused VM) in
// which another run took it over and sent it. A real SMTP server that holds every message until
// the test lets it go.
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/delivery/mailer.js';

describe('handing messages to the SMTP pool', () => {
  let server: SMTPServer | undefined;
  let mailer: Mailer | undefined;
  afterEach(async () => {
    await mailer?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('checks each message only when a connection is free for it', { timeout: 30_000 }, async () => {
    const held: Array<() => void> = [];
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => held.push(() => callback()));
      },
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as { port: number }).port;
    const POOL = 2;
    mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir: '/nonexistent', from: 'Paperboy <digest@example.org>', poolSize: POOL, mimeThreads: 0 });
    let checked = 0;
    const sends = Array.from({ length: 8 }, (_, i) =>
      mailer!.send(
        { to: `reader${i}@example.org`, subject: `Digest ${i}`, text: 'Papers.', html: '<p>Papers.</p>' },
        { beforeHandOver: async () => void checked++ },
      ),
    );
    // Both connections are busy with a message the server holds…
    await expect.poll(() => held.length, { timeout: 10_000 }).toBe(POOL);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // …and the six others wait unchecked: their check comes when a connection is theirs.
    expect(checked).toBe(POOL);
    // Let every message through as it arrives.
    const release = setInterval(() => held.splice(0).forEach((done) => done()), 20);
    try {
      const results = await Promise.all(sends);
      expect(results).toHaveLength(8);
      expect(checked).toBe(8);
    } finally {
      clearInterval(release);
    }
  });
});
