// Revocation that revokes: once an address has subscribed again (its link key rotated when the new
// confirmation link is clicked), every link mailed before (confirm, manage, unsubscribe, More / Less
// like this, and the web views of its digests) answers 410 with a page that says what happened and
// how to get a working link; the new round's links work. Until that click, nothing is revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackLinks } from '../../src/subscriptions/links.js';
import { eraseSubscriber } from '../../src/subscriptions/removal.js';
import { lastMailTo, linkIn, mailedDigest, startHarness, subscribeAndConfirm, subscribeByForm, subscriberByEmail, type Harness } from './harness.js';

describe('revoking old links', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('tells a reader whose address was erased that its links went with it, not that they were replaced', async () => {
    const links = await subscribeAndConfirm(h, 'erased@example.org');
    const reader = (await subscriberByEmail(h, 'erased@example.org'))!;
    const digest = `/digest/${await mailedDigest(h, reader.id, '2026-11-19', 'erased-digest-token-aaaaaaa')}`;
    await eraseSubscriber(h.app.prisma, 'erased@example.org');
    for (const url of [links.preferences, links.unsubscribe]) {
      const page = await h.server.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('<h1>This link no longer works</h1>');
      expect(page.body).toContain('when an address is erased from the list, with everything kept about it, its links go with it');
      expect(page.body).not.toContain('has been replaced');
    }
    const gone = await h.server.inject({ method: 'GET', url: digest });
    expect(gone.statusCode).toBe(404);
    expect(gone.body).toContain('the digest was deleted with the address it was sent to');
  });

  it('answers 410 to every link of an earlier subscription, web views included', async () => {
    const old = await subscribeAndConfirm(h, 'rotate@example.org');
    const first = (await subscriberByEmail(h, 'rotate@example.org'))!;
    const oldDigest = `/digest/${await mailedDigest(h, first.id, '2026-11-20', 'old-digest-token-aaaaaaaaaa')}`;
    expect((await h.server.inject({ method: 'GET', url: oldDigest })).statusCode).toBe(200);
    const now = h.app.clock.now();
    const paper = await h.app.prisma.paper.create({ data: { titleKey: 'a rated paper', title: 'A rated paper', abstract: 'An abstract.', firstSeenAt: now, lastSeenAt: now } });
    const more = new URL(feedbackLinks('https://x.example', h.app.signer, first.feedbackKey, paper.id).more).pathname;
    expect((await h.server.inject({ method: 'GET', url: more })).statusCode).toBe(200);

    const bye = await h.server.inject({ method: 'POST', url: old.unsubscribe, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(bye.statusCode).toBe(200);
    // Leaving alone revokes nothing: the manage link offers the way back, the digest still opens.
    expect((await h.server.inject({ method: 'GET', url: old.preferences })).statusCode).toBe(200);
    expect((await h.server.inject({ method: 'GET', url: oldDigest })).statusCode).toBe(200);

    await subscribeByForm(h, 'rotate@example.org');
    const fresh = linkIn(lastMailTo(h, 'rotate@example.org'), 'confirm');
    // Asking is not confirming: anyone can type the address, so the links mailed before still work.
    for (const url of [old.preferences, old.unsubscribe, oldDigest, more]) {
      expect((await h.server.inject({ method: 'GET', url })).statusCode, url.split('/')[1]).toBe(200);
    }
    expect((await h.server.inject({ method: 'POST', url: fresh })).statusCode).toBe(200);
    expect((await subscriberByEmail(h, 'rotate@example.org'))?.status).toBe('active');

    const oneClick = { 'content-type': 'application/x-www-form-urlencoded' };
    const stale: Array<['GET' | 'POST', string, Record<string, string>?, string?]> = [
      ['GET', oldDigest],
      ['GET', old.preferences],
      ['POST', old.preferences, { 'content-type': 'application/json', accept: 'text/html' }, '{"action":"resubscribe"}'],
      ['GET', old.unsubscribe],
      ['POST', old.unsubscribe, oneClick, 'List-Unsubscribe=One-Click'],
      ['GET', old.confirm],
      ['GET', more],
      ['POST', more, { 'content-type': 'application/json', accept: 'text/html' }, '{"action":"more"}'],
    ];
    for (const [method, url, headers, payload] of stale) {
      const page = await h.server.inject({ method, url, headers, payload });
      expect(page.statusCode, `${method} ${url.split('/')[1]}`).toBe(410);
      expect(page.body, url).toContain('Enter your address on the subscribe page');
      if (String(page.headers['content-type']).startsWith('text/html')) {
        expect(page.body, url).toMatch(/<h1>This (digest link has been replaced|link no longer works)<\/h1>/);
        expect(page.body, url).toContain('href="/"');
      }
      const json = await h.server.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
      expect(json.statusCode).toBe(410);
      expect(json.json().error.code).toMatch(/^revoked_/);
    }
    expect((await subscriberByEmail(h, 'rotate@example.org'))?.status).toBe('active');

    // The new round's links work (a second click on its confirm link just says so), and so does a
    // digest mailed under the new key.
    const again = await h.server.inject({ method: 'GET', url: fresh });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('already confirmed');
    const welcome = lastMailTo(h, 'rotate@example.org');
    expect((await h.server.inject({ method: 'GET', url: linkIn(welcome, 'preferences') })).statusCode).toBe(200);
    const newDigest = await mailedDigest(h, first.id, '2026-11-23', 'new-digest-token-bbbbbbbbbb');
    expect((await h.server.inject({ method: 'GET', url: `/digest/${newDigest}` })).statusCode).toBe(200);
    expect((await h.server.inject({ method: 'GET', url: oldDigest })).statusCode).toBe(410);
  });
});
