// The preferences page (and the page a confirmation link opens) says what each of the reader's topics finds now, so that a topic the papers
// never name is seen as such instead of silently never bringing a digest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTLOOK_MATCHER_AGE_MS } from '../../src/matching/index.js';
import { ingestSeeds } from '../../testkit/seeds.js';
import { startHarness, subscribeAndConfirm, SUBSCRIBE_FIELDS, type Harness } from './harness.js';

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
      expect(outlook).toContain('Papers of the last 14 days that each topic matches on its own');
      expect(outlook).toMatch(/<strong>Large language models<\/strong>: 10 or more papers, such as “[^”]+”/);
      expect(outlook).toMatch(/<strong>mixture of experts<\/strong>: \d+ papers?, such as “[^”]*(Mixture|MoE|Expert)[^”]*”/i);
      expect(outlook).toContain('<strong>AutoML for architectures</strong>: nothing at the moment</li>');
      expect(page.body).toContain('A topic that finds nothing may be in words the papers do not use');
    }
  });

  it('shows a page without it when it is not ready in time, and with it once it is', async () => {
    const slow = await startHarness({ web: { outlookBudgetMs: 0 } });
    try {
      await ingestSeeds(slow.app.db, slow.clock.now());
      const { preferences } = await subscribeAndConfirm(slow, 'late@example.org');
      // Past the shared matcher's age: the next page starts a new computation and waits for nothing.
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

  it('leaves the section out for a reader without topics', async () => {
    const fields = { ...SUBSCRIBE_FIELDS, topics: [], customTopics: '', likedPapers: 'Attention Is All You Need' };
    const { preferences } = await subscribeAndConfirm(h, 'liked-only@example.org', fields);
    const page = await h.server.inject({ method: 'GET', url: preferences });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('id="outlook"');
  });
});
