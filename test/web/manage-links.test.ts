// The links in every email: preferences (change, pause, resume, resubscribe) and unsubscribe (page,
// form, RFC 8058 one-click). Tokens are scoped to their purpose and never act on GET.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSigner } from '../../src/subscriptions/tokens.js';
import {
  lastMailTo,
  linkIn,
  mailTo,
  openForm,
  postForm,
  snapshot,
  startHarness,
  subscribeAndConfirm,
  subscriberByEmail,
  SUBSCRIBE_FIELDS,
  type Harness,
} from './harness.js';

describe('managing a subscription from its links', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('names an Etc/GMT±N zone with its offset: Etc/GMT+12 is UTC−12, not GMT+12', async () => {
    // POSIX signs are the reverse of everyday ones; "every day at 08:00 (Etc/GMT+12)" read as a zone
    // a day away from the reader's own clock.
    const { preferences, welcome } = await subscribeAndConfirm(h, 'west12@example.org', { ...SUBSCRIBE_FIELDS, timeZone: 'Etc/GMT+12' });
    expect(welcome.text).toContain('every day at 08:00 (Etc/GMT+12: UTC−12)');
    const page = await h.server.inject({ method: 'GET', url: preferences });
    expect(page.body).toContain('every day at 08:00 (Etc/GMT+12: UTC−12)');
    expect(page.body).toContain('<option value="Etc/GMT+12" selected>Etc/GMT+12: UTC−12</option>');
    // The form still posts the zone's name, so saving keeps it.
    const session = await openForm(h.server, preferences);
    const saved = await postForm(h.server, preferences, { action: 'save', ...SUBSCRIBE_FIELDS, timeZone: 'Etc/GMT+12', sendHour: '9' }, session);
    expect(saved.statusCode).toBe(303);
    expect(await subscriberByEmail(h, 'west12@example.org')).toMatchObject({ timeZone: 'Etc/GMT+12', sendHour: 9 });
  });

  it("welcomes a weekly reader with the week's trending papers, a daily one with the day's", async () => {
    const weekly = await subscribeAndConfirm(h, 'weekly-welcome@example.org', { ...SUBSCRIBE_FIELDS, frequency: 'weekly', sendWeekday: '3' });
    expect(weekly.welcome.text).toContain('every Wednesday at 08:00');
    expect(weekly.welcome.text).toMatch(/trending that\s+week\./);
    const daily = await subscribeAndConfirm(h, 'daily-welcome@example.org');
    expect(daily.welcome.text).toMatch(/trending that\s+day\./);
  });

  it('shows current preferences and saves changes, recording what changed', async () => {
    const { preferences } = await subscribeAndConfirm(h, 'prefs@example.org');
    const page = await h.server.inject({ method: 'GET', url: preferences });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('p***@example.org');
    expect(page.body).not.toContain('prefs@example.org');
    expect(page.body).toMatch(/value="llms" checked/);
    expect(page.body).toMatch(/value="3d-vision">/);
    expect(page.body).toContain('protein folding</textarea>');
    expect(page.body).toContain('<option selected>Europe/Berlin</option>');

    const session = await openForm(h.server, preferences);
    const saved = await postForm(
      h.server,
      preferences,
      { action: 'save', topics: ['3d-vision'], customTopics: 'spiking neural networks; protein folding', frequency: 'weekly', sendWeekday: '5', sendHour: '17', timeZone: 'America/New_York', digestSize: '12' },
      session,
    );
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${preferences}?done=saved`);
    const s = await subscriberByEmail(h, 'prefs@example.org');
    expect(s).toMatchObject({ status: 'active', frequency: 'weekly', sendWeekday: 5, sendHour: 17, timeZone: 'America/New_York', digestSize: 12 });
    expect(s!.interests.map((i) => i.label)).toEqual(['3D vision', 'spiking neural networks', 'protein folding']);
    const event = s!.events.at(-1)!;
    expect(event).toMatchObject({ type: 'preferences_changed', source: 'web' });
    expect(event.detail).toMatchObject({
      changed: { frequency: { from: 'daily', to: 'weekly' }, digestSize: { from: 5, to: 12 } },
      added: ['3D vision', 'spiking neural networks'],
      removed: ['Large language models', 'Retrieval and search'],
    });
    const after = await h.server.inject({ method: 'GET', url: saved.headers.location as string });
    expect(after.body).toContain('Your preferences are saved.');
    expect(after.body).toContain('every Friday');
  });

  it('pauses and resumes', async () => {
    const { preferences } = await subscribeAndConfirm(h, 'pause@example.org');
    const session = await openForm(h.server, preferences);
    expect((await postForm(h.server, preferences, { action: 'pause' }, session)).statusCode).toBe(303);
    expect((await subscriberByEmail(h, 'pause@example.org'))?.status).toBe('paused');
    const page = await h.server.inject({ method: 'GET', url: `${preferences}?done=paused` });
    expect(page.body).toContain('Resume digests');
    // The summary at the top does not read as if digests still went out every day.
    expect(page.body).toMatch(/For p\*\*\*@example\.org: paused; once resumed, up to \d+ papers every day/);
    expect((await postForm(h.server, preferences, { action: 'resume' }, session)).statusCode).toBe(303);
    const s = await subscriberByEmail(h, 'pause@example.org');
    expect(s?.status).toBe('active');
    expect(s!.events.slice(-2).map((e) => [e.type, e.source])).toEqual([
      ['paused', 'web'],
      ['resumed', 'web'],
    ]);
  });

  it('refuses a preferences form without its CSRF token or cookie, changing nothing', async () => {
    const { preferences } = await subscribeAndConfirm(h, 'csrf@example.org');
    const before = await snapshot(h);
    const noToken = await postForm(h.server, preferences, { action: 'pause' });
    expect(noToken.statusCode).toBe(403);
    // The form is shown again, nothing changed, with a fresh token to send it with.
    expect(noToken.body).toContain('Nothing was saved: this page had expired');
    const session = await openForm(h.server, preferences);
    const forged = await postForm(h.server, preferences, { action: 'pause' }, { ...session, csrf: 'forged-token' });
    expect(forged.statusCode).toBe(403);
    const noCookie = await postForm(h.server, preferences, { action: 'pause', _csrf: session.csrf });
    expect(noCookie.statusCode).toBe(403);
    expect(await snapshot(h)).toBe(before);
    // A weekly reader is not offered the weekly digest they have.
    const weekly = await subscribeAndConfirm(h, 'weekly-leave@example.org', { ...SUBSCRIBE_FIELDS, frequency: 'weekly' });
    const weeklyPage = (await h.server.inject({ method: 'GET', url: weekly.unsubscribe })).body;
    expect(weeklyPage).toContain('pause them for a while</a> instead');
    expect(weeklyPage).not.toContain('weekly digest');
  });

  it('never unsubscribes on GET: the page has one button, the POST does it', async () => {
    const { unsubscribe } = await subscribeAndConfirm(h, 'leave@example.org');
    const before = await snapshot(h);
    for (let i = 0; i < 3; i++) {
      const page = await h.server.inject({ method: 'GET', url: unsubscribe, headers: { 'user-agent': 'LinkPrefetcher/1.0' } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<button type="submit" class="danger wide">Unsubscribe</button>');
      expect(page.body).toContain('switch to a weekly digest or pause</a> instead');
      // HEAD, as some scanners send, does not act either.
      expect((await h.server.inject({ method: 'HEAD', url: unsubscribe })).statusCode).toBe(200);
    }
    expect(await snapshot(h)).toBe(before);
    // So the home page does not promise leaving "with one click": the link opens this page first.
    expect((await h.server.inject({ method: 'GET', url: '/' })).body).not.toMatch(/one click/i);

    // The page's button: a plain form post, no CSRF token, no cookie.
    const done = await h.server.inject({ method: 'POST', url: unsubscribe, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("You're unsubscribed");
    const s = await subscriberByEmail(h, 'leave@example.org');
    expect(s?.status).toBe('unsubscribed');
    expect(s?.unsubscribedAt?.toISOString()).toBe(h.clock.now().toISOString());
    expect(s!.events.at(-1)).toMatchObject({ type: 'unsubscribed', source: 'web' });
    const goodbye = lastMailTo(h, 'leave@example.org');
    expect(goodbye.subject).toBe("You're unsubscribed from Paperboy");

    // Again: still a 200, no second event, no second goodbye.
    const mails = mailTo(h, 'leave@example.org').length;
    const again = await h.server.inject({ method: 'POST', url: unsubscribe });
    expect(again.statusCode).toBe(200);
    expect((await subscriberByEmail(h, 'leave@example.org'))!.events.filter((e) => e.type === 'unsubscribed')).toHaveLength(1);
    expect(mailTo(h, 'leave@example.org')).toHaveLength(mails);
  });

  it('unsubscribes by RFC 8058 one-click POST, urlencoded or multipart, without cookies', async () => {
    const a = await subscribeAndConfirm(h, 'oneclick-a@example.org');
    const res = await h.server.inject({
      method: 'POST',
      url: a.unsubscribe,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
    const sa = await subscriberByEmail(h, 'oneclick-a@example.org');
    expect(sa?.status).toBe('unsubscribed');
    expect(sa!.events.at(-1)).toMatchObject({ type: 'unsubscribed', source: 'one-click' });

    const b = await subscribeAndConfirm(h, 'oneclick-b@example.org');
    const boundary = '---FormBoundaryjWmhtjORrn';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const resB = await h.server.inject({
      method: 'POST',
      url: b.unsubscribe,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart,
    });
    expect(resB.statusCode).toBe(200);
    expect((await subscriberByEmail(h, 'oneclick-b@example.org'))!.events.at(-1)).toMatchObject({ type: 'unsubscribed', source: 'one-click' });
  });

  it('offers a one-button resubscribe from the goodbye email', async () => {
    const { unsubscribe } = await subscribeAndConfirm(h, 'regret@example.org');
    await h.server.inject({ method: 'POST', url: unsubscribe });
    const resubscribe = linkIn(lastMailTo(h, 'regret@example.org'), 'preferences');
    const page = await h.server.inject({ method: 'GET', url: resubscribe });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="resubscribe"');
    const session = await openForm(h.server, resubscribe);
    const done = await postForm(h.server, resubscribe, { action: 'resubscribe' }, session);
    expect(done.statusCode).toBe(303);
    const s = await subscriberByEmail(h, 'regret@example.org');
    expect(s?.status).toBe('active');
    expect(s!.events.at(-1)).toMatchObject({ type: 'resubscribed', source: 'web' });
    // Saving preferences needs an active subscription; an unsubscribed one is told what to do.
    await h.server.inject({ method: 'POST', url: unsubscribe });
    const refused = await postForm(h.server, resubscribe, { action: 'save', ...SUBSCRIBE_FIELDS }, session);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Resubscribe first');
  });

  it('scopes tokens to their purpose: no link works as another kind of link', async () => {
    const links = await subscribeAndConfirm(h, 'scope@example.org');
    const token = (path: string) => path.split('/')[2]!;
    const before = await snapshot(h);
    const crossed = [
      `/unsubscribe/${token(links.confirm)}`,
      `/unsubscribe/${token(links.preferences)}`,
      `/preferences/${token(links.unsubscribe)}`,
      `/preferences/${token(links.confirm)}`,
      `/confirm/${token(links.unsubscribe)}`,
      `/confirm/${token(links.preferences)}`,
    ];
    // A valid CSRF session, so that what is refused is the token and nothing else.
    const session = await openForm(h.server, '/');
    for (const url of crossed) {
      for (const method of ['GET', 'POST'] as const) {
        const res =
          method === 'GET'
            ? await h.server.inject({ method, url })
            : await postForm(h.server, url, { 'List-Unsubscribe': 'One-Click', action: 'pause' }, session);
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.body).toContain('This link doesn&#x27;t work');
      }
    }
    expect(await snapshot(h)).toBe(before);
  });

  it('refuses unknown, forged and mangled tokens with a friendly 4xx, changing nothing', async () => {
    const links = await subscribeAndConfirm(h, 'forge@example.org');
    const [payload, signature] = links.unsubscribe.split('/')[2]!.split('.') as [string, string];
    const otherSecret = createTokenSigner('another-secret-0123456789abcdef0123456789');
    const key = JSON.parse(Buffer.from(payload, 'base64url').toString()).k as string;
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    const forged = [
      'nothing',
      `${payload}.${flipped}`,
      `${payload}.`,
      `.${signature}`,
      `${payload}.${signature}.extra`,
      otherSecret.sign({ purpose: 'unsubscribe', linkKey: key }),
      h.app.signer.sign({ purpose: 'unsubscribe', linkKey: 'not-a-real-key-aaaaaa' }),
      `${Buffer.from('{"k":1}').toString('base64url')}.${signature}`,
      'x'.repeat(550),
      '%E0%A4%A',
    ];
    const before = await snapshot(h);
    for (const token of forged) {
      for (const route of ['unsubscribe', 'preferences', 'confirm', 'digest']) {
        for (const method of route === 'digest' ? (['GET'] as const) : (['GET', 'POST'] as const)) {
          const res = await h.server.inject({ method, url: `/${route}/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
          expect(res.statusCode, `${method} /${route}/${token}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${method} /${route}/${token}`).toBeLessThan(500);
        }
      }
    }
    expect(await snapshot(h)).toBe(before);
  });
});
