// GET /digest/:token: the web view of a mailed digest, rebuilt from the papers stored with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailedDigest, startHarness, SUBSCRIBE_FIELDS, subscribeAndConfirm, subscriberByEmail, type Harness } from './harness.js';

describe('digest web view', () => {
  let h: Harness;
  let webToken: string;
  beforeAll(async () => {
    h = await startHarness();
    await subscribeAndConfirm(h, 'reader@example.org');
    const subscriber = (await subscriberByEmail(h, 'reader@example.org'))!;
    const { prisma } = h.app;
    const now = h.clock.now();
    const paper = (title: string, arxivId: string) =>
      prisma.paper.create({
        data: { titleKey: title.toLowerCase(), title, abstract: `${title}: an abstract about retrieval & <b>tags</b>.`, arxivId, upvotes: 12, firstSeenAt: now, lastSeenAt: now },
      });
    const picked = await paper('Dense Retrieval at Scale', '2611.00001');
    const trending = await paper('A Trending Paper', '2611.00002');
    const edition = await prisma.edition.create({ data: { key: 'daily:2026-11-22', date: new Date('2026-11-22T00:00:00Z') } });
    webToken = 'web-token-aaaaaaaaaaaaaaaaaaaa';
    const delivery = await prisma.delivery.create({
      data: { editionId: edition.id, subscriberId: subscriber.id, status: 'sent', messageId: '<m1@paperboy.test>', webToken, sentAt: now },
    });
    await prisma.deliveryContent.create({
      data: {
        deliveryId: delivery.id,
        papers: [
          { paperId: picked.id, score: 3.2, reasons: [{ topic: 'Retrieval and search', words: ['dense retrieval'] }], trending: false },
          { paperId: trending.id, score: 1, reasons: [], trending: true },
        ],
      },
    });
    // A delivery that was planned but never built has no web view.
    const other = await prisma.edition.create({ data: { key: 'daily:2026-11-23', date: new Date('2026-11-23T00:00:00Z') } });
    await prisma.delivery.create({ data: { editionId: other.id, subscriberId: subscriber.id, messageId: '<m2@paperboy.test>', webToken: 'unbuilt-token-bbbbbbbbbbbb' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('renders the stored papers with the subscriber’s links, under a CSP without scripts', async () => {
    const page = await h.server.inject({ method: 'GET', url: `/digest/${webToken}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Dense Retrieval at Scale');
    expect(page.body).toContain('A Trending Paper');
    expect(page.body).not.toContain('<b>tags</b>');
    // The browser view does not offer to open itself in a browser.
    expect(page.body).not.toContain('/digest/');
    expect(page.body).toMatch(/http:\/\/paperboy\.test\/unsubscribe\/[\w.-]+/);
    expect(page.body).toMatch(/http:\/\/paperboy\.test\/preferences\/[\w.-]+/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-robots-tag']).toMatch(/noindex/);
    // The unsubscribe link in the web view works like the one in the mail.
    const unsubscribe = /http:\/\/paperboy\.test(\/unsubscribe\/[\w.-]+)/.exec(page.body)![1]!;
    expect((await h.server.inject({ method: 'GET', url: unsubscribe })).statusCode).toBe(200);
  });

  it('answers unknown and unbuilt digests with a friendly 404', async () => {
    for (const token of ['nope', 'unbuilt-token-bbbbbbbbbbbb', 'x'.repeat(300)]) {
      const page = await h.server.inject({ method: 'GET', url: `/digest/${token}` });
      expect(page.statusCode, token).toBe(404);
      expect(page.body).toContain('Digest not found');
    }
  });
});

describe('the day a reader subscribed, in the web view of a digest', () => {
  it("is the reader's own day: Tokyo at 08:00 on 3 Dec reads 3 Dec, New York at 21:00 on 2 Dec reads 2 Dec, whatever the server's zone", async () => {
    // The server's zone is UTC, where the two days are the other way round.
    const serverZone = process.env.TZ;
    process.env.TZ = 'UTC';
    const h = await startHarness();
    try {
      h.clock.set(new Date('2026-12-02T23:00:00Z')); // 08:00 on 3 Dec in Tokyo
      await subscribeAndConfirm(h, 'tokyo@example.org', { ...SUBSCRIBE_FIELDS, timeZone: 'Asia/Tokyo' });
      h.clock.set(new Date('2026-12-03T02:00:00Z')); // 21:00 on 2 Dec in New York
      await subscribeAndConfirm(h, 'new-york@example.org', { ...SUBSCRIBE_FIELDS, timeZone: 'America/New_York' });
      const footer = async (email: string, day: string) => {
        const subscriber = (await subscriberByEmail(h, email))!;
        const token = await mailedDigest(h, subscriber.id, day, `web-token-${email.split('@')[0]}-aaaaaaaa`);
        const page = await h.server.inject({ method: 'GET', url: `/digest/${token}` });
        expect(page.statusCode).toBe(200);
        return /You get this because this address was subscribed on ([^<]*?) at /.exec(page.body)?.[1];
      };
      expect(await footer('tokyo@example.org', '2026-12-04')).toBe('3 December 2026');
      expect(await footer('new-york@example.org', '2026-12-05')).toBe('2 December 2026');
    } finally {
      await h.close();
      process.env.TZ = serverZone;
    }
  });
});
