// A service set up again under another APP_SECRET (moved to a new server, embedded to PostgreSQL)
// fails every link mailed before. A reader who clicks one is told that, not that they copied it in
// part, and the operator is told in the log which setting brings them all back; a damaged or forged
// link still reads as one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkBuilder } from '../../src/subscriptions/links.js';
import { createTokenSigner } from '../../src/subscriptions/tokens.js';
import { captureLogs, startHarness, subscribeAndConfirm, subscriberByEmail, type Harness } from './harness.js';

const OLD_SECRET = 'the-secret-the-old-install-signed-with-0123';

describe('links signed under another APP_SECRET', () => {
  const captured = captureLogs();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ app: (app) => ({ ...app, log: captured.log }) });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("tell the reader the service was set up again, and the operator which secret would bring them back", async () => {
    await subscribeAndConfirm(h, 'moved@example.org');
    const reader = (await subscriberByEmail(h, 'moved@example.org'))!;
    const now = h.app.clock.now();
    const paper = await h.app.prisma.paper.create({ data: { titleKey: 'a paper', title: 'A paper', abstract: 'An abstract.', firstSeenAt: now, lastSeenAt: now } });
    const old = createLinkBuilder({ publicUrl: 'http://paperboy.test', signer: createTokenSigner(OLD_SECRET) });
    const path = (url: string) => new URL(url).pathname;
    const links = old.forSubscriber(reader.linkKey);
    const feedback = old.feedback(reader.feedbackKey, paper.id);
    captured.lines.length = 0;
    for (const url of [links.preferences, links.unsubscribe, feedback.more]) {
      const page = await h.server.inject({ method: 'GET', url: path(url) });
      expect(page.statusCode, url).toBe(410);
      expect(page.body).toContain('It comes from an email sent before this service was set up again');
      expect(page.body).not.toContain('copied only in part');
    }
    // The one-click unsubscribe of a mail client, too: nothing changes, and it is told why.
    const oneClick = await h.server.inject({ method: 'POST', url: path(links.unsubscribe), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode).toBe(410);
    expect((await subscriberByEmail(h, 'moved@example.org'))?.status).toBe('active');
    const warnings = captured.lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.msg.includes('APP_SECRET is not the secret'));
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toMatchObject({ level: 40 });
    expect(warnings[0]!.msg).toContain('DATA_DIR/app-secret');
    expect(captured.lines.join('\n')).not.toContain(reader.linkKey);
  });

  it('still reads a link copied in part, or one naming no reader, as a damaged link', async () => {
    await subscribeAndConfirm(h, 'kept@example.org');
    const reader = (await subscriberByEmail(h, 'kept@example.org'))!;
    const here = createLinkBuilder({ publicUrl: 'http://paperboy.test', signer: h.app.signer }).forSubscriber(reader.linkKey);
    const cut = new URL(here.preferences).pathname.slice(0, -5);
    const stranger = new URL(createLinkBuilder({ publicUrl: 'http://paperboy.test', signer: createTokenSigner(OLD_SECRET) }).forSubscriber('nobody-holds-this-key-000').preferences).pathname;
    captured.lines.length = 0;
    for (const url of [cut, stranger]) {
      const page = await h.server.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(404);
      expect(page.body).toContain('copied only in part');
    }
    expect(captured.lines.join('\n')).not.toContain('APP_SECRET is not the secret');
  });
});
