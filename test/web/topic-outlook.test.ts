// The preferences page (and the page a confirmation link opens) says what each of the reader's topics finds now, so that a topic the papers
// never name is seen as such instead of silently never bringing a digest.
import { addLikedPapers } from '../../src/subscriptions/feedback.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPage } from '../../src/corpus/index.js';
import { createMatcher, OUTLOOK_MATCHER_AGE_MS, topicOutlooks } from '../../src/matching/index.js';
import { ingestSeeds } from '../../testkit/seeds.js';
import { lastMailTo, linkIn, startHarness, subscribeAndConfirm, subscribeByForm, SUBSCRIBE_FIELDS, type Harness } from './harness.js';

describe("the preferences page's outlook of each topic", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await ingestSeeds(h.app.db, h.clock.now());
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts what each saved topic would bring, with an example, and says when one finds nothing', async () => {
    const fields = { ...SUBSCRIBE_FIELDS, topics: ['llms'], customTopics: 'AutoML for architectures\nmixture of experts' };
    const { preferences, confirm } = await subscribeAndConfirm(h, 'outlook@example.org', fields);
    // On the preferences page and on the page the confirmation link opens (again).
    for (const url of [preferences, confirm]) {
      const page = await h.server.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      const outlook = page.body.slice(page.body.indexOf('id="outlook"'), page.body.indexOf('</ul>', page.body.indexOf('id="outlook"')));
      expect(outlook).toContain('Papers first seen in the last 14 days (some are older work, newly listed) that each topic matches on its own');
      expect(outlook).toMatch(/<strong>Large language models<\/strong>: 10 or more papers, such as “[^”]+”/);
      expect(outlook).toMatch(/<strong>mixture of experts<\/strong>: \d+ papers?, such as “[^”]*(Mixture|MoE|Expert)[^”]*”/i);
      // With the word no paper uses, so the reader knows what to change.
      expect(outlook).toContain('<strong>AutoML for architectures</strong>: nothing at the moment (no paper uses “AutoML”)</li>');
      expect(page.body).toContain('A topic that finds nothing may be in words the papers do not use');
    }
  });

  it('offers the words the papers use for a topic that finds nothing because of a slip', async () => {
    const fields = { ...SUBSCRIBE_FIELDS, topics: [], customTopics: 'difusion models\nunderwater basket weaving' };
    const { preferences } = await subscribeAndConfirm(h, 'typo@example.org', fields);
    const page = await h.server.inject({ method: 'GET', url: preferences });
    expect(page.body).toContain('<strong>difusion models</strong>: nothing at the moment (no paper uses “difusion”). Did you mean “diffusion models”? It finds papers.</li>');
    // Nothing to offer for words no paper comes close to.
    expect(page.body).toContain('<strong>underwater basket weaving</strong>: nothing at the moment (no paper uses “underwater”, “basket” or “weaving”)</li>');
    // The topic is kept as typed: a suggestion, never a silent change.
    expect(await h.app.prisma.interest.count({ where: { label: 'difusion models', subscriber: { email: 'typo@example.org' } } })).toBe(1);
  });

  // A reader none of whose topics finds a paper was promised "First digest: shortly, with today's
  // papers", and the send run skipped them: an empty digest is never sent.
  it('promises no first digest while none of the topics finds a paper', async () => {
    const nothing = { ...SUBSCRIBE_FIELDS, topics: [], customTopics: 'underwater basket weaving' };
    await subscribeByForm(h, 'nothing@example.org', nothing);
    const page = await h.server.inject({ method: 'POST', url: linkIn(lastMailTo(h, 'nothing@example.org'), 'confirm') });
    expect(page.body).toContain('<dt>First digest</dt><dd>when one of your topics finds a new paper: none does at the moment (below), and we never send an empty digest</dd>');
    // A topic that finds papers keeps the promise of its hour.
    await subscribeByForm(h, 'something@example.org', { ...nothing, customTopics: 'underwater basket weaving\nmixture of experts' });
    const other = await h.server.inject({ method: 'POST', url: linkIn(lastMailTo(h, 'something@example.org'), 'confirm') });
    expect(other.body).toMatch(/<dt>First digest<\/dt><dd>(shortly|today|tomorrow|on )[^<,]*<\/dd>/);
    // Liked papers bring only papers close to them, and maybe none: the promise says so.
    const liked = await h.app.prisma.paper.findFirstOrThrow({ orderBy: { id: 'asc' } });
    await subscribeByForm(h, 'liked@example.org', { ...nothing, customTopics: '', likedPapers: liked.title });
    const fan = await h.server.inject({ method: 'POST', url: linkIn(lastMailTo(h, 'liked@example.org'), 'confirm') });
    expect(fan.body).toMatch(/<dt>First digest<\/dt><dd>[^<]+, if a new paper is close to the papers you like by then \(we never send an empty digest\)<\/dd>/);
  });

  // A reader's topic was shown by the very paper they had marked less like this.
  it('never shows a topic by a paper the reader marked less like this', async () => {
    const { preferences } = await subscribeAndConfirm(h, 'less@example.org', { ...SUBSCRIBE_FIELDS, topics: [], customTopics: 'mixture of experts' });
    const exampleOn = async () => /<strong>mixture of experts<\/strong>: [^,]+, such as “([^”]+)”/i.exec((await h.server.inject({ method: 'GET', url: preferences })).body)?.[1];
    const first = await exampleOn();
    expect(first).toBeDefined();
    const subscriber = await h.app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'less@example.org' } });
    const paper = await h.app.prisma.paper.findFirstOrThrow({ where: { title: first! } });
    await h.app.prisma.rating.create({ data: { subscriberId: subscriber.id, paperId: paper.id, verdict: 'less' } });
    const second = await exampleOn();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    // Nor by a paper they named as liked: it is never sent to them either.
    await addLikedPapers(h.app.prisma, subscriber.id, [{ paperId: (await h.app.prisma.paper.findFirstOrThrow({ where: { title: second! } })).id, arxivId: null, title: second!, abstract: '' }], { source: 'system', now: h.clock.now() });
    const third = await exampleOn();
    expect(third).toBeDefined();
    expect([first, second]).not.toContain(third);
  });

  // The confirmation page showed "Large language models: … such as" the very paper the reader had
  // just named as liked; the preferences page already did not.
  it('never shows a topic on the confirmation page by a paper the reader named as liked', async () => {
    const fields = { ...SUBSCRIBE_FIELDS, topics: [], customTopics: 'mixture of experts' };
    const exampleIn = (body: string) => /<strong>mixture of experts<\/strong>: [^,]+, such as “([^”]+)”/i.exec(body)?.[1];
    const first = exampleIn((await subscribeAndConfirm(h, 'before@example.org', fields)).confirmPage);
    expect(first).toBeDefined();
    const { confirmPage } = await subscribeAndConfirm(h, 'fan@example.org', { ...fields, likedPapers: first! });
    expect(await h.app.prisma.likedPaper.count({ where: { subscriber: { email: 'fan@example.org' }, title: first! } })).toBe(1);
    const shown = exampleIn(confirmPage);
    expect(shown).toBeDefined();
    expect(shown).not.toBe(first);
  });

  it('shows a page without it when it is not ready in time, and with it once it is', async () => {
    const slow = await startHarness({ web: { outlookBudgetMs: 0 } });
    try {
      await ingestSeeds(slow.app.db, slow.clock.now());
      const { preferences, confirmPage } = await subscribeAndConfirm(slow, 'late@example.org');
      // Not known in time, what the topics find is not promised: the first digest comes only if they find a paper.
      expect(confirmPage).toMatch(/<dt>First digest<\/dt><dd>[^<]+, if one of your topics finds a new paper by then \(we never send an empty digest\)<\/dd>/);
      // Past the shared matcher's age, and a page that waits for nothing.
      slow.clock.advance(OUTLOOK_MATCHER_AGE_MS + 1);
      const first = await slow.server.inject({ method: 'GET', url: preferences });
      expect(first.statusCode).toBe(200);
      expect(first.body).toContain('Your preferences');
      expect(first.body).not.toContain('id="outlook"');
      // The computation went on; a later page has it at once.
      await expect.poll(async () => (await slow.server.inject({ method: 'GET', url: preferences })).body.includes('id="outlook"'), { timeout: 30_000 }).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it('answers from the previous matcher while its successor loads, when a page cannot wait for it', async () => {
    const own = await startHarness();
    try {
      const now = own.clock.now();
      await ingestSeeds(own.app.db, now);
      const outlooks = topicOutlooks(own.app.prisma, own.clock);
      // What `serve` does once it listens: the statistics are loaded before the first page.
      await outlooks.warm([]);
      const topic = 'atomic resolution protein structure';
      expect((await outlooks.of([topic], 1, { staleAfterMs: 0 }))[0]).toMatchObject({ papers: 0 });
      await ingestPage(own.app.db, 'foldflow.txt', foldFlowPage(now), now);
      // The page that cannot wait (the first after an ingest, or after a quiet ten minutes) is
      // answered by the matcher it has, at once, instead of going without the section…
      expect((await outlooks.of([topic], 1, { staleAfterMs: 0 }))[0]).toMatchObject({ papers: 0 });
      // …and a later one by the new matcher, loaded meanwhile.
      await expect.poll(async () => (await outlooks.of([topic], 1, { staleAfterMs: 0 }))[0]!.examples, { timeout: 30_000 }).toEqual([FOLDFLOW]);
      own.clock.advance(OUTLOOK_MATCHER_AGE_MS + 1);
      expect((await outlooks.of([topic], 1, { staleAfterMs: 0 }))[0]!.examples).toEqual([FOLDFLOW]);
    } finally {
      await own.close();
    }
  });

  it('sees a paper stored since the last outlook at once, and a matcher never ranks papers stored after its run began', async () => {
    const now = h.clock.now();
    const title = FOLDFLOW;
    const page = foldFlowPage(now);
    const fields = { ...SUBSCRIBE_FIELDS, topics: [], customTopics: 'atomic resolution protein structure' };
    const { preferences } = await subscribeAndConfirm(h, 'foldflow@example.org', fields);
    const outlookOf = async () => {
      const body = (await h.server.inject({ method: 'GET', url: preferences })).body;
      return body.slice(body.indexOf('id="outlook"'), body.indexOf('</ul>', body.indexOf('id="outlook"')));
    };
    // "atomic" and "protein" are in no seed paper: nothing is about the topic. (Words learned from the
    // papers sharing "resolution" used to pass ten image super-resolution papers.)
    expect(await outlookOf()).toContain('<strong>atomic resolution protein structure</strong>: nothing at the moment (no paper uses “atomic” or “protein”)</li>');

    // A matcher whose run began before the page: a topic it is first asked for afterwards finds the
    // new paper in the index, which the run has no signals for. It waits for the next run (this
    // threw "Cannot read properties of undefined (reading 'publishedAt')" and the section vanished).
    const before = createMatcher(h.app.prisma, { now });
    await before.rank(['diffusion models'], 10);
    await ingestPage(h.app.db, 'foldflow.txt', page, now);
    expect((await before.rank(['atomic resolution protein structure'], 10)).papers).toEqual([]);

    // The page's outlook is not minutes stale: the stored paper is seen at once.
    expect(await outlookOf()).toContain(`<strong>atomic resolution protein structure</strong>: 1 paper, such as “${title}”`);
  });

  it('leaves the section out for a reader without topics', async () => {
    const fields = { ...SUBSCRIBE_FIELDS, topics: [], customTopics: '', likedPapers: 'Attention Is All You Need' };
    const { preferences } = await subscribeAndConfirm(h, 'liked-only@example.org', fields);
    const page = await h.server.inject({ method: 'GET', url: preferences });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('id="outlook"');
  });
});

const FOLDFLOW = 'FoldFlow-3: Atomic Resolution Protein Structure Generation';

/** A day's page listing one paper about atomic-resolution protein structure, which no seed paper is. */
function foldFlowPage(now: Date): Buffer {
  const day = now.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return Buffer.from(['Daily Papers', '', day, '', FOLDFLOW, '', 'We generate protein structures at atomic resolution with flow matching. FoldFlow-3 folds proteins of any length.', '', '  • 3 authors', '·', `${day} 12`, ''].join('\n'));
}
