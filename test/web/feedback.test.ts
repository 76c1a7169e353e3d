// "More like this" / "Less like this" from the web: the links of a digest's web view, the page a
// GET shows (which changes nothing: link scanners open every link), the POST that records, undo,
// and the preferences page's list of ratings and liked papers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LIKED_TEXT } from '../../src/web/form-fields.js';
import { MOE_PAPER, startArxivServer } from '../corpus/arxiv-server.js';
import { lastMailTo, linkIn, openForm, postForm, startHarness, subscribeAndConfirm, subscribeByForm, subscriberByEmail, SUBSCRIBE_FIELDS, type Harness } from './harness.js';

describe('reader feedback on the web', () => {
  let h: Harness;
  let preferences: string;
  let subscriberId: number;
  const ids: Record<string, number> = {};
  // Each test has its own server and database: a reader with one digest of two papers, nothing rated.
  beforeEach(async () => {
    h = await startHarness();
    ({ preferences } = await subscribeAndConfirm(h, 'reader@example.org'));
    subscriberId = (await subscriberByEmail(h, 'reader@example.org'))!.id;
    const { prisma } = h.app;
    const now = h.clock.now();
    for (const [key, title] of [
      ['dense', 'Dense Retrieval at Scale'],
      ['sparse', 'Learned Sparse Retrieval'],
    ] as const) {
      ids[key] = (await prisma.paper.create({ data: { titleKey: title.toLowerCase(), title, abstract: `${title}: an abstract.`, firstSeenAt: now, lastSeenAt: now } })).id;
    }
    const edition = await prisma.edition.create({ data: { key: 'daily:2026-11-22', date: new Date('2026-11-22T00:00:00Z') } });
    const delivery = await prisma.delivery.create({
      data: { editionId: edition.id, subscriberId, status: 'sent', messageId: '<fb@paperboy.test>', webToken: 'feedback-web-token-aaaaaaaa', sentAt: now },
    });
    await prisma.deliveryContent.create({
      data: {
        deliveryId: delivery.id,
        papers: [
          { paperId: ids.dense!, score: 1, reasons: [{ topic: 'Retrieval and search', words: ['dense retrieval'] }], trending: false },
          { paperId: ids.sparse!, score: 0.9, reasons: [{ topic: 'Retrieval and search', words: ['sparse retrieval'] }], trending: false },
        ],
      },
    });
  });
  afterEach(async () => {
    await h?.close();
  });

  const feedbackLinks = async () => {
    const page = await h.server.inject({ method: 'GET', url: '/digest/feedback-web-token-aaaaaaaa' });
    expect(page.statusCode).toBe(200);
    return [...page.body.matchAll(/href="http:\/\/paperboy\.test(\/feedback\/[^"]+)"/g)].map((m) => m[1]!);
  };
  const ratings = () => h.app.prisma.rating.findMany({ where: { subscriberId }, orderBy: { id: 'asc' } });
  const events = async () => (await h.app.prisma.subscriptionEvent.findMany({ where: { subscriberId }, orderBy: { id: 'asc' } })).map((e) => e.type);

  it('gives every paper of the web view its own signed More / Less links', async () => {
    const links = await feedbackLinks();
    expect(links).toHaveLength(4);
    expect(links.filter((l) => l.endsWith('/more'))).toHaveLength(2);
    const tokens = new Set(links.map((l) => l.split('/')[2]));
    expect(tokens.size).toBe(2); // one token per paper, shared by its two links
    for (const token of tokens) {
      const claims = h.app.signer.verify(token!, 'feedback', h.clock.now());
      expect(claims).not.toBeNull();
      expect([ids.dense, ids.sparse]).toContain(claims!.paperId);
      // A feedback token is good for nothing else.
      expect(h.app.signer.verify(token!, 'manage', h.clock.now())).toBeNull();
    }
  });

  it('a GET shows one button and changes nothing; the POST records; undo takes it back', async () => {
    const more = (await feedbackLinks()).find((l) => l.endsWith('/more'))!;
    const eventsBefore = await events();
    const page = await h.server.inject({ method: 'GET', url: more });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Dense Retrieval at Scale');
    expect(page.body).toMatch(/<button[^>]*name="action" value="more"/);
    expect(page.headers['x-robots-tag']).toMatch(/noindex/);
    await h.server.inject({ method: 'GET', url: more.replace(/\/more$/, '/less') });
    expect(await ratings()).toEqual([]);
    expect(await events()).toEqual(eventsBefore);

    const session = await openForm(h.server, more);
    const noCsrf = await postForm(h.server, more, { action: 'more' });
    expect(noCsrf.statusCode).toBe(403);
    // The same page again, saying nothing was recorded, with a form that takes the tap again (an
    // error page said "reload", which sent the refused form once more).
    expect(noCsrf.body).toContain('Nothing was recorded: this page had expired');
    expect(noCsrf.body).toMatch(/<input type="hidden" name="_csrf" value="[^"]+">/);
    expect(noCsrf.body).not.toContain('Thanks:');
    expect(await ratings()).toEqual([]);
    const posted = await postForm(h.server, more, { action: 'more' }, session);
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`${more}?done=rated`);
    expect(await ratings()).toMatchObject([{ paperId: ids.dense, verdict: 'more', undoneAt: null }]);
    expect((await events()).slice(-1)).toEqual(['rated']);
    const done = await h.server.inject({ method: 'GET', url: posted.headers.location as string });
    expect(done.body).toContain('You marked it <strong>more like this</strong>');
    expect(done.body).toMatch(/value="undo"/);

    const undone = await postForm(h.server, more, { action: 'undo' }, session);
    expect(undone.statusCode).toBe(303);
    expect((await ratings())[0]!.undoneAt).not.toBeNull();
    expect((await events()).slice(-1)).toEqual(['rating_undone']);
    // The page after undo says it counts neither way; under "Undone" it promised "Your next digests
    // will rank papers like this one higher. This paper will not be sent to you again."
    const afterUndo = await h.server.inject({ method: 'GET', url: undone.headers.location as string });
    expect(afterUndo.body).toContain('Undone: this paper no longer counts.');
    expect(afterUndo.body).toContain('It counts neither way now. If you change your mind, mark it again: your next digests will then rank papers like it higher.');
    expect(afterUndo.body).not.toContain('Your next digests will rank papers like this one higher.');
    expect(afterUndo.body).toMatch(/<button[^>]*name="action" value="more"/);
  });

  it('the other verdict\'s link on a marked paper says how it is marked and offers the change in one tap', async () => {
    const more = (await feedbackLinks()).find((l) => l.endsWith('/more'))!;
    const less = more.replace(/\/more$/, '/less');
    const session = await openForm(h.server, more);
    await postForm(h.server, more, { action: 'more' }, session);
    const eventsBefore = await events();
    // Before, it was headed "Noted": a reader who tapped "Less" took it for recorded.
    const page = await h.server.inject({ method: 'GET', url: less });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Already marked more like this</h1>');
    expect(page.body).not.toContain('Noted');
    expect(page.body).toMatch(/<button type="submit" class="wide" name="action" value="less">Change to less like this<\/button>/);
    expect(page.body).toMatch(/value="undo">Undo</);
    expect(await ratings()).toMatchObject([{ paperId: ids.dense, verdict: 'more', undoneAt: null }]);
    expect(await events()).toEqual(eventsBefore);
    // The tap changes it, and the page then reads as recorded.
    const changed = await postForm(h.server, less, { action: 'less' }, session);
    expect(changed.headers.location).toBe(`${less}?done=rated`);
    expect(await ratings()).toMatchObject([{ paperId: ids.dense, verdict: 'less', undoneAt: null }]);
    const after = await h.server.inject({ method: 'GET', url: changed.headers.location as string });
    expect(after.body).toContain('<h1>Noted</h1>');
    expect(after.body).toContain('You marked it <strong>less like this</strong>');

    // Undo of the change puts back the "more" it replaced: it left the paper marked neither way.
    const undone = await postForm(h.server, less, { action: 'undo' }, session);
    expect(undone.headers.location).toBe(`${more}?done=undone-restored`);
    expect(await ratings()).toMatchObject([{ paperId: ids.dense, verdict: 'more', previousVerdict: null, undoneAt: null }]);
    const restored = await h.server.inject({ method: 'GET', url: undone.headers.location as string });
    expect(restored.body).toContain('Undone: this paper is marked more like this again, as before.');
    expect(restored.body).toContain('You marked it <strong>more like this</strong>');
    // Undo once more takes the "more" back too: one undo, one step.
    const cleared = await postForm(h.server, more, { action: 'undo' }, session);
    expect(cleared.headers.location).toBe(`${more}?done=undone`);
    expect((await ratings())[0]!.undoneAt).not.toBeNull();
    // A notice the stored mark does not bear out is not shown.
    expect((await h.server.inject({ method: 'GET', url: `${more}?done=undone-restored` })).body).not.toContain('Undone: this paper is marked');

    // From the preferences page likewise, and in JSON.
    await postForm(h.server, more, { action: 'more' }, session);
    await postForm(h.server, less, { action: 'less' }, session);
    const prefsSession = await openForm(h.server, preferences);
    const fromPrefs = await postForm(h.server, `${preferences}/feedback`, { action: 'undo-rating', paperId: String(ids.dense) }, prefsSession);
    expect(fromPrefs.headers.location).toBe(`${preferences}?done=rating-restored-more&paper=${ids.dense}`);
    expect((await h.server.inject({ method: 'GET', url: fromPrefs.headers.location as string })).body).toContain('Undone: “Dense Retrieval at Scale” is marked more like this again, as before.');
    await postForm(h.server, less, { action: 'less' }, session);
    const json = await h.server.inject({ method: 'POST', url: less, payload: { action: 'undo' }, headers: { accept: 'application/json' } });
    expect(json.json()).toEqual({ paperId: ids.dense, verdict: 'more' });
  });

  it('an expired preferences page adds no liked paper and gives back the list as typed', async () => {
    const action = `${preferences}/feedback`;
    const typed = 'Dense Retrieval at Scale\nAnother Paper, Typed Out';
    const expired = await postForm(h.server, action, { action: 'add-liked', liked: typed });
    expect(expired.statusCode).toBe(403);
    expect(expired.body).toContain('Nothing was saved: this page had expired');
    expect(expired.body).toContain('>Dense Retrieval at Scale\nAnother Paper, Typed Out</textarea>');
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId } })).toBe(0);
    // A button (undo a mark, remove a liked paper) has nothing typed to give back: the page says to choose again.
    const button = await postForm(h.server, action, { action: 'remove-liked', likedId: '1' });
    expect(button.statusCode).toBe(403);
    expect(button.body).toContain('Nothing was changed: this page had expired');
  });

  it('a paper both liked and marked "less" is not kept both ways: the latest word wins', async () => {
    const action = `${preferences}/feedback`;
    const prefsSession = await openForm(h.server, preferences);
    await postForm(h.server, action, { action: 'add-liked', liked: 'Dense Retrieval at Scale' }, prefsSession);
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId, paperId: ids.dense } })).toBe(1);
    // "Less like this" on it: it leaves the liked list, and the page says so.
    // The web view's first paper is Dense Retrieval at Scale.
    const lessForDense = (await feedbackLinks()).filter((l) => l.endsWith('/less'))[0]!;
    // Said before the tap too (it was said only after it).
    expect((await h.server.inject({ method: 'GET', url: lessForDense })).body).toContain('It is among the papers you like: marking it less like this takes it off that list (Undo puts it back).');
    expect((await h.server.inject({ method: 'GET', url: lessForDense.replace(/\/less$/, '/more') })).body).not.toContain('It is among the papers you like');
    const posted = await postForm(h.server, lessForDense, { action: 'less' }, await openForm(h.server, lessForDense));
    expect(posted.headers.location).toBe(`${lessForDense}?done=rated-unliked`);
    expect((await h.server.inject({ method: 'GET', url: posted.headers.location as string })).body).toContain('It was among the papers you like, and no longer is.');
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId } })).toBe(0);
    expect(await ratings()).toMatchObject([{ paperId: ids.dense, verdict: 'less', undoneAt: null }]);
    // Named as liked again: the "less" is taken back.
    const relisted = await postForm(h.server, action, { action: 'add-liked', liked: 'Dense Retrieval at Scale' }, prefsSession);
    expect(await ratings()).toMatchObject([{ paperId: ids.dense, verdict: 'less', undoneAt: expect.any(Date) }]);
    // The page says where the mark went: it only said "Added", and the mark was gone from the list.
    expect(relisted.headers.location).toBe(`${preferences}?done=liked-added-unmarked`);
    expect((await h.server.inject({ method: 'GET', url: relisted.headers.location as string })).body).toContain('What you had marked less like this among them no longer counts so: your latest word wins.');
    expect((await events()).slice(-4)).toEqual(['rated', 'liked_paper_removed', 'rating_undone', 'liked_papers_added']);
  });

  it('undoing a "less" that took a paper off the liked list puts it back as it was, and says so', async () => {
    const prefsAction = `${preferences}/feedback`;
    const prefsSession = await openForm(h.server, preferences);
    await postForm(h.server, prefsAction, { action: 'add-liked', liked: 'Dense Retrieval at Scale' }, prefsSession);
    const likedBefore = await h.app.prisma.likedPaper.findMany({ where: { subscriberId }, select: { paperId: true, title: true, arxivId: true, abstract: true, createdAt: true } });
    expect(likedBefore).toHaveLength(1);
    const lessForDense = (await feedbackLinks()).filter((l) => l.endsWith('/less'))[0]!;
    const session = await openForm(h.server, lessForDense);
    await postForm(h.server, lessForDense, { action: 'less' }, session);
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId } })).toBe(0);

    // Undo on the page: the mark goes, and the liked entry comes back (same text, same date).
    const undone = await postForm(h.server, lessForDense, { action: 'undo' }, session);
    expect(undone.headers.location).toBe(`${lessForDense}?done=undone-relisted`);
    expect(await h.app.prisma.likedPaper.findMany({ where: { subscriberId }, select: { paperId: true, title: true, arxivId: true, abstract: true, createdAt: true } })).toEqual(likedBefore);
    expect(await ratings()).toMatchObject([{ paperId: ids.dense, undoneAt: expect.any(Date) }]);
    expect((await events()).slice(-2)).toEqual(['rating_undone', 'liked_papers_added']);
    const shown = await h.server.inject({ method: 'GET', url: undone.headers.location as string });
    expect(shown.body).toContain('Undone: this paper no longer counts as less like this, and is back among the papers you like.');
    // Back on the list, it counts as liked: the page said "It counts neither way now" under that line.
    expect(shown.body).toContain('It counts as one of the papers you like, as it did before you marked it: your next digests bring papers like it.');
    expect(shown.body).not.toContain('It counts neither way now');

    // From the preferences page likewise; and the JSON answer says it.
    await postForm(h.server, lessForDense, { action: 'less' }, session);
    const fromPrefs = await postForm(h.server, prefsAction, { action: 'undo-rating', paperId: String(ids.dense) }, prefsSession);
    expect(fromPrefs.headers.location).toBe(`${preferences}?done=rating-undone-relisted&paper=${ids.dense}`);
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId, paperId: ids.dense } })).toBe(1);
    await postForm(h.server, lessForDense, { action: 'less' }, session);
    const json = await h.server.inject({ method: 'POST', url: lessForDense, headers: { 'content-type': 'application/json' }, payload: { action: 'undo' } });
    expect(json.json()).toEqual({ paperId: ids.dense, verdict: null, relisted: true });
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId, paperId: ids.dense } })).toBe(1);

    // An undo of a mark that took nothing off puts nothing back, and a hand-made ?done= claims nothing.
    const lessForSparse = (await feedbackLinks()).filter((l) => l.endsWith('/less'))[1]!;
    await postForm(h.server, lessForSparse, { action: 'less' }, session);
    const plain = await postForm(h.server, lessForSparse, { action: 'undo' }, session);
    expect(plain.headers.location).toBe(`${lessForSparse}?done=undone`);
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId, paperId: ids.sparse } })).toBe(0);
    const claimed = await h.server.inject({ method: 'GET', url: `${lessForSparse}?done=undone-relisted` });
    expect(claimed.body).not.toContain('back among the papers you like');
    const plainShown = await h.server.inject({ method: 'GET', url: plain.headers.location as string });
    expect(plainShown.body).toContain('It counts neither way now.');
    expect(plainShown.body).not.toContain('one of the papers you like');
  });

  it('says what is stored, whatever ?done= claims', async () => {
    const more = (await feedbackLinks()).find((l) => l.endsWith('/more'))!;
    // Nothing rated: a hand-made ?done=rated must not thank anyone, and still offers the button.
    const claimed = await h.server.inject({ method: 'GET', url: `${more}?done=rated` });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.body).not.toContain('Thanks');
    expect(claimed.body).not.toContain('You marked it');
    expect(claimed.body).toMatch(/<button[^>]*name="action" value="more"/);
    expect(await ratings()).toEqual([]);

    // Rated "more": ?done=undone is not true either, so the page shows the rating, not "Undone".
    await h.app.prisma.rating.create({ data: { subscriberId, paperId: ids.dense!, verdict: 'more' } });
    const stale = await h.server.inject({ method: 'GET', url: `${more}?done=undone` });
    expect(stale.body).not.toContain('Undone: this paper no longer counts.');
    expect(stale.body).toContain('You marked it <strong>more like this</strong>');
    const rated = await h.server.inject({ method: 'GET', url: `${more}?done=rated` });
    expect(rated.body).toContain('Thanks: your next digests take it into account.');
  });

  it('tells a reader who gets no digests now when their mark will count', async () => {
    const more = (await feedbackLinks()).find((l) => l.endsWith('/more'))!;
    const active = await h.server.inject({ method: 'GET', url: more });
    expect(active.body).not.toMatch(/class="note">Your digests are|You are <strong>unsubscribed/);
    expect(active.body).toContain('your preferences page</a>.</p>');
    // Their preferences page shows only the way back, not the marks: the list is promised for after it.
    for (const [status, says, listed] of [
      ['paused', 'Your digests are <strong>paused</strong>: what you mark here counts from the first digest after you resume them.', 'your preferences page</a>.</p>'],
      ['unsubscribed', 'You are <strong>unsubscribed</strong>: no digest is sent to you. What you mark here is kept, and counts if you resubscribe', 'your preferences page</a> once you resubscribe there.'],
      ['suspended', 'Your digests are <strong>stopped</strong> (messages to your address bounced).', 'your preferences page</a> once you start your digests again there.'],
    ] as const) {
      await h.app.prisma.subscriber.update({ where: { id: subscriberId }, data: { status } });
      // Before, only "Your next digests will rank papers like this one higher", which none would bring.
      const page = await h.server.inject({ method: 'GET', url: more });
      expect(page.statusCode, status).toBe(200);
      expect(page.body, status).toContain(says);
      expect(page.body, status).toContain(listed);
      expect(page.body, status).toContain('Once your digests come again, they will rank papers like this one higher.');
      expect(page.body, status).not.toMatch(/your next digests/i);
    }
    // After the tap, the thanks does not promise a next digest either (it said "your next digests
    // take it into account" above "You are unsubscribed: no digest is sent to you").
    await h.app.prisma.rating.create({ data: { subscriberId, paperId: ids.dense!, verdict: 'more' } });
    const thanked = await h.server.inject({ method: 'GET', url: `${more}?done=rated` });
    expect(thanked.body).toContain('Thanks: it is kept, and counts once your digests come again.');
    expect(thanked.body).toContain('Once your digests come again, they will bring more papers like it');
    expect(thanked.body).not.toMatch(/your next digests/i);
  });

  it('answers JSON clients, and refuses forged or tampered links', async () => {
    // The second paper's (papers come in rank order: dense, then sparse).
    const less = (await feedbackLinks()).filter((l) => l.endsWith('/less'))[1]!;
    expect(h.app.signer.verify(less.split('/')[2]!, 'feedback', h.clock.now())!.paperId).toBe(ids.sparse);
    const json = await h.server.inject({ method: 'POST', url: less, headers: { 'content-type': 'application/json' }, payload: { action: 'less' } });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ verdict: 'less' });
    const [, , token] = less.split('/');
    const [payload, signature] = token!.split('.');
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), p: ids.dense })).toString('base64url');
    for (const url of [`/feedback/${token}/sideways`, '/feedback/nonsense/more']) {
      const res = await h.server.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
    }
    // A reader's own link altered by hand fails its signature as one signed under another APP_SECRET
    // would, and cannot be told from it (other-secret.test.ts): refused, with that link's page.
    const tampered = await h.server.inject({ method: 'GET', url: `/feedback/${other}.${signature}/less` });
    expect(tampered.statusCode).toBe(410);
    expect(await h.app.prisma.rating.count({ where: { paperId: ids.dense, verdict: 'less' } })).toBe(0);
  });

  it('the preferences page lists what was rated, with undo, and manages liked papers', async () => {
    // Dense was marked and taken back; sparse is marked "less like this".
    await h.app.prisma.rating.create({ data: { subscriberId, paperId: ids.dense!, verdict: 'more', undoneAt: h.clock.now() } });
    await h.app.prisma.rating.create({ data: { subscriberId, paperId: ids.sparse!, verdict: 'less' } });
    const page = await h.server.inject({ method: 'GET', url: preferences });
    expect(page.body).toContain('Papers you rated');
    expect(page.body).toMatch(/Learned Sparse Retrieval<\/td><td>less like this/);
    expect(page.body).not.toMatch(/Dense Retrieval at Scale<\/td>/); // taken back
    // Each Undo names its paper for a screen reader, which otherwise hears "Undo, Undo, Undo".
    expect(page.body).toContain('value="undo-rating">Undo<span class="visually-hidden"> your mark on “Learned Sparse Retrieval”</span></button>');
    const action = `${preferences}/feedback`;
    const session = await openForm(h.server, preferences);
    const undo = await postForm(h.server, action, { action: 'undo-rating', paperId: String(ids.sparse) }, session);
    expect(undo.statusCode).toBe(303);
    expect(undo.headers.location).toBe(`${preferences}?done=rating-undone&paper=${ids.sparse}`);
    expect((await ratings()).every((r) => r.undoneAt !== null)).toBe(true);
    // The notice names the paper the undo took off the list ("that paper" named none).
    expect((await h.server.inject({ method: 'GET', url: undo.headers.location as string })).body).toContain('Undone: “Learned Sparse Retrieval” no longer counts.');
    expect((await h.server.inject({ method: 'GET', url: `${preferences}?done=rating-undone&paper=nonsense` })).body).toContain('Undone: that paper no longer counts.');

    const bib = '@article{k, title = {Dense Retrieval at Scale}}\n@misc{m, title={Late Interaction Retrievers Explained}, abstract={ColBERT-style late interaction.}}';
    const added = await postForm(h.server, action, { action: 'add-liked', liked: bib }, session);
    expect(added.headers.location).toBe(`${preferences}?done=liked-added`);
    const liked = await h.app.prisma.likedPaper.findMany({ where: { subscriberId }, orderBy: { id: 'asc' } });
    expect(liked).toMatchObject([
      { title: 'Dense Retrieval at Scale', paperId: ids.dense, abstract: 'Dense Retrieval at Scale: an abstract.' },
      { title: 'Late Interaction Retrievers Explained', paperId: null, abstract: 'ColBERT-style late interaction.' },
    ]);
    const shown = await h.server.inject({ method: 'GET', url: `${preferences}?done=liked-added` });
    expect(shown.body).toContain('Added to the papers you like.');
    expect(shown.body).toContain('Late Interaction Retrievers Explained');
    // Both have text to learn from: neither is marked as known by its title only.
    expect(shown.body).not.toContain('(title only');
    const titleOnly = await postForm(h.server, action, { action: 'add-liked', liked: 'A Title Nobody Indexed' }, session);
    expect(titleOnly.statusCode).toBe(303);
    const withTitleOnly = await h.server.inject({ method: 'GET', url: preferences });
    expect(withTitleOnly.body).toMatch(/A Title Nobody Indexed <span class="small">\(title only: papers like it are found by its title's words/);
    await h.app.prisma.likedPaper.deleteMany({ where: { subscriberId, title: 'A Title Nobody Indexed' } });
    // Known by its arXiv id but no abstract (a Mendeley entry without one, arXiv not asked): its id is
    // shown beside it, and the page asked for "its arXiv id" all the same.
    const withId = await postForm(h.server, action, { action: 'add-liked', liked: '@article{K, eprint = {1312.6114}, archivePrefix = {arXiv}, title = {{Variational Bayes Once More}}}' }, session);
    expect(withId.statusCode).toBe(303);
    const idShown = await h.server.inject({ method: 'GET', url: preferences });
    expect(idShown.body).toMatch(/Variational Bayes Once More <span class="small">\(arXiv 1312\.6114\)<\/span> <span class="small">\(title only: papers like it are found by its title's words; a BibTeX entry with its abstract finds better ones\)/);
    await h.app.prisma.likedPaper.deleteMany({ where: { subscriberId, title: 'Variational Bayes Once More' } });
    expect(shown.body).toContain('value="remove-liked">Remove<span class="visually-hidden"> “Late Interaction Retrievers Explained”</span></button>');
    const removed = await postForm(h.server, action, { action: 'remove-liked', likedId: String(liked[1]!.id) }, session);
    expect(removed.headers.location).toBe(`${preferences}?done=liked-removed`);
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId } })).toBe(1);
    const unknown = await postForm(h.server, action, { action: 'add-liked', liked: '2401.99999' }, session);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('not in Paperboy');
    expect((await events()).slice(-5)).toEqual(['rating_undone', 'liked_papers_added', 'liked_papers_added', 'liked_papers_added', 'liked_paper_removed']);
  });

  // A reader without topics who removes their last liked paper would follow nothing, still
  // subscribed, where saving no topic and no paper is refused; a second tap on Remove, or a
  // damaged button, must not be answered with a notice of something done, or a raw parse error.
  it('keeps the last thing a reader follows, says when there was nothing to remove, and answers a damaged button plainly', async () => {
    const action = `${preferences}/feedback`;
    const session = await openForm(h.server, preferences);
    await postForm(h.server, action, { action: 'add-liked', liked: 'Dense Retrieval at Scale\nLearned Sparse Retrieval' }, session);
    await h.app.prisma.interest.deleteMany({ where: { subscriberId } });
    const [first, last] = await h.app.prisma.likedPaper.findMany({ where: { subscriberId }, orderBy: { id: 'asc' } });
    const removed = await postForm(h.server, action, { action: 'remove-liked', likedId: String(first!.id) }, session);
    expect(removed.headers.location).toBe(`${preferences}?done=liked-removed`);
    const again = await postForm(h.server, action, { action: 'remove-liked', likedId: String(first!.id) }, session);
    expect(again.headers.location).toBe(`${preferences}?done=liked-gone`);
    expect((await h.server.inject({ method: 'GET', url: again.headers.location as string })).body).toContain('That paper was no longer among the papers you like: nothing to remove.');
    const refused = await postForm(h.server, action, { action: 'remove-liked', likedId: String(last!.id) }, session);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Not removed: this is the last thing your digests follow: add a topic or another paper first (or unsubscribe, if you want no more digests).');
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId } })).toBe(1);
    const damaged = await postForm(h.server, action, { action: 'undo-rating', paperId: 'abc' }, session);
    expect(damaged.statusCode).toBe(400);
    expect(damaged.body).toContain('That button sent something the preferences page never sends.');
    expect(damaged.body).not.toContain('NaN');
  });

  it('a list with one paper it cannot place adds none, and shows the page again with the list and the problem beside it', async () => {
    const now = h.clock.now();
    await h.app.prisma.paper.create({ data: { titleKey: 'in the corpus by id', title: 'In the Corpus by Id', abstract: 'An abstract.', arxivId: '2611.08888', firstSeenAt: now, lastSeenAt: now } });
    const action = `${preferences}/feedback`;
    const session = await openForm(h.server, preferences);
    const eventsBefore = await events();
    const typed = '2611.08888\n2401.99999\nAttention Is All You Need';
    const refused = await postForm(h.server, action, { action: 'add-liked', liked: typed }, session);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    // The preferences page itself, not the error page with its one way out.
    expect(refused.body).toContain('<h1>Your preferences</h1>');
    expect(refused.body).not.toContain('Go to the subscribe page');
    // The problem names the line, beside the field; the field keeps what was typed.
    const problem = /<div class="note bad" role="alert" id="liked-problem">([\s\S]*?)<\/div>/.exec(refused.body)?.[1];
    expect(problem).toContain('2401.99999 is not in Paperboy&#x27;s corpus');
    expect(problem).toContain('Nothing was added');
    expect(refused.body).not.toContain('Please check the form');
    expect(refused.body).toMatch(/<textarea id="liked" name="liked"[^>]*aria-describedby="liked-hint liked-problem" aria-invalid="true">2611.08888\n2401.99999\nAttention Is All You Need<\/textarea>/);
    // The form posts back to its card, so the browser lands on the problem.
    expect(refused.body).toMatch(/<form method="post" action="[^"]+\/feedback#liked-papers">/);
    // All or nothing: the good lines were not added either.
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId } })).toBe(0);
    expect(await events()).toEqual(eventsBefore);

    // A link to anywhere but arXiv is refused too: it was liked as a paper titled with its address.
    const link = await postForm(h.server, action, { action: 'add-liked', liked: 'https://openreview.net/forum?id=abc\nAttention Is All You Need' }, session);
    expect(link.statusCode).toBe(400);
    expect(link.body).toContain('https://openreview.net/forum?id&#x3D;abc is a link Paperboy cannot read a paper from: give the paper&#x27;s arXiv id or arXiv link, its title, or its BibTeX entry.');
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId } })).toBe(0);

    // Every line that cannot be placed is named at once: the id came up only once the link was fixed.
    const both = await postForm(h.server, action, { action: 'add-liked', liked: 'https://openreview.net/forum?id=abc\n2401.99999\nAttention Is All You Need' }, session);
    expect(both.statusCode).toBe(400);
    const problems = /<div class="note bad" role="alert" id="liked-problem">([\s\S]*?)<\/div>/.exec(both.body)?.[1];
    expect(problems).toContain('https://openreview.net/forum?id&#x3D;abc is a link Paperboy cannot read a paper from');
    expect(problems).toContain('2401.99999 is not in Paperboy&#x27;s corpus');
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId } })).toBe(0);
    // In the order of the lines, although the id is found wrong only after the link.
    const reversed = await postForm(h.server, action, { action: 'add-liked', liked: '2401.99999\nhttps://openreview.net/forum?id=abc' }, session);
    const told = /<div class="note bad" role="alert" id="liked-problem">([\s\S]*?)<\/div>/.exec(reversed.body)?.[1] ?? '';
    expect(told.indexOf('2401.99999 is not')).toBeGreaterThanOrEqual(0);
    expect(told.indexOf('2401.99999 is not')).toBeLessThan(told.indexOf('https://openreview.net'));

    // "[id] Title", as an arXiv page's tab title or a bookmark copies it: the paper with that id, or
    // one outside the corpus kept by its title and id (it was a title with the brackets, no paper's).
    const tabs = await postForm(h.server, action, { action: 'add-liked', liked: '[2611.08888v2] In the Corpus by Id\n[2401.77777] A Paper From Its Tab Title' }, session);
    expect(tabs.statusCode).toBe(303);
    expect(await h.app.prisma.likedPaper.findMany({ where: { subscriberId }, orderBy: { id: 'asc' }, select: { title: true, arxivId: true, paperId: true } })).toEqual([
      { title: 'In the Corpus by Id', arxivId: '2611.08888', paperId: expect.any(Number) },
      { title: 'A Paper From Its Tab Title', arxivId: '2401.77777', paperId: null },
    ]);
    await h.app.prisma.likedPaper.deleteMany({ where: { subscriberId } });
    await h.app.prisma.subscriptionEvent.deleteMany({ where: { subscriberId, type: 'liked_papers_added' } });

    // A program gets the same problem as JSON.
    const json = await h.server.inject({ method: 'POST', url: action, headers: { 'content-type': 'application/json' }, payload: { action: 'add-liked', liked: typed } });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.problems[0]).toContain('2401.99999 is not in Paperboy');

    // Without the bad line, both are added; the notice is in the card the reader lands on.
    const added = await postForm(h.server, action, { action: 'add-liked', liked: '2611.08888\nAttention Is All You Need' }, session);
    expect(added.statusCode).toBe(303);
    const page = await h.server.inject({ method: 'GET', url: added.headers.location as string });
    expect(page.body).toMatch(/<div class="card" id="liked-papers">\s*<h2>Papers you like<\/h2>\s*<div class="note good" role="status">Added to the papers you like.<\/div>/);
    expect((await h.app.prisma.likedPaper.findMany({ where: { subscriberId }, orderBy: { id: 'asc' } })).map((p) => p.title)).toEqual([
      'In the Corpus by Id',
      'Attention Is All You Need',
    ]);

    // The title liked alone, given again with its abstract (a BibTeX export): the entry gains the
    // abstract, and the page says so instead of "Added" while nothing was (or "already there" while
    // something was).
    const bib = '@inproceedings{v, title = {Attention Is All You Need}, abstract = {The dominant sequence transduction models are based on recurrent networks.}}';
    const completed = await postForm(h.server, action, { action: 'add-liked', liked: bib }, session);
    expect(completed.headers.location).toBe(`${preferences}?done=liked-completed`);
    expect((await h.server.inject({ method: 'GET', url: completed.headers.location as string })).body).toContain('Those papers were already on your list; those that had no abstract now have the one you gave.');
    expect(await h.app.prisma.likedPaper.findFirst({ where: { subscriberId, title: 'Attention Is All You Need' }, select: { abstract: true } })).toEqual({
      abstract: 'The dominant sequence transduction models are based on recurrent networks.',
    });
    // Some new, some there already: both are said.
    const some = await postForm(h.server, action, { action: 'add-liked', liked: '2611.08888\nA Paper Nobody Listed' }, session);
    expect(some.headers.location).toBe(`${preferences}?done=liked-added-some`);
    expect((await h.server.inject({ method: 'GET', url: some.headers.location as string })).body).toContain('Added to the papers you like; the others were already on your list.');
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId } })).toBe(3);
    // One new, and one there by its title alone that gains its abstract: both are said (the notice
    // said only "the others were already on your list").
    const paper = '@article{p, title = {A Paper Nobody Listed}, abstract = {Its abstract, given at last.}}';
    const addedAndCompleted = await postForm(h.server, action, { action: 'add-liked', liked: `${paper}\n@article{n, title = {Another Paper Nobody Listed}}` }, session);
    expect(addedAndCompleted.headers.location).toBe(`${preferences}?done=liked-added-completed`);
    expect((await h.server.inject({ method: 'GET', url: addedAndCompleted.headers.location as string })).body).toContain('Added to the papers you like; those already on your list that had no abstract now have the one you gave.');
    expect(await h.app.prisma.likedPaper.findFirst({ where: { subscriberId, title: 'A Paper Nobody Listed' }, select: { abstract: true } })).toEqual({ abstract: 'Its abstract, given at last.' });
  });

  it('takes a Zotero export of 40 papers with their abstracts, pasted with the CRLF line breaks a form sends', async () => {
    // What Zotero exports: one entry of some 2 KB per paper, abstract included. 40 of them are
    // 77,000 characters, far past the old 12,000 (a 413 "That was too much" or "is longer than",
    // the list lost); a browser's paste at the field's maxlength was refused too, its line breaks
    // counted twice.
    const entry = (n: number) =>
      [
        `@article{paper_${n}_2024,`,
        `\ttitle = {Late {Interaction} Retrievers, Part ${n}},`,
        `\turl = {https://example.org/papers/${n}},`,
        `\tabstract = {${'Late interaction retrievers score every query token against every document token. '.repeat(20)}},`,
        `\tauthor = {Doe, Jane and Roe, Richard},`,
        `\tfile = {Full Text PDF:/home/reader/Zotero/storage/ABCD${n}/paper.pdf:application/pdf},`,
        `\tyear = {2024},`,
        '}',
      ].join('\r\n');
    const bib = Array.from({ length: 40 }, (_, n) => entry(n + 1)).join('\r\n\r\n');
    expect(bib.length).toBeGreaterThan(75_000);
    const page = await h.server.inject({ method: 'GET', url: preferences });
    expect(page.body).toMatch(new RegExp(`<textarea id="liked" name="liked" rows="3" maxlength="${MAX_LIKED_TEXT}"`));
    const session = await openForm(h.server, preferences);
    const added = await postForm(h.server, `${preferences}/feedback`, { action: 'add-liked', liked: bib }, session);
    expect(added.statusCode, added.body.slice(0, 300)).toBe(303);
    const liked = await h.app.prisma.likedPaper.findMany({ where: { subscriberId }, orderBy: { id: 'asc' } });
    expect(liked).toHaveLength(40);
    expect(liked[39]).toMatchObject({ title: 'Late Interaction Retrievers, Part 40', abstract: expect.stringMatching(/^Late interaction retrievers score/) });

    // Exactly as long as the field allows, counted as the browser counts: accepted.
    const head = '@misc{long,\r\n  title = {One Long Abstract},\r\n  abstract = {';
    const tail = '}\r\n}\r\n';
    const counted = (text: string) => text.replace(/\r\n/g, '\n').length;
    const long = head + 'word '.repeat(MAX_LIKED_TEXT).slice(0, MAX_LIKED_TEXT - counted(head) - counted(tail)) + tail;
    expect(counted(long)).toBe(MAX_LIKED_TEXT);
    const atLimit = await postForm(h.server, `${preferences}/feedback`, { action: 'add-liked', liked: long }, session);
    expect(atLimit.statusCode, atLimit.body.slice(0, 300)).toBe(303);

    // A longer paste is cut by the browser at the field's maxlength, mid-entry: the reader is told
    // so, not only that "a { is never closed" at some line.
    const huge = Array.from({ length: 45 }, (_, n) => entry(n + 100).replace(/\r\n/g, '\n').replace('score every', `score${' every'.repeat(800)}`)).join('\n\n');
    expect(huge.length).toBeGreaterThan(MAX_LIKED_TEXT);
    const cut = await postForm(h.server, `${preferences}/feedback`, { action: 'add-liked', liked: huge.slice(0, MAX_LIKED_TEXT) }, session);
    expect(cut.statusCode).toBe(400);
    expect(cut.body).toContain('What you pasted was cut at 200,000 characters, the most this field holds: give at most 50 papers. The BibTeX cannot be read: line');

    // Past 50 in all, the reader is told how many they have and may add, and nothing is added.
    const more = Array.from({ length: 20 }, (_, n) => entry(n + 200)).join('\r\n\r\n');
    const tooMany = await postForm(h.server, `${preferences}/feedback`, { action: 'add-liked', liked: more }, session);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('At most 50 liked papers: 41 are on the list, and this adds 20. Remove some first, or add at most 9.');
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId } })).toBe(41);

    // The subscribe form takes the same export.
    const subscribed = await subscribeByForm(h, 'zotero@example.org', { frequency: 'daily', sendHour: '7', timeZone: 'UTC', digestSize: '5', likedPapers: bib });
    expect(subscribed.statusCode, subscribed.body.slice(0, 300)).toBe(200);
    const reader = await subscriberByEmail(h, 'zotero@example.org');
    expect(await h.app.prisma.likedPaper.count({ where: { subscriberId: reader!.id } })).toBe(40);
  });

  it('the confirmation page counts the papers a reader named beside their topics', async () => {
    const likedPapers = 'Dense Retrieval at Scale\nLearned Sparse Retrieval\nAttention Is All You Need';
    expect((await subscribeByForm(h, 'both@example.org', { ...SUBSCRIBE_FIELDS, likedPapers })).statusCode).toBe(200);
    const confirm = linkIn(lastMailTo(h, 'both@example.org'), 'confirm');
    const page = await h.server.inject({ method: 'POST', url: confirm });
    expect(page.body).toContain('<dt>Topics</dt><dd>Large language models, Retrieval and search, protein folding, and papers like the 3 you named</dd>');
    const json = await h.server.inject({ method: 'GET', url: confirm, headers: { accept: 'application/json' } });
    expect(json.json()).toMatchObject({ topics: ['Large language models', 'Retrieval and search', 'protein folding'], likedPapers: 3 });
  });

  it('subscribing with liked papers and no topic is valid; with neither it is not', async () => {
    const withLiked = await subscribeByForm(h, 'fan@example.org', { frequency: 'daily', sendHour: '7', timeZone: 'UTC', digestSize: '5', likedPapers: 'Learned Sparse Retrieval' });
    expect(withLiked.statusCode).toBe(200);
    const fan = await subscriberByEmail(h, 'fan@example.org');
    expect(fan!.interests).toEqual([]);
    expect(await h.app.prisma.likedPaper.findMany({ where: { subscriberId: fan!.id }, select: { paperId: true } })).toEqual([{ paperId: ids.sparse }]);
    // The confirmation email counts the paper they named (it said nothing of what they asked for).
    expect(lastMailTo(h, 'fan@example.org').text).toContain('on papers like the one you named.');
    // What the confirmation page says they will get names the paper they gave, not an empty topic list.
    const confirmed = await h.server.inject({ method: 'POST', url: linkIn(lastMailTo(h, 'fan@example.org'), 'confirm') });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('<dt>About</dt><dd>papers like the one you named</dd>');
    expect(confirmed.body).not.toContain('<dt>Topics</dt>');
    // Titles typed beside a pasted BibTeX entry are papers too: none is dropped.
    const mixed = 'Learned Sparse Retrieval\n@misc{k, title = {A Paper Outside The Corpus}, abstract = {About sparse retrieval.}}\n';
    expect((await subscribeByForm(h, 'mixed@example.org', { frequency: 'daily', sendHour: '7', timeZone: 'UTC', digestSize: '5', likedPapers: mixed, customTopics: 'sparse retrieval' })).statusCode).toBe(200);
    expect(lastMailTo(h, 'mixed@example.org').text).toContain('on 1 topic of your own, and papers like the 2 you named.');
    const mixedFan = await subscriberByEmail(h, 'mixed@example.org');
    const mixedLiked = await h.app.prisma.likedPaper.findMany({ where: { subscriberId: mixedFan!.id }, select: { paperId: true, title: true }, orderBy: { title: 'asc' } });
    expect(mixedLiked).toEqual([
      { paperId: null, title: 'A Paper Outside The Corpus' },
      { paperId: ids.sparse, title: expect.stringContaining('Sparse') },
    ]);
    const neither = await subscribeByForm(h, 'none@example.org', { frequency: 'daily', sendHour: '7', timeZone: 'UTC', digestSize: '5' });
    expect(neither.statusCode).toBe(400);
    expect(neither.body).toContain('Topics: choose at least one topic, or name papers you like.');
    // A reader of liked papers alone changes their hour on the preferences page, still with no topic
    // (this was refused with "choose at least one topic").
    const { preferences: fanPreferences } = await subscribeAndConfirm(h, 'fan2@example.org', { ...SUBSCRIBE_FIELDS, topics: [], customTopics: '', likedPapers: 'Learned Sparse Retrieval' });
    const saved = await postForm(h.server, fanPreferences, { topics: [], customTopics: '', frequency: 'daily', sendHour: '9', sendWeekday: '1', timeZone: 'UTC', digestSize: '5' }, await openForm(h.server, fanPreferences));
    expect(saved.statusCode, saved.body).toBe(303);
    expect(await h.app.prisma.subscriber.findFirst({ where: { email: 'fan2@example.org' }, select: { sendHour: true } })).toEqual({ sendHour: 9 });
    // Text that names no paper is no paper: a BibTeX whose entries have no title subscribed the
    // address to nothing at all (no topic, no liked paper: every digest empty).
    const untitled = await subscribeByForm(h, 'untitled@example.org', { frequency: 'daily', sendHour: '7', timeZone: 'UTC', digestSize: '5', likedPapers: '@article{x, author = {Nobody}, year = {2020}}' });
    expect(untitled.statusCode).toBe(400);
    expect(untitled.body).toContain('The BibTeX has no entry with a title');
    expect(await subscriberByEmail(h, 'untitled@example.org')).toBeNull();
    // Said above the form, and beside the list at its foot (it was said above only, a long scroll
    // away on a phone), which is marked as the field to correct.
    expect(untitled.body).toContain('Please check the form:');
    expect(untitled.body).toMatch(/<div class="note bad" role="alert" id="liked-problem">The BibTeX has no entry with a title[^<]*<\/div>\s*<textarea id="likedPapers" name="likedPapers"[^>]*aria-describedby="liked-hint liked-problem" aria-invalid="true">@article\{x/);
    // On the preferences page, adding nothing is said to be nothing, not "already on your list".
    const action = `${preferences}/feedback`;
    const session = await openForm(h.server, preferences);
    for (const liked of ['', '   \r\n ', '@comment{only a comment}']) {
      const blank = await postForm(h.server, action, { action: 'add-liked', liked }, session);
      expect(blank.statusCode, JSON.stringify(liked)).toBe(400);
      expect(blank.body).toMatch(/Give at least one paper|The BibTeX has no entry with a title/);
      expect(blank.body).not.toContain('already on your list');
    }
  });
});

describe('liked papers named by an arXiv id the corpus lacks, on the web', () => {
  it('looks them up on arXiv, on the subscribe form and the preferences page; an id arXiv lacks is refused with a way forward', async () => {
    const arxiv = await startArxivServer({}, [MOE_PAPER]);
    const h = await startHarness({ env: { ARXIV_API_URL: arxiv.url } });
    try {
      const form = { frequency: 'daily', sendHour: '7', timeZone: 'UTC', digestSize: '5' };
      const answer = await subscribeByForm(h, 'moe@example.org', { ...form, likedPapers: 'arXiv:1701.06538' });
      expect(answer.statusCode).toBe(200);
      const reader = await subscriberByEmail(h, 'moe@example.org');
      expect(await h.app.prisma.likedPaper.findMany({ where: { subscriberId: reader!.id }, select: { title: true, arxivId: true, paperId: true } })).toEqual([
        { title: MOE_PAPER.title, arxivId: '1701.06538', paperId: null },
      ]);

      const { preferences } = await subscribeAndConfirm(h, 'prefs@example.org');
      // The preferences page promises the lookup as the subscribe form does (its hint sits inside the
      // feedback card's own context, where it read no setting and always said there was none).
      const prefsPage = await h.server.inject({ method: 'GET', url: preferences });
      expect(prefsPage.body).toContain('Papers Paperboy does not have yet are looked up on arXiv.');
      expect(prefsPage.body).not.toContain('An arXiv id works for papers Paperboy already has');
      const session = await openForm(h.server, preferences);
      const missing = await postForm(h.server, `${preferences}/feedback`, { action: 'add-liked', liked: '2401.99999' }, session);
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain('arXiv has no paper 2401.99999: check the id');
      const added = await postForm(h.server, `${preferences}/feedback`, { action: 'add-liked', liked: 'https://arxiv.org/abs/1701.06538' }, session);
      expect(added.headers.location).toBe(`${preferences}?done=liked-added`);
      const page = await h.server.inject({ method: 'GET', url: added.headers.location as string });
      expect(page.body).toContain(`${MOE_PAPER.title} <span class="small">(arXiv 1701.06538)</span>`);
    } finally {
      await h.close();
      await arxiv.close();
    }
  });
});

describe('liked papers on a server that does not ask arXiv (ARXIV_API_URL=off)', () => {
  it('promises no lookup on the forms and refuses an unknown arXiv id with what works instead', async () => {
    const h = await startHarness({ env: { ARXIV_API_URL: 'off' } });
    try {
      const home = await h.server.inject({ method: 'GET', url: '/' });
      expect(home.body).not.toContain('looked up on arXiv');
      expect(home.body).toContain('An arXiv id works for papers Paperboy already has; for others, give the title or BibTeX.');
      const form = { frequency: 'daily', sendHour: '7', timeZone: 'UTC', digestSize: '5' };
      const refused = await subscribeByForm(h, 'offline@example.org', { ...form, likedPapers: '2401.99999' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('2401.99999 is not in Paperboy&#x27;s corpus: give the paper&#x27;s title (or its BibTeX entry) instead.');
      expect(await subscriberByEmail(h, 'offline@example.org')).toBeNull();
      const { preferences } = await subscribeAndConfirm(h, 'offline-prefs@example.org');
      const prefsPage = await h.server.inject({ method: 'GET', url: preferences });
      expect(prefsPage.body).not.toContain('looked up on arXiv');
      expect(prefsPage.body).toContain('An arXiv id works for papers Paperboy already has; for others, give the title or BibTeX.');
      // A paper kept by its title is not said to be found better by its arXiv id, which this server
      // does not look up: a reader who gave it was refused, and sent back to the title they had given.
      const action = `${preferences}/feedback`;
      const session = await openForm(h.server, preferences);
      await postForm(h.server, action, { action: 'add-liked', liked: 'A Paper Nobody Has Written Yet' }, session);
      const listed = await h.server.inject({ method: 'GET', url: preferences });
      expect(listed.body).toContain("(title only: papers like it are found by its title's words; a BibTeX entry with its abstract finds better ones)");
      const link = await postForm(h.server, action, { action: 'add-liked', liked: 'https://openreview.net/forum?id=abc' }, session);
      expect(link.body).toContain('is a link Paperboy cannot read a paper from: give the paper&#x27;s title or its BibTeX entry.');
      // A title past any paper's length is refused as too long, quoted to a word, not "not a paper".
      const long = await postForm(h.server, action, { action: 'add-liked', liked: `Towards ${'scalable and robust retrieval '.repeat(14)}` }, session);
      expect(long.body).toMatch(/&quot;Towards scalable and robust retrieval scalable and robust…&quot; is too long for a title \(\d+ characters; at most 300\): give the title alone, or its BibTeX entry\./);
    } finally {
      await h.close();
    }
  });
});
