// Headers, escaping, logs and failures: what a reader never sees, but would be hurt by if it went wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureLogs,
  lastMailTo,
  linkIn,
  openForm,
  postForm,
  startHarness,
  subscribeAndConfirm,
  subscribeByForm,
  SUBSCRIBE_FIELDS,
  type Harness,
} from './harness.js';

describe('security headers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sets a nonce CSP that admits the page’s own style and script only, and the usual headers', async () => {
    const page = await h.server.inject({ method: 'GET', url: '/' });
    const csp = String(page.headers['content-security-policy']);
    const scriptNonce = /script-src 'self' 'nonce-([0-9a-f]+)'/.exec(csp)?.[1];
    const styleNonce = /style-src 'self' 'nonce-([0-9a-f]+)'/.exec(csp)?.[1];
    expect(scriptNonce).toBeTruthy();
    expect(page.body).toContain(`<script nonce="${scriptNonce}">`);
    expect(page.body).toContain(`<style nonce="${styleNonce}">`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(page.body).not.toMatch(/ style="/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['strict-transport-security']).toBeUndefined();
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // A second page gets fresh nonces.
    const again = await h.server.inject({ method: 'GET', url: '/' });
    expect(again.headers['content-security-policy']).not.toBe(csp);
  });

  it('keeps link pages out of search engines and caches', async () => {
    const { preferences, unsubscribe } = await subscribeAndConfirm(h, 'robots@example.org');
    for (const url of [preferences, unsubscribe]) {
      const page = await h.server.inject({ method: 'GET', url });
      expect(page.headers['x-robots-tag']).toMatch(/noindex/);
      expect(page.headers['cache-control']).toBe('no-store');
    }
  });

  it('escapes whatever a reader types, in pages and in mail', async () => {
    const evil = '<img src=x onerror=alert(1)> & "quotes"';
    const { preferences } = await subscribeAndConfirm(h, 'escape@example.org', { ...SUBSCRIBE_FIELDS, customTopics: evil });
    const page = await h.server.inject({ method: 'GET', url: preferences });
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; &quot;quotes&quot;');
    const confirmation = await subscribeByForm(h, 'escape2@example.org', { ...SUBSCRIBE_FIELDS, customTopics: evil });
    expect(confirmation.statusCode).toBe(200);
    const mail = lastMailTo(h, 'escape2@example.org');
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.subject).toBe('Confirm your Paperboy subscription');
  });
});

describe('over https', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { PUBLIC_URL: 'https://papers.example.org' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('marks the cookie Secure, sends HSTS and upgrades insecure requests', async () => {
    const page = await h.server.inject({ method: 'GET', url: '/' });
    expect(String(page.headers['set-cookie'])).toMatch(/Secure/);
    expect(page.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(page.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});

describe('logs and failures', () => {
  const captured = captureLogs();
  let h: Harness;
  let broken = false;
  beforeAll(async () => {
    h = await startHarness({
      // Long enough for the failing email to fail before the answer is due, even on a busy machine.
      web: { subscribeAnswerMs: 1500 },
      app: (app) => ({
        ...app,
        log: captured.log,
        renderer: async () => {
          if (broken) throw new Error('renderer exploded: template missing');
          return app.renderer();
        },
      }),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('logs no address and no link token, even of requests to token routes', async () => {
    const links = await subscribeAndConfirm(h, 'secretive@example.org');
    await h.server.inject({ method: 'GET', url: links.preferences });
    await h.server.inject({ method: 'GET', url: `${links.preferences}?done=saved&email=secretive@example.org` });
    await h.server.inject({ method: 'POST', url: links.unsubscribe, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    await h.server.inject({ method: 'GET', url: `/confirm/${'y'.repeat(40)}.forged` });
    await h.server.inject({ method: 'POST', url: '/subscribe', payload: { email: 'not valid secretive@example.org', topics: [] } });
    const logs = captured.lines.join('');
    expect(logs).toContain('/preferences/[token]');
    expect(logs).toContain('/unsubscribe/[token]');
    expect(logs).toContain('/confirm/[token]');
    expect(logs).not.toMatch(/secretive/);
    for (const link of [links.confirm, links.preferences, links.unsubscribe]) {
      const token = link.split('/')[2]!;
      expect(logs).not.toContain(token.slice(0, 20));
      expect(logs).not.toContain(token.split('.')[1]!);
    }
  });

  it('answers an unexpected failure with a generic 500, logs it in full, and keeps serving', async () => {
    broken = true;
    try {
      const session = await openForm(h.server, '/');
      const res = await postForm(h.server, '/subscribe', { email: 'unlucky@example.org', ...SUBSCRIBE_FIELDS }, session);
      expect(res.statusCode).toBe(500);
      expect(res.body).toContain('Something went wrong on our side');
      expect(res.body).not.toContain('exploded');
      const json = await h.server.inject({ method: 'POST', url: '/subscribe', payload: { email: 'unlucky@example.org', topics: ['llms'] } });
      expect(json.statusCode).toBe(500);
      expect(json.json()).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
      const logged = captured.lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'request failed');
      expect(logged.err.message).toContain('renderer exploded');
      expect(logged.err.stack).toContain('safety.test.ts');
    } finally {
      broken = false;
    }
    expect((await h.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    // The address can simply try again.
    expect((await subscribeByForm(h, 'unlucky@example.org')).statusCode).toBe(200);
    expect(linkIn(lastMailTo(h, 'unlucky@example.org'), 'confirm')).toMatch(/^\/confirm\//);
  });

  it('never answers garbage with a 5xx', async () => {
    const session = await openForm(h.server, '/');
    const routes = ['/', '/subscribe', '/confirm/abc', '/preferences/abc.def', '/unsubscribe/abc.def', '/digest/abc', '/api/topics', '/healthz'];
    const bodies: Array<[string | undefined, string]> = [
      ['application/json', '{"a":'],
      ['application/json', '{"email":{"$ne":null},"topics":[[[[]]]]}'],
      ['application/x-www-form-urlencoded', 'email[]=a&email[]=b&topics[0][x]=1&%ZZ=%'],
      ['application/x-www-form-urlencoded', `_csrf=${session.csrf}&email=%00%01&topics=%00`],
      ['multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="email"\r\n\r\nx\r\n--zz--'],
      ['text/html', '<html>'],
      [undefined, 'raw'],
      ['application/json; charset=utf-16', '{}'],
    ];
    for (const url of routes) {
      for (const method of ['GET', 'POST', 'PATCH', 'OPTIONS'] as const) {
        for (const [type, payload] of bodies) {
          const res = await h.server.inject({ method, url, headers: { cookie: session.cookie, ...(type ? { 'content-type': type } : {}) }, payload });
          expect(res.statusCode, `${method} ${url} ${type}`).toBeLessThan(500);
        }
      }
    }
  });
});
