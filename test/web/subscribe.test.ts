// POST /subscribe and GET /confirm: double opt-in, the same answer for every address, re-subscribing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  lastMailTo,
  linkIn,
  mailTo,
  openForm,
  postForm,
  snapshot,
  startHarness,
  subscribeAndConfirm,
  subscribeByForm,
  subscriberByEmail,
  SUBSCRIBE_FIELDS,
  type Harness,
} from './harness.js';

describe('subscribing and confirming', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('serves the subscribe page with the catalogue from the database', async () => {
    const page = await h.server.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const topics = await h.app.prisma.topic.findMany();
    expect(topics.length).toBeGreaterThan(5);
    for (const topic of topics) expect(page.body).toContain(`value="${topic.slug}"`);
    expect(page.body).toMatch(/name="email"/);
    expect(page.body).toMatch(/name="customTopics"/);
    expect(page.body).toMatch(/<option selected>UTC<\/option>/);
    // Zones by their current names, as readers look for them (Node's own list has Asia/Calcutta).
    for (const zone of ['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'America/New_York']) expect(page.body).toContain(`<option>${zone}</option>`);
    expect(page.body).not.toContain('<option>Asia/Calcutta</option>');

    const api = await h.server.inject({ method: 'GET', url: '/api/topics' });
    expect(api.statusCode).toBe(200);
    expect(api.json().topics.map((t: { slug: string }) => t.slug)).toEqual(
      (await h.app.prisma.topic.findMany({ orderBy: { position: 'asc' } })).map((t) => t.slug),
    );
    expect((await h.server.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ ok: true });
  });

  it('creates a pending subscriber, mails a confirmation, and activates on the link', async () => {
    const answer = await subscribeByForm(h, '  ada@EXAMPLE.org ');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('Check your inbox');
    const pending = await subscriberByEmail(h, 'ada@example.org');
    expect(pending).toMatchObject({ status: 'pending', frequency: 'daily', sendHour: 8, timeZone: 'Europe/Berlin', digestSize: 5 });
    expect(pending!.interests.map((i) => [i.topicSlug, i.label])).toEqual([
      ['llms', 'Large language models'],
      ['retrieval', 'Retrieval and search'],
      [null, 'protein folding'],
    ]);

    const confirmation = lastMailTo(h, 'ada@example.org');
    expect(confirmation.subject).toBe('Confirm your Paperboy subscription');
    // Catalogue topics by name; what the reader typed is only counted (a stranger could have typed it).
    expect(confirmation.text).toContain('Large language models, Retrieval and search, and 1 topic of your own');
    expect(confirmation.text).not.toContain('protein folding');
    const confirm = linkIn(confirmation, 'confirm');
    // The token names neither the subscriber's id nor their address.
    const payload = Buffer.from(confirm.split('/')[2]!.split('.')[0]!, 'base64url').toString();
    expect(payload).not.toMatch(/ada|example|"id"/i);

    // Opening the link (the reader, or a mail scanner before them) only asks: nothing changes, nothing is sent.
    const untouched = await snapshot(h);
    const mailsBefore = mailTo(h, 'ada@example.org').length;
    const asked = await h.server.inject({ method: 'GET', url: confirm });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('<h1>Confirm your subscription</h1>');
    expect(asked.body).toContain('ada@example.org');
    expect(asked.body).toContain(`<form method="post" action="${confirm}">`);
    expect(await snapshot(h)).toBe(untouched);
    expect(mailTo(h, 'ada@example.org')).toHaveLength(mailsBefore);
    expect((await h.server.inject({ method: 'GET', url: confirm, headers: { accept: 'application/json' } })).json()).toMatchObject({ status: 'pending', confirmedNow: false });

    const page = await h.server.inject({ method: 'POST', url: confirm });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("You're subscribed");
    expect(page.body).toContain('every day at 08:00 (Europe/Berlin)');
    // This harness holds no paper, so none of the topics finds one: no digest time is promised
    // (an empty digest is never sent). With papers, "today at 08:00" (first-digest.test.ts).
    expect(page.body).toContain('<dt>First digest</dt><dd>when one of your topics finds a new paper');
    const active = await subscriberByEmail(h, 'ada@example.org');
    expect(active?.status).toBe('active');
    expect(active?.confirmedAt?.toISOString()).toBe(h.clock.now().toISOString());
    expect(active?.events.map((e) => [e.type, e.source])).toEqual([
      ['subscribed', 'web'],
      ['confirmation_sent', 'web'],
      ['confirmed', 'web'],
    ]);

    const welcome = lastMailTo(h, 'ada@example.org');
    expect(welcome.subject).toBe("You're subscribed to Paperboy");
    expect(linkIn(welcome, 'preferences')).toMatch(/^\/preferences\//);
    // When the first digest comes, as the page gives it, never promised outright: a reader who had
    // closed the tab could not tell "within minutes" from "tomorrow".
    for (const part of [welcome.text ?? '', welcome.html as string]) {
      expect(part.replace(/\s+/g, ' ')).toContain('Your first digest: today at 08:00, if there is a new paper for you by then (an empty digest is never sent).');
    }
    // The harness's PUBLIC_URL is http: the link is listed, one-click (https only) is not claimed.
    expect(welcome.headerLines.find((l) => l.key === 'list-unsubscribe')?.line).toMatch(/<http:\/\/paperboy\.test\/unsubscribe\//);
    expect(welcome.headerLines.find((l) => l.key === 'list-unsubscribe-post')).toBeUndefined();

    // A second click (or a mail scanner that got there first) changes nothing and sends nothing.
    const before = await snapshot(h);
    for (const method of ['GET', 'POST'] as const) {
      const again = await h.server.inject({ method, url: confirm });
      expect(again.statusCode).toBe(200);
      expect(again.body).toContain('already confirmed');
      // No "first digest: shortly" to a reader who may have had weeks of them; the schedule stays.
      expect(again.body).not.toContain('First digest');
      expect(again.body).toContain('every day at 08:00 (Europe/Berlin)');
    }
    expect(await snapshot(h)).toBe(before);
  });

  it('welcomes a reader of liked papers with what they will get: papers like those, not "your topics"', async () => {
    const fields = { ...SUBSCRIBE_FIELDS, topics: [], customTopics: '', likedPapers: 'A Paper the Reader Liked Once\nAnother Paper They Liked' };
    expect((await subscribeByForm(h, 'likes@example.org', fields)).statusCode).toBe(200);
    await h.server.inject({ method: 'POST', url: linkIn(lastMailTo(h, 'likes@example.org'), 'confirm') });
    const welcome = lastMailTo(h, 'likes@example.org');
    expect(welcome.subject).toBe("You're subscribed to Paperboy");
    expect(welcome.text).toContain('You will get a digest of new research papers\nlike the 2 papers you named\n');
    expect(welcome.text).toContain('Each digest lists the new papers that are like the papers you named,');
    expect(welcome.text).not.toContain('your topics');
    expect(welcome.html).toContain('like the 2 papers you named');
  });

  it('names topics and liked papers in one sentence, with one "and" before the last', async () => {
    const fields = { ...SUBSCRIBE_FIELDS, topics: ['llms'], customTopics: 'quantum error correction', likedPapers: 'A Paper the Reader Liked Once\nAnother Paper They Liked' };
    expect((await subscribeByForm(h, 'both@example.org', fields)).statusCode).toBe(200);
    expect(lastMailTo(h, 'both@example.org').text).toContain('on Large language models, 1 topic of your own, and papers like the 2 you named.');
    await h.server.inject({ method: 'POST', url: linkIn(lastMailTo(h, 'both@example.org'), 'confirm') });
    const welcome = lastMailTo(h, 'both@example.org');
    expect(welcome.html).toMatch(/on <b>Large language models, quantum error correction<\/b> and papers like the 2 you named, every day at/);
    expect((welcome.text ?? '').replace(/\s+/g, ' ')).toContain('on Large language models, quantum error correction and papers like the 2 you named, every day at');
    expect(welcome.text).not.toMatch(/,,/);
  });

  it('accepts JSON with the same fields', async () => {
    const answer = await h.server.inject({
      method: 'POST',
      url: '/subscribe',
      payload: { email: 'json@example.org', topics: ['Diffusion models', 'underwater basket weaving'], frequency: 'weekly', sendWeekday: 3, sendHour: 18, timeZone: 'Asia/Tokyo', digestSize: 20 },
    });
    expect(answer.statusCode).toBe(202);
    expect(answer.json()).toMatchObject({ ok: true });
    const s = await subscriberByEmail(h, 'json@example.org');
    expect(s).toMatchObject({ status: 'pending', frequency: 'weekly', sendWeekday: 3, sendHour: 18, timeZone: 'Asia/Tokyo', digestSize: 20 });
    expect(s!.interests.map((i) => i.label)).toEqual(['Diffusion models', 'underwater basket weaving']);
  });

  it('answers the same for a new, a pending and an active address', async () => {
    await subscribeAndConfirm(h, 'known@example.org');
    await subscribeByForm(h, 'waiting@example.org');
    const bodies: string[] = [];
    for (const email of ['fresh@example.org', 'waiting@example.org', 'known@example.org']) {
      const answer = await subscribeByForm(h, email);
      expect(answer.statusCode).toBe(200);
      bodies.push(answer.body.replace(email, 'ADDRESS').replace(/nonce="[^"]+"/g, ''));
      expect(mailTo(h, email).length).toBeGreaterThan(0);
    }
    expect(new Set(bodies).size).toBe(1);
    const json = [];
    for (const email of ['fresh2@example.org', 'waiting@example.org', 'known@example.org']) {
      const answer = await h.server.inject({ method: 'POST', url: '/subscribe', payload: { email, topics: ['llms'] } });
      json.push([answer.statusCode, answer.body]);
    }
    expect(new Set(json.map((j) => JSON.stringify(j))).size).toBe(1);
  });

  it('does not let a stranger change an active subscription: it mails the manage link instead', async () => {
    await subscribeAndConfirm(h, 'settled@example.org');
    const before = await subscriberByEmail(h, 'settled@example.org');
    const mails = mailTo(h, 'settled@example.org').length;
    await subscribeByForm(h, 'settled@example.org', { ...SUBSCRIBE_FIELDS, topics: ['3d-vision'], customTopics: '', digestSize: '50' });
    const after = await subscriberByEmail(h, 'settled@example.org');
    expect(after!.interests).toEqual(before!.interests);
    expect(after!.digestSize).toBe(before!.digestSize);
    expect(after!.status).toBe('active');
    expect(mailTo(h, 'settled@example.org')).toHaveLength(mails + 1);
    expect(linkIn(lastMailTo(h, 'settled@example.org'), 'preferences')).toMatch(/^\/preferences\//);
    expect(after!.events.at(-1)?.type).toBe('manage_link_sent');
    // The email (not the page, which answers every address alike) says the other choices were not applied…
    const notApplied = 'You asked to subscribe with other choices than these; as this address was subscribed already, nothing was changed.';
    expect((lastMailTo(h, 'settled@example.org').text ?? '').replace(/\s+/g, ' ')).toContain(notApplied);
    expect(lastMailTo(h, 'settled@example.org').html).toContain(notApplied);
    // …and says nothing of the kind to one who asked for what they have.
    await subscribeByForm(h, 'settled@example.org');
    expect(mailTo(h, 'settled@example.org')).toHaveLength(mails + 2);
    expect(lastMailTo(h, 'settled@example.org').text).not.toContain('other choices');
  });

  it('a pending address asking again gets a fresh confirmation; the older link confirms nothing', async () => {
    await subscribeByForm(h, 'twice@example.org');
    const first = linkIn(lastMailTo(h, 'twice@example.org'), 'confirm');
    // Anyone can type this address: here someone rewrites its topics.
    await subscribeByForm(h, 'twice@example.org', { ...SUBSCRIBE_FIELDS, topics: ['speech-audio'], customTopics: 'Click https://evil.example/win' });
    const s = await subscriberByEmail(h, 'twice@example.org');
    expect(s!.interests.map((i) => i.topicSlug)).toEqual(['speech-audio', null]);
    const before = await snapshot(h);
    const stale = await h.server.inject({ method: 'GET', url: first });
    expect(stale.statusCode).toBe(410);
    expect(stale.body).toContain('This link no longer works');
    expect(await snapshot(h)).toBe(before);
    // The fresh email names the catalogue topic and only counts the free text.
    const fresh = lastMailTo(h, 'twice@example.org');
    expect(fresh.text).toContain('Speech and audio, and 1 topic of your own');
    expect(`${fresh.text} ${fresh.html} ${fresh.subject}`).not.toContain('evil.example');
    expect((await h.server.inject({ method: 'POST', url: linkIn(fresh, 'confirm') })).statusCode).toBe(200);
    expect((await subscriberByEmail(h, 'twice@example.org'))?.status).toBe('active');
  });

  it('re-subscribes an unsubscribed address through a new confirmation; old links stop working', async () => {
    const old = await subscribeAndConfirm(h, 'back@example.org');
    const bye = await h.server.inject({ method: 'POST', url: old.unsubscribe, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(bye.statusCode).toBe(200);
    expect((await subscriberByEmail(h, 'back@example.org'))?.status).toBe('unsubscribed');
    // The old confirm link (still within its 72 hours) must not bring the address back.
    const stale = await h.server.inject({ method: 'GET', url: old.confirm });
    expect(stale.statusCode).toBe(410);
    expect((await subscriberByEmail(h, 'back@example.org'))?.status).toBe('unsubscribed');

    await subscribeByForm(h, 'back@example.org', { ...SUBSCRIBE_FIELDS, topics: ['compression'], customTopics: '' });
    // Held until confirmed: the address is still unsubscribed, with its choices as they were.
    const held = await subscriberByEmail(h, 'back@example.org');
    expect(held?.status).toBe('unsubscribed');
    expect(held!.interests.map((i) => i.topicSlug)).toEqual(['llms', 'retrieval', null]);
    const fresh = linkIn(lastMailTo(h, 'back@example.org'), 'confirm');
    expect(fresh).not.toBe(old.confirm);
    expect((await h.server.inject({ method: 'GET', url: old.confirm })).statusCode).toBe(410);
    expect((await h.server.inject({ method: 'GET', url: old.preferences })).statusCode).toBe(200);
    expect((await h.server.inject({ method: 'POST', url: fresh })).statusCode).toBe(200);
    // Confirmed: the first round's links were bound to the old key, now revoked (test/web/revocation.test.ts).
    expect((await h.server.inject({ method: 'GET', url: old.confirm })).statusCode).toBe(410);
    expect((await h.server.inject({ method: 'GET', url: old.preferences })).statusCode).toBe(410);
    const active = await subscriberByEmail(h, 'back@example.org');
    expect(active?.status).toBe('active');
    expect(active?.unsubscribedAt).toBeNull();
    // 'compression' was split (vocabulary.json: retired): a stale form's tick gets every part.
    expect(active!.interests.map((i) => i.topicSlug)).toEqual(['model-compression', 'image-compression', 'video-compression', 'audio-compression']);
    expect(active!.events.map((e) => e.type)).toEqual([
      'subscribed',
      'confirmation_sent',
      'confirmed',
      'unsubscribed',
      'subscribed',
      'confirmation_sent',
      'confirmed',
    ]);
  });

  it('treats a confirm link past its 72 hours as expired, with a way to start again', async () => {
    await subscribeByForm(h, 'late@example.org');
    const confirm = linkIn(lastMailTo(h, 'late@example.org'), 'confirm');
    const before = await snapshot(h);
    h.clock.advance(73 * 3600_000);
    try {
      const page = await h.server.inject({ method: 'GET', url: confirm });
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('has expired');
      expect(page.body).toContain('href="/"');
      const json = await h.server.inject({ method: 'GET', url: confirm, headers: { accept: 'application/json' } });
      expect(json.statusCode).toBe(410);
      expect(json.json().error.code).toBe('expired_link');
      expect(await snapshot(h)).toBe(before);
    } finally {
      h.clock.advance(-73 * 3600_000);
    }
  });

  it('survives the same address arriving several times at once, and confirm links clicked at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => h.server.inject({ method: 'POST', url: '/subscribe', payload: { email: 'race@example.org', topics: ['llms'] } })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202, 202]);
    expect(await h.app.prisma.subscriber.count({ where: { email: 'race@example.org' } })).toBe(1);
    const confirm = linkIn(lastMailTo(h, 'race@example.org'), 'confirm');
    const clicks = await Promise.all(Array.from({ length: 4 }, () => h.server.inject({ method: 'POST', url: confirm })));
    expect(clicks.map((c) => c.statusCode)).toEqual([200, 200, 200, 200]);
    const s = await subscriberByEmail(h, 'race@example.org');
    expect(s?.status).toBe('active');
    expect(s!.events.filter((e) => e.type === 'confirmed')).toHaveLength(1);
    expect(mailTo(h, 'race@example.org').filter((m) => m.subject === "You're subscribed to Paperboy")).toHaveLength(1);
  });

  it('shows the form again, filled in, with every problem listed', async () => {
    const session = await openForm(h.server, '/');
    const answer = await postForm(h.server, '/subscribe', { email: 'not-an-address', topics: [], customTopics: '<b>bold</b>', sendHour: '25', timeZone: 'Mars/Olympus' }, session);
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('Please check the form');
    expect(answer.body).toContain('is not a valid email address');
    expect(answer.body).toContain('Time of day: choose an hour from 0 to 23');
    expect(answer.body).toContain('Time zone: &quot;Mars/Olympus&quot; is not a known time zone');
    expect(answer.body).toContain('value="not-an-address"');
    expect(answer.body).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(answer.body).not.toContain('<b>bold</b>');
    expect(answer.body).toContain('<option selected>Mars/Olympus</option>');
  });
});
