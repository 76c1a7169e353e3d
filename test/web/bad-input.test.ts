// Every malformed request gets a 4xx with a message that helps, changes nothing stored, sends no
// mail, and leaves the server serving.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIKED_BODY_LIMIT_BYTES } from '../../src/web/form-fields.js';
import { formBody, openForm, postForm, snapshot, startHarness, subscribeAndConfirm, SUBSCRIBE_FIELDS, type FormSession, type Harness } from './harness.js';

describe('bad input', () => {
  let h: Harness;
  let session: FormSession;
  let before: string;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    session = await openForm(h.server, '/');
    before = await snapshot(h);
  });
  const unchanged = async () => expect(await snapshot(h)).toBe(before);

  const badAddresses = [
    'plainaddress',
    '@example.org',
    'ada@',
    'ada@example',
    'ada @example.org',
    'ada@exa mple.org',
    'ada@example.org\r\nBcc: victim@example.org',
    'ada@example.org\nSubject: hi',
    '"><script>alert(1)</script>@example.org',
    `${'a'.repeat(250)}@example.org`,
    'ada@example.org, bob@example.org',
  ];

  it.each(badAddresses)('refuses the address %j, from the form and as JSON', async (email) => {
    const form = await postForm(h.server, '/subscribe', { email, ...SUBSCRIBE_FIELDS }, session);
    expect(form.statusCode).toBe(400);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    expect(form.body).toContain('Email address:');
    const json = await h.server.inject({ method: 'POST', url: '/subscribe', payload: { email, topics: ['llms'] } });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.problems[0]).toMatch(/^Email address: /);
    await unchanged();
  });

  it('names every missing field', async () => {
    const empty = await h.server.inject({ method: 'POST', url: '/subscribe', payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.problems).toEqual(['Email address: is required.']);
    const noTopics = await h.server.inject({ method: 'POST', url: '/subscribe', payload: { email: 'ada@example.org' } });
    expect(noTopics.json().error.problems).toEqual(['Topics: choose at least one topic, or name papers you like.']);
    const form = await postForm(h.server, '/subscribe', {}, session);
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('Email address: is required.');
    const noBody = await h.server.inject({ method: 'POST', url: '/subscribe', headers: { cookie: session.cookie } });
    expect(noBody.statusCode).toBe(403);
    await unchanged();
  });

  it('limits the number and length of topics and every other field', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ topics: ['x'.repeat(81)] }, /Topics: a topic has at most 80 characters/],
      [{ topics: Array.from({ length: 21 }, (_, i) => `topic number ${i}`) }, /Topics: at most 20 topics/],
      [{ topics: ['a'] }, /at least 2 characters/],
      [{ topics: ['bell\u0007here'] }, /control characters/],
      // A paper's link or id is a paper, not a topic: said where it belongs, not kept as words no paper uses.
      [{ topics: ['llms'], customTopics: 'https://arxiv.org/abs/2312.06662' }, /Topics: (&quot;|")https:\/\/arxiv.org\/abs\/2312.06662(&quot;|") names a paper, not a topic: give it as a paper you like instead/],
      [{ topics: ['llms'], customTopics: 'y'.repeat(2000) }, /Your own topics: is too long/],
      [{ topics: ['llms'], timeZone: 'Z'.repeat(65) }, /Time zone: is longer than 64 characters/],
      [{ topics: ['llms'], frequency: 'hourly' }, /How often: choose daily or weekly/],
      [{ topics: ['llms'], sendHour: 24 }, /Time of day: choose an hour from 0 to 23/],
      [{ topics: ['llms'], sendHour: '7.5' }, /Time of day: choose an hour/],
      [{ topics: ['llms'], sendWeekday: 0 }, /Day: choose a day/],
      [{ topics: ['llms'], digestSize: 51 }, /Papers per digest: choose a number from 1 to 50/],
      [{ topics: ['llms'], digestSize: 'ten' }, /Papers per digest/],
      [{ topics: 'llms', timeZone: 'Europe/Atlantis' }, /Time zone: (&quot;|")Europe\/Atlantis(&quot;|") is not a known time zone/],
      [{ topics: [{ slug: 'llms' }] }, /Topics: /],
      [{ topics: ['llms'], sendHour: { $gt: 1 } }, /Time of day: /],
    ];
    for (const [fields, message] of cases) {
      const res = await h.server.inject({ method: 'POST', url: '/subscribe', payload: { email: 'limits@example.org', ...fields } });
      expect(res.statusCode, JSON.stringify(fields)).toBe(400);
      expect(res.json().error.problems.join(' '), JSON.stringify(fields)).toMatch(message);
    }
    await unchanged();
  });

  it('refuses oversized bodies with 413', async () => {
    // Past the limit of the form that takes a BibTeX export of liked papers.
    const big = formBody({ _csrf: session.csrf, email: 'big@example.org', topics: 'llms', customTopics: 'z'.repeat(LIKED_BODY_LIMIT_BYTES + 1) });
    const form = await h.server.inject({ method: 'POST', url: '/subscribe', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie }, payload: big });
    expect(form.statusCode).toBe(413);
    expect(form.body).toContain('too much');
    const json = await h.server.inject({ method: 'POST', url: '/subscribe', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'big@example.org', topics: ['x'.repeat(LIKED_BODY_LIMIT_BYTES + 1)] }) });
    expect(json.statusCode).toBe(413);
    expect(json.json().error.code).toBe('FST_ERR_CTP_BODY_TOO_LARGE');
    await unchanged();
  });

  it('refuses content types it does not read with 415, and broken JSON with 400', async () => {
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'image/png']) {
      const res = await h.server.inject({ method: 'POST', url: '/subscribe', headers: { 'content-type': type }, payload: 'email=ada@example.org&topics=llms' });
      expect(res.statusCode, type).toBe(415);
    }
    const broken: Array<[string, number]> = [
      ['{"email": "ada@example.org",', 400],
      ['', 400],
      ['null', 400],
      ['[1,2,3]', 400],
      ['"just a string"', 400],
      ['{"email":"ada@example.org","topics":["llms"],"__proto__":{"admin":true}}', 400],
      ['{"email":"ada@example.org","topics":["llms"],"constructor":{"prototype":{"admin":true}}}', 400],
    ];
    for (const [payload, status] of broken) {
      const res = await h.server.inject({ method: 'POST', url: '/subscribe', headers: { 'content-type': 'application/json' }, payload });
      expect(res.statusCode, payload).toBe(status);
      expect(res.json().error.message, payload).toBeTruthy();
    }
    await unchanged();
  });

  it('refuses a form post without a valid CSRF token, and a field sent twice', async () => {
    const fields = { email: 'csrf@example.org', ...SUBSCRIBE_FIELDS };
    expect((await postForm(h.server, '/subscribe', fields)).statusCode).toBe(403);
    expect((await postForm(h.server, '/subscribe', fields, { ...session, csrf: 'nope' })).statusCode).toBe(403);
    expect((await postForm(h.server, '/subscribe', { ...fields, _csrf: session.csrf })).statusCode).toBe(403);
    const other = await openForm(h.server, '/');
    // A token is only good with the cookie it was issued with.
    expect((await postForm(h.server, '/subscribe', fields, { cookie: session.cookie, csrf: other.csrf })).statusCode).toBe(403);
    const twice = await postForm(h.server, '/subscribe', { ...fields, email: ['a@example.org', 'b@example.org'] }, session);
    expect(twice.statusCode).toBe(400);
    await unchanged();
  });

  it('shows a form that failed its CSRF check again, with what was typed and a fresh token; nothing is saved', async () => {
    const fields = { email: 'expired@example.org', ...SUBSCRIBE_FIELDS, customTopics: 'graph neural networks for molecules' };
    // The cookie went missing (blocked, or the page was open a long time).
    const refused = await postForm(h.server, '/subscribe', { ...fields, _csrf: session.csrf });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Nothing was saved: this page had expired');
    expect(refused.body).toContain('value="expired@example.org"');
    expect(refused.body).toContain('graph neural networks for molecules');
    await unchanged();
    // The page carries a new token and sets its cookie: sending it again works.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(refused.body)?.[1];
    const cookie = ([] as string[]).concat(refused.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    expect(csrf && cookie).toBeTruthy();
    expect((await postForm(h.server, '/subscribe', fields, { csrf: csrf!, cookie })).statusCode).toBe(200);
  });

  it('keeps a reader\'s preference edits when the page had expired: shown again, nothing changed', async () => {
    const { preferences } = await subscribeAndConfirm(h, 'edits@example.org');
    const page = await openForm(h.server, preferences);
    const edits = { ...SUBSCRIBE_FIELDS, customTopics: 'speculative decoding\nquantum error correction', _csrf: page.csrf };
    const refused = await postForm(h.server, preferences, edits);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Nothing was saved: this page had expired');
    expect(refused.body).toContain('speculative decoding');
    expect(refused.body).toContain('quantum error correction');
    expect(refused.body).toContain(`action="${preferences}"`);
    const stored = await h.app.prisma.interest.findMany({ where: { subscriber: { email: 'edits@example.org' } }, select: { label: true } });
    expect(stored.map((i) => i.label)).not.toContain('speculative decoding');
  });

  it('answers broken and oversized URLs, unknown routes and methods with 4xx pages', async () => {
    const cases: Array<[string, string, number]> = [
      ['GET', '/unsubscribe/%E0%A4%A', 400],
      ['GET', `/preferences/${'x'.repeat(700)}`, 414],
      ['GET', '/nowhere', 404],
      ['PUT', '/subscribe', 404],
      ['DELETE', '/unsubscribe/abc', 404],
      ['GET', '/subscribe', 404],
      ['GET', '/confirm/', 404],
    ];
    for (const [method, url, status] of cases) {
      const res = await h.server.inject({ method: method as 'GET', url });
      expect(res.statusCode, `${method} ${url.slice(0, 40)}`).toBe(status);
      expect(res.headers['content-type'], url.slice(0, 40)).toMatch(/^text\/html/);
    }
    expect((await h.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await unchanged();
  });
});

describe('a flood of forms', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ web: { formsPerIp: { max: 4, timeWindowMs: 3_600_000 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  // The budgets of emails count valid submissions only (below); the requests themselves are bounded too.
  it('bounds every POST /subscribe from one IP, valid or not, and no other visitor', async () => {
    const post = (email: string, ip = '203.0.113.50') => h.server.inject({ method: 'POST', url: '/subscribe', remoteAddress: ip, payload: { email, topics: ['llms'] } });
    for (let i = 0; i < 4; i++) expect((await post('ada@')).statusCode).toBe(400);
    const refused = await post('ada@example.org');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(h.smtp.recipients.flat()).not.toContain('ada@example.org');
    expect((await post('grace@example.org', '192.0.2.60')).statusCode).toBe(202);
  });
});

describe('repeated submissions', () => {
  let h: Harness;
  /** The subscribe form sent from `ip`, with the CSRF token and cookie of a page just opened (or without, as an expired one). */
  const postFrom = async (ip: string, fields: Record<string, string | string[] | undefined>, options: { csrf: boolean } = { csrf: true }) => {
    const session = await openForm(h.server, '/');
    return h.server.inject({
      method: 'POST',
      url: '/subscribe',
      remoteAddress: ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(options.csrf ? { cookie: session.cookie } : {}) },
      payload: formBody(options.csrf ? { _csrf: session.csrf, ...fields } : fields),
    });
  };
  beforeAll(async () => {
    h = await startHarness({ web: { subscribePerAddress: { max: 2, timeWindowMs: 3_600_000 }, subscribePerIp: { max: 5, timeWindowMs: 3_600_000 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('limits subscribe requests per address (any spelling) and then per IP, changing nothing', async () => {
    const json = (email: string, ip = '203.0.113.7') =>
      h.server.inject({ method: 'POST', url: '/subscribe', remoteAddress: ip, payload: { email, topics: ['llms'] } });
    expect((await json('same@example.org')).statusCode).toBe(202);
    expect((await json('same@EXAMPLE.org')).statusCode).toBe(202);
    const before = await snapshot(h);
    const third = await json(' SAME@example.org ');
    expect(third.statusCode, third.body).toBe(429);
    expect(third.json().error.code).toBe('too_many_for_address');
    expect(third.headers['retry-after']).toBeDefined();
    // Another IP does not help: the limit is the address's.
    expect((await json('same@example.org', '198.51.100.9')).statusCode).toBe(429);
    expect(await snapshot(h)).toBe(before);

    // Five valid requests from one IP (the one the address's budget refused included) use up its budget.
    for (const email of ['x1@example.org', 'x2@example.org']) expect((await json(email)).statusCode).toBe(202);
    const blocked = await json('x3@example.org');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');
    expect(blocked.headers['retry-after']).toBeDefined();
    const page = await postFrom('203.0.113.7', { ...SUBSCRIBE_FIELDS, email: 'x4@example.org', likedPapers: 'Attention Is All You Need\n2106.09685' });
    expect(page.statusCode).toBe(429);
    expect(page.body).toContain('Too many requests from here. Please wait 60 minutes and try again.');
    // The form again, with what was typed: the bare 429 page lost it, a long list of liked papers with it.
    expect(page.body).toMatch(/<input[^>]*name="email"[^>]*value="x4@example.org"/);
    expect(page.body).toMatch(/<textarea[^>]*name="likedPapers"[^>]*>Attention Is All You Need\n2106.09685<\/textarea>/);
    expect(await h.app.prisma.subscriber.count({ where: { email: { in: ['x3@example.org', 'x4@example.org'] } } })).toBe(0);
    // Other visitors are unaffected.
    expect((await json('y@example.org', '192.0.2.44')).statusCode).toBe(202);
  });

  it('counts only submissions that get as far as an email: a mistyped or expired form uses up no budget', async () => {
    const ip = '198.51.100.20';
    // More refusals than the IP's budget of five: a bad address (JSON and form), a form whose CSRF token is gone.
    for (let i = 0; i < 3; i++) expect((await h.server.inject({ method: 'POST', url: '/subscribe', remoteAddress: ip, payload: { email: 'ada@', topics: ['llms'] } })).statusCode).toBe(400);
    for (let i = 0; i < 3; i++) expect((await postFrom(ip, { ...SUBSCRIBE_FIELDS, email: 'ada@example' })).statusCode).toBe(400);
    for (let i = 0; i < 3; i++) expect((await postFrom(ip, { ...SUBSCRIBE_FIELDS, email: 'ada@example.org' }, { csrf: false })).statusCode).toBe(403);
    expect(h.smtp.recipients.flat().filter((to) => /^ada@/.test(to))).toEqual([]);
    // Corrected at last: subscribed.
    expect((await postFrom(ip, { ...SUBSCRIBE_FIELDS, email: 'ada@example.org' })).statusCode).toBe(200);
    expect(h.smtp.recipients.flat().filter((to) => to === 'ada@example.org')).toHaveLength(1);
  });

  it("lets a reader correct their liked papers without using up the address's budget", async () => {
    // The address's budget is two here: three lists the corpus cannot place, then a good one.
    const ip = '198.51.100.25';
    const post = (likedPapers: string) => h.server.inject({ method: 'POST', url: '/subscribe', remoteAddress: ip, payload: { email: 'baker@example.org', topics: ['llms'], likedPapers } });
    for (let i = 0; i < 3; i++) {
      const refused = await post('2312.99999');
      expect(refused.statusCode, refused.body).toBe(400);
    }
    expect(h.smtp.recipients.flat()).not.toContain('baker@example.org');
    const corrected = await post('');
    expect(corrected.statusCode, corrected.body).toBe(202);
    expect(h.smtp.recipients.flat().filter((to) => to === 'baker@example.org')).toHaveLength(1);
  });

  it('still holds an IP to its budget of emails, also when its requests come at once', async () => {
    const ip = '198.51.100.30';
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => h.server.inject({ method: 'POST', url: '/subscribe', remoteAddress: ip, payload: { email: `burst${i}@example.org`, topics: ['llms'] } })),
    );
    // At most five: @fastify/rate-limit's memory store may refuse more of a burst than it must
    // (requests counted in one tick all read the last count), never fewer.
    const accepted = answers.filter((answer) => answer.statusCode === 202).length;
    expect(accepted).toBeLessThanOrEqual(5);
    expect(answers.filter((answer) => answer.statusCode === 429)).toHaveLength(12 - accepted);
    expect(h.smtp.recipients.flat().filter((to) => /^burst\d+@/.test(to))).toHaveLength(accepted);
  });
});
