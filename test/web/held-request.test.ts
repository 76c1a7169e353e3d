// Anyone can type any address on the home page. For an address that has choices of its own (an
// unsubscribed or suspended reader, or an active one), the request changes nothing of them until
// the mailbox clicks the new confirmation link: not their topics, schedule, time zone, size or
// liked papers, not their status, and not their links (the goodbye email's resubscribe link keeps
// working). The click applies the request and only then replaces the links mailed before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastMailTo, linkIn, mailTo, openForm, postForm, startHarness, subscribeAndConfirm, subscribeByForm, subscriberByEmail, SUBSCRIBE_FIELDS, type Harness } from './harness.js';

const READER = { ...SUBSCRIBE_FIELDS, likedPapers: 'A Paper the Reader Liked Once' };
const STRANGER = { topics: ['speech-audio'], customTopics: '', frequency: 'weekly', sendHour: '3', sendWeekday: '6', timeZone: 'UTC', digestSize: '50', likedPapers: 'Something a Stranger Typed In' };

describe('a request for an address with choices of its own', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** What a reader chose, and the key their links are bound to. */
  const stored = async (email: string) =>
    JSON.stringify(await h.app.prisma.subscriber.findUnique({ where: { email }, include: { interests: { orderBy: { id: 'asc' } }, liked: { orderBy: { id: 'asc' } } } }));
  const likedTitles = async (email: string) => (await h.app.prisma.likedPaper.findMany({ where: { subscriber: { email } }, orderBy: { id: 'asc' } })).map((p) => p.title);

  /** Subscribes, confirms, unsubscribes; returns the links mailed, the goodbye's resubscribe link among them. */
  async function leftReader(email: string) {
    const links = await subscribeAndConfirm(h, email, READER);
    await h.server.inject({ method: 'POST', url: links.unsubscribe, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    return { ...links, resubscribe: linkIn(lastMailTo(h, email), 'preferences') };
  }

  it('holds a request for an unsubscribed reader: nothing of theirs changes, their resubscribe link still works', async () => {
    const email = 'left@example.org';
    const links = await leftReader(email);
    const before = await stored(email);
    const answer = await subscribeByForm(h, email, STRANGER);
    expect(answer.statusCode).toBe(200);
    expect(await stored(email)).toBe(before);
    expect(await h.app.prisma.heldRequest.count({ where: { subscriber: { email } } })).toBe(1);
    // A confirmation went out for the request, naming its topics, not the reader's.
    const confirmation = lastMailTo(h, email);
    expect(confirmation.subject).toBe('Confirm your Paperboy subscription');
    expect(confirmation.text).toContain('Speech and audio');
    expect(confirmation.text).not.toContain('Large language models');

    // The goodbye email's link: still the one-button page, and its button brings back the reader's own choices.
    const page = await h.server.inject({ method: 'GET', url: links.resubscribe });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="resubscribe"');
    expect(page.body).toContain('Large language models, Retrieval and search, protein folding');
    const session = await openForm(h.server, links.resubscribe);
    expect((await postForm(h.server, links.resubscribe, { action: 'resubscribe' }, session)).statusCode).toBe(303);
    const back = await subscriberByEmail(h, email);
    expect(back).toMatchObject({ status: 'active', timeZone: 'Europe/Berlin', digestSize: 5, frequency: 'daily' });
    expect(back!.interests.map((i) => i.label)).toEqual(['Large language models', 'Retrieval and search', 'protein folding']);
    expect(await likedTitles(email)).toEqual(['A Paper the Reader Liked Once']);

    // The held request's link, clicked afterwards (by the reader, or a mail scanner), rewrites nothing.
    const activeNow = await stored(email);
    const late = await h.server.inject({ method: 'GET', url: linkIn(confirmation, 'confirm') });
    expect(late.statusCode).toBe(200);
    expect(late.body).toContain('already confirmed');
    expect(await stored(email)).toBe(activeNow);
    expect(await h.app.prisma.heldRequest.count({ where: { subscriber: { email } } })).toBe(0);
  });

  it('applies the request when its link is clicked, and only then replaces the links mailed before', async () => {
    const email = 'returning@example.org';
    const links = await leftReader(email);
    await subscribeByForm(h, email, STRANGER);
    const confirm = linkIn(lastMailTo(h, email), 'confirm');
    for (const url of [links.resubscribe, links.unsubscribe]) expect((await h.server.inject({ method: 'GET', url })).statusCode).toBe(200);

    // Opening the link applies nothing (a mail scanner opens every link); the button does.
    const asked = await h.server.inject({ method: 'GET', url: confirm });
    expect(asked.body).toContain('<h1>Confirm your subscription</h1>');
    expect((await subscriberByEmail(h, email))?.status).toBe('unsubscribed');
    const page = await h.server.inject({ method: 'POST', url: confirm });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("You're subscribed!");
    const s = await subscriberByEmail(h, email);
    expect(s).toMatchObject({ status: 'active', frequency: 'weekly', sendHour: 3, sendWeekday: 6, timeZone: 'UTC', digestSize: 50, unsubscribedAt: null });
    expect(s!.confirmedAt?.toISOString()).toBe(h.clock.now().toISOString());
    expect(s!.interests.map((i) => i.label)).toEqual(['Speech and audio']);
    // The request named a paper: the list is what it named.
    expect(await likedTitles(email)).toEqual(['Something a Stranger Typed In']);
    expect(s!.events.map((e) => e.type).slice(-4)).toEqual(['unsubscribed', 'subscribed', 'confirmation_sent', 'confirmed']);
    expect(s!.events.at(-3)!.detail).toMatchObject({ previousStatus: 'unsubscribed', held: true });

    // Now the earlier links are replaced; the welcome email's work; a second click just says so.
    for (const url of [links.resubscribe, links.unsubscribe, links.confirm]) expect((await h.server.inject({ method: 'GET', url })).statusCode).toBe(410);
    const welcome = lastMailTo(h, email);
    expect(welcome.subject).toBe("You're subscribed to Paperboy");
    expect((await h.server.inject({ method: 'GET', url: linkIn(welcome, 'preferences') })).statusCode).toBe(200);
    const again = await h.server.inject({ method: 'GET', url: confirm });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('already confirmed');
  });

  it('keeps the liked papers of a reader whose confirmed request named none', async () => {
    const email = 'keeps@example.org';
    await leftReader(email);
    await subscribeByForm(h, email, { ...STRANGER, likedPapers: '' });
    expect((await h.server.inject({ method: 'POST', url: linkIn(lastMailTo(h, email), 'confirm') })).statusCode).toBe(200);
    expect((await subscriberByEmail(h, email))?.status).toBe('active');
    expect(await likedTitles(email)).toEqual(['A Paper the Reader Liked Once']);
  });

  it('lets a newer request replace a held one: the older confirmation link then confirms nothing', async () => {
    const email = 'twice-held@example.org';
    await leftReader(email);
    await subscribeByForm(h, email, STRANGER);
    const first = linkIn(lastMailTo(h, email), 'confirm');
    await subscribeByForm(h, email, { ...STRANGER, topics: ['3d-vision'], likedPapers: '' });
    const second = linkIn(lastMailTo(h, email), 'confirm');
    const stale = await h.server.inject({ method: 'GET', url: first });
    expect(stale.statusCode).toBe(410);
    expect(stale.body).toContain('This link no longer works');
    expect((await subscriberByEmail(h, email))?.status).toBe('unsubscribed');
    expect((await h.server.inject({ method: 'POST', url: second })).statusCode).toBe(200);
    expect((await subscriberByEmail(h, email))!.interests.map((i) => i.label)).toEqual(['3D vision']);
  });

  it('holds a request for a suspended reader the same way', async () => {
    const email = 'bounced@example.org';
    const links = await subscribeAndConfirm(h, email, READER);
    await h.app.prisma.subscriber.update({ where: { email }, data: { status: 'suspended', hardBounces: 3 } });
    const before = await stored(email);
    await subscribeByForm(h, email, STRANGER);
    expect(await stored(email)).toBe(before);
    expect((await h.server.inject({ method: 'GET', url: links.preferences })).body).toContain('value="resume"');
    expect((await h.server.inject({ method: 'POST', url: linkIn(lastMailTo(h, email), 'confirm') })).statusCode).toBe(200);
    expect(await subscriberByEmail(h, email)).toMatchObject({ status: 'active', hardBounces: 0, timeZone: 'UTC' });
  });

  it('changes nothing of an active reader, liked papers and links included: it mails their manage link', async () => {
    const email = 'active@example.org';
    const links = await subscribeAndConfirm(h, email, READER);
    const before = await stored(email);
    const mails = mailTo(h, email).length;
    expect((await subscribeByForm(h, email, STRANGER)).statusCode).toBe(200);
    expect(await stored(email)).toBe(before);
    expect(await h.app.prisma.heldRequest.count({ where: { subscriber: { email } } })).toBe(0);
    expect(mailTo(h, email)).toHaveLength(mails + 1);
    expect(linkIn(lastMailTo(h, email), 'preferences')).toBe(links.preferences);
  });
});
