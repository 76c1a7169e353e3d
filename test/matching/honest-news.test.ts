// "New" and "trending" mean what they say: old work newly listed is not news and is never trending,
// undated papers get no freshness advantage, trending needs a recent listing and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatcher, previewFor } from '../../src/matching/index.js';
import type { PoolEntry } from '../../src/matching/pool.js';
import { selectDigest, selectTrending } from '../../src/matching/select.js';
import { freshness, hasTrendingSignal, isOldWork, trending, trendingDaysFor, trendingEvidence, type PaperSignals } from '../../src/matching/signals.js';
import { runSend } from '../../src/delivery/index.js';
import { openSendWorld, type SendWorld } from '../helpers/sent-digests.js';
import { createSubscriber, insertPapers, NOW, openFixtureDb, type FixtureDb } from './corpus.js';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

function signals(id: number, overrides: Partial<PaperSignals> = {}): PaperSignals {
  return {
    id,
    title: `Paper ${id}`,
    arxivId: null,
    upvotes: 0,
    listings: 1,
    publishedAt: null,
    firstSeenAt: daysAgo(1),
    firstListedAt: daysAgo(1),
    lastListedAt: daysAgo(1),
    fingerprint: `f${id}`,
    ...overrides,
  };
}

describe('freshness', () => {
  it('dates every paper of a page by its listing: an undated paper gets no advantage over a dated one', () => {
    const undated = signals(1);
    const dated = signals(2, { publishedAt: daysAgo(700) });
    const recent = signals(3, { publishedAt: daysAgo(2) });
    expect(freshness(undated, NOW)).toBeCloseTo(freshness(dated, NOW), 10);
    expect(freshness(recent, NOW)).toBeCloseTo(freshness(undated, NOW), 10);
    expect(freshness(signals(4, { firstListedAt: daysAgo(8) }), NOW)).toBeLessThan(freshness(undated, NOW));
  });

  it('gives an entry of a page that shows no date no advantage: ingesting it today does not make it fresh', () => {
    // A search-results page: no page date; one entry gives its 2023 publication, one gives none.
    const noDateAtAll = signals(1, { firstListedAt: null, lastListedAt: null, firstSeenAt: NOW });
    const datedByPublication = signals(2, { firstListedAt: null, lastListedAt: null, firstSeenAt: NOW, publishedAt: daysAgo(700) });
    expect(freshness(noDateAtAll, NOW)).toBe(0);
    expect(freshness(noDateAtAll, NOW)).toBeLessThanOrEqual(freshness(datedByPublication, NOW));
    expect(freshness(signals(3, { firstListedAt: null, publishedAt: daysAgo(1) }), NOW)).toBeGreaterThan(0.8);
  });
});

describe('old work', () => {
  it('is work published more than 30 days ago; an undated paper is judged by its first dated listing, and without one is not news', () => {
    expect(isOldWork(signals(1, { publishedAt: daysAgo(31) }), NOW)).toBe(true);
    expect(isOldWork(signals(1, { publishedAt: daysAgo(29), firstListedAt: daysAgo(400) }), NOW)).toBe(false);
    expect(isOldWork(signals(1, { firstListedAt: daysAgo(3) }), NOW)).toBe(false);
    // Undated, on a page of last year (seed pages of a fresh install): not news either.
    expect(isOldWork(signals(1, { firstListedAt: daysAgo(350) }), NOW)).toBe(true);
    // Only on pages that show no date (search results): when it was ingested is no date, so its age
    // is unknown and it is not presented as news.
    expect(isOldWork(signals(1, { firstListedAt: null, firstSeenAt: daysAgo(2) }), NOW)).toBe(true);
  });

  it('only fills the places new papers leave free', () => {
    const paperSignals = new Map([
      [1, signals(1, { publishedAt: daysAgo(900) })],
      [2, signals(2, { publishedAt: daysAgo(3) })],
      [3, signals(3)],
    ]);
    const entry = (paperId: number, score: number): PoolEntry => ({ paperId, score, relevance: score, freshness: 1, trending: 0, topic: 0 });
    const pool = [entry(1, 0.9), entry(2, 0.5), entry(3, 0.4)];
    const pick = (limit: number) => selectDigest(pool, { limit, topicCount: 1, isSent: () => false, signals: paperSignals, now: NOW }).entries.map((e) => e.paperId);
    expect(pick(2)).toEqual([2, 3]);
    expect(pick(3)).toEqual([1, 2, 3]); // by score: the renderer shows old work apart
  });
});

describe('trending', () => {
  it('needs a signal listed within the last week, on a paper that is not old work', () => {
    expect(hasTrendingSignal(signals(1, { upvotes: 40 }), NOW)).toBe(true);
    expect(hasTrendingSignal(signals(1, { upvotes: 10 }), NOW)).toBe(true);
    expect(hasTrendingSignal(signals(1, { listings: 2 }), NOW)).toBe(true);
    expect(hasTrendingSignal(signals(1), NOW)).toBe(false);
    // What most papers of a Daily Papers page have is not a trend.
    expect(hasTrendingSignal(signals(1, { upvotes: 3 }), NOW)).toBe(false);
    expect(hasTrendingSignal(signals(1, { upvotes: 500, listings: 4, publishedAt: new Date('2023-06-01T00:00:00Z') }), NOW)).toBe(false);
    expect(hasTrendingSignal(signals(1, { upvotes: 500, lastListedAt: daysAgo(8) }), NOW)).toBe(false);
    expect(hasTrendingSignal(signals(1, { upvotes: 500, lastListedAt: null }), NOW)).toBe(false);
  });

  it('lifts a paper in the ranking only on recent signals, as for the section', () => {
    expect(trending(signals(1, { upvotes: 40 }), NOW)).toBeGreaterThan(0);
    // Upvotes are a running total: old work, or a paper not listed this week, is not trending.
    expect(trending(signals(1, { upvotes: 500, listings: 4, publishedAt: new Date('2023-06-01T00:00:00Z') }), NOW)).toBe(0);
    expect(trending(signals(1, { upvotes: 500, lastListedAt: daysAgo(8) }), NOW)).toBe(0);
    expect(trending(signals(1, { upvotes: 500, lastListedAt: null }), NOW)).toBe(0);
  });

  it('is "today" in a daily digest (listed in the last two days) and the week in a weekly one', () => {
    const paperSignals = new Map([
      [1, signals(1, { upvotes: 90, lastListedAt: daysAgo(1) })],
      [2, signals(2, { upvotes: 300, lastListedAt: daysAgo(4) })],
    ]);
    const section = (editionKey: string) =>
      selectTrending([2, 1], {
        count: 3,
        isSent: () => false,
        onReaderTopics: () => false,
        chosen: [],
        signals: paperSignals,
        listedWithin: { days: trendingDaysFor(editionKey), now: NOW },
      });
    // "Trending today" with a paper last listed four days ago would not be true.
    expect(section('daily:2026-11-22')).toEqual([1]);
    expect(section('weekly:2026-11-16')).toEqual([2, 1]);
  });

  it('shows its evidence: upvotes, listings and when', () => {
    expect(trendingEvidence(signals(1, { upvotes: 1234, listings: 3, lastListedAt: new Date('2026-11-21T00:00:00Z') }))).toEqual([
      '1,234 upvotes',
      'listed 3 times',
      'last listed 21 Nov 2026',
    ]);
    expect(trendingEvidence(signals(1, { upvotes: 1, lastListedAt: null }))).toEqual(['1 upvote']);
    // Listed twice is what makes it trending, not its 3 upvotes: that comes first.
    expect(trendingEvidence(signals(1, { upvotes: 3, listings: 2, lastListedAt: null }))).toEqual(['listed 2 times', '3 upvotes']);
    // West of UTC a page dated 23 Nov (UTC) is out on the reader's 22 Nov: their digest of the 22nd
    // says it was listed that day, not the next.
    const page = signals(1, { upvotes: 140, lastListedAt: new Date('2026-11-23T00:00:00Z') });
    expect(trendingEvidence(page, new Date('2026-11-22T00:00:00Z'))).toEqual(['140 upvotes', 'last listed 22 Nov 2026']);
    expect(trendingEvidence(page, new Date('2026-11-23T00:00:00Z'))).toEqual(['140 upvotes', 'last listed 23 Nov 2026']);
  });
});

describe('through the matcher', () => {
  let fx: FixtureDb;
  beforeAll(async () => {
    fx = await openFixtureDb('postgres', [
      { title: 'Diffusion Models Revisited', abstract: 'A diffusion model study from long ago, listed again.', publishedDaysAgo: 900, upvotes: 300, pages: 3 },
      { title: 'Diffusion Models for Tables', abstract: 'A diffusion model generates tabular data.', publishedDaysAgo: 2 },
      { title: 'A 2023 Soil Survey', abstract: 'Soil moisture measured by cheap sensors.', publishedDaysAgo: 1200, upvotes: 500, pages: 3 },
      { title: 'Cheap Soil Sensors', abstract: 'Soil moisture measured by new sensors.', publishedDaysAgo: 3, upvotes: 12 },
      { title: 'Soil Sensors at Night', abstract: 'Soil moisture measured after dark.', publishedDaysAgo: 3, upvotes: 3 },
      { title: 'Cross-listed Soil Models', abstract: 'Soil moisture models for three fields.', publishedDaysAgo: 1 },
    ]);
    // Only arXiv announced the cross-listed paper, in three categories: three listings of arXiv's own.
    const paperId = fx.ids.get('Cross-listed Soil Models')!;
    await fx.prisma.paperSource.deleteMany({ where: { paperId } });
    for (const category of ['cs.LG', 'cs.CV', 'stat.ML']) {
      const page = await fx.prisma.corpusPage.create({
        data: { name: `arxiv:${category}:2026-11-21`, contentHash: category, pageDate: new Date('2026-11-21T00:00:00Z'), entryCount: 1, ingestedAt: NOW },
      });
      await fx.prisma.paperSource.create({ data: { paperId, pageId: page.id, position: 0, upvotes: 0 } });
    }
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('puts new work before old and keeps old work out of the trending section', async () => {
    const pick = await createMatcher(fx.prisma, { now: NOW }).rank(['Diffusion models'], 1);
    expect(pick.papers.map((p) => [p.paperId, p.older])).toEqual([[fx.ids.get('Diffusion Models for Tables'), false]]);
    const both = await createMatcher(fx.prisma, { now: NOW }).rank(['Diffusion models'], 2);
    expect(both.papers.find((p) => p.paperId === fx.ids.get('Diffusion Models Revisited'))?.older).toBe(true);
    expect(pick.trending.map((p) => p.paperId)).toEqual([fx.ids.get('Cheap Soil Sensors')]);
    expect(pick.trending[0]!.reasons[0]!.words).toEqual(['12 upvotes', 'last listed 22 Nov 2026']);
  });

  it('takes neither a few upvotes nor arXiv announcing a paper in several categories for a trend', async () => {
    const pick = await createMatcher(fx.prisma, { now: NOW }).rank(['soil moisture'], 10);
    const trendingIds = pick.trending.map((p) => p.paperId);
    expect(trendingIds).not.toContain(fx.ids.get('Soil Sensors at Night'));
    expect(trendingIds).not.toContain(fx.ids.get('Cross-listed Soil Models'));
    // Nor does the ranking lift the cross-listed paper as trending: its factor stays 0.
    const crossListed = pick.papers.find((p) => p.paperId === fx.ids.get('Cross-listed Soil Models'));
    expect(crossListed?.parts.trending).toBe(0);
  });
});

describe('through a send run, read back from the message and the web view', () => {
  let world: SendWorld;
  beforeAll(async () => {
    world = await openSendWorld(NOW);
    await insertPapers(world.app.prisma, [
      { title: 'Protein Folding with Sparse Attention', abstract: 'We predict protein folding pathways with a sparse attention model.', publishedDaysAgo: 2 },
      { title: 'Protein Folding Revisited', abstract: 'A protein folding classic from 2023, listed again today.', publishedDaysAgo: 1000 },
    ]);
    await createSubscriber(world.app.prisma, 'reader@example.org', ['protein folding']);
    expect(await runSend(await world.app.deliveryDeps(), { mode: 'now' })).toMatchObject({ sent: 1 });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('counts only the new paper as new and shows the old one apart', async () => {
    const mail = world.messageTo('reader@example.org');
    expect(mail.subject).toBe('1 new + 1 older paper on protein folding · Sun 22 Nov');
    expect(mail.text).toMatch(/1\. Protein Folding with Sparse Attention[\s\S]*Older papers, new to you[\s\S]*2\. Protein Folding Revisited/);
    const web = await world.webView('reader@example.org');
    expect(web).toContain('>Older papers, new to you</h2>');
    expect(web).toContain('>1 new paper on your topics, and 1 older one new to you</h1>');
  });
});

describe('a trending listing west of UTC, read back from the message', () => {
  let world: SendWorld;
  beforeAll(async () => {
    world = await openSendWorld(NOW);
    await insertPapers(world.app.prisma, [
      { title: 'Protein Folding with Sparse Attention', abstract: 'We predict protein folding pathways with a sparse attention model.', publishedDaysAgo: 2 },
      { title: 'Cheap Soil Sensors', abstract: 'Soil moisture measured by new sensors.', publishedDaysAgo: 1, upvotes: 140 },
    ]);
    // 08:00 UTC on 22 Nov is 21:00 on 21 Nov in Pago Pago (UTC-11): the page dated 22 Nov is out there
    // since 13:00 on the 21st.
    const reader = await createSubscriber(world.app.prisma, 'pago@example.org', ['protein folding']);
    await world.app.prisma.subscriber.update({ where: { id: reader.id }, data: { timeZone: 'Pacific/Pago_Pago' } });
    expect(await runSend(await world.app.deliveryDeps(), { mode: 'now' })).toMatchObject({ sent: 1 });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('never says a paper was listed after the digest’s own date', async () => {
    const mail = world.messageTo('pago@example.org');
    expect(mail.subject).toMatch(/· Sat 21 Nov$/);
    expect(mail.text).toContain('Why trending: 140 upvotes · last listed 21 Nov 2026');
    expect(mail.text).not.toContain('22 Nov 2026');
  });

  it('is what `render --timezone` and `preview --email` show too', async () => {
    const evidence = (preview: { trending: Array<{ ranked: { reasons: Array<{ words: string[] }> } }> } | null) => preview?.trending.map((item) => item.ranked.reasons[0]!.words.join(' · '));
    const rendered = await previewFor(world.app.prisma, { topics: ['protein folding'] }, { now: NOW, limit: 10, reader: { timeZone: 'Pacific/Pago_Pago', frequency: 'daily' } });
    expect(evidence(rendered)).toEqual(['140 upvotes · last listed 21 Nov 2026']);
    // A reader of the same zone who was not sent it yet (the first one never gets it again).
    const other = await createSubscriber(world.app.prisma, 'pago2@example.org', ['protein folding']);
    await world.app.prisma.subscriber.update({ where: { id: other.id }, data: { timeZone: 'Pacific/Pago_Pago' } });
    const previewed = await previewFor(world.app.prisma, { emailKey: 'pago2@example.org' }, { now: NOW, limit: 10 });
    expect(evidence(previewed)).toEqual(['140 upvotes · last listed 21 Nov 2026']);
  });
});

describe('a weekly trending section, read back from the message', () => {
  // Weekly digests go out on Mondays by default, and the week their header names begins that day:
  // papers listed on Sunday are not "this week" in a digest headed "Week of 23 – 29 November".
  const MONDAY = new Date(NOW.getTime() + DAY);
  const trendingTitleOn = async (now: Date) => {
    const world = await openSendWorld(now);
    try {
      await insertPapers(world.app.prisma, [
        { title: 'Protein Folding with Sparse Attention', abstract: 'We predict protein folding pathways with a sparse attention model.', publishedDaysAgo: 2 },
        { title: 'Cheap Soil Sensors', abstract: 'Soil moisture measured by new sensors.', publishedDaysAgo: 1, upvotes: 140 },
      ]);
      const reader = await createSubscriber(world.app.prisma, 'weekly@example.org', ['protein folding']);
      await world.app.prisma.subscriber.update({ where: { id: reader.id }, data: { frequency: 'weekly', sendWeekday: 1 } });
      expect(await runSend(await world.app.deliveryDeps(), { mode: 'now' })).toMatchObject({ sent: 1 });
      const mail = world.messageTo('weekly@example.org');
      return { subject: mail.subject, text: mail.text, web: await world.webView('weekly@example.org') };
    } finally {
      await world.close();
    }
  };

  it('says "this week" only of papers listed in the week its header names', async () => {
    const monday = await trendingTitleOn(MONDAY);
    expect(monday.subject).toMatch(/· week of 23 – 29 Nov$/);
    expect(monday.text).toContain('Trending in the last 7 days (popular papers outside your topics)');
    expect(monday.text).toContain('Why trending: 140 upvotes · last listed 22 Nov 2026');
    expect(monday.text).not.toContain('Trending this week');
    expect(monday.web).toContain('>Trending in the last 7 days</h2>');
    const sunday = await trendingTitleOn(NOW);
    expect(sunday.subject).toMatch(/· week of 16 – 22 Nov$/);
    expect(sunday.text).toContain('Trending this week (popular papers outside your topics)');
  });
});

describe("a paper's age, in the reader's calendar days", () => {
  let fx: FixtureDb;
  beforeAll(async () => {
    fx = await openFixtureDb('postgres', [{ title: 'Diffusion Models at Thirty Days', abstract: 'A diffusion model study published 30 days before 22 Nov.', publishedDaysAgo: 30 }]);
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('is the same for every reader whose digest has the same date, whenever in their day it is made', async () => {
    // 22 Nov in Kiritimati (UTC+14) at 07:00, and in Pago Pago (UTC−11) at 07:00 and 21:00: published
    // 23 Oct, 30 days before, so not "more than 30 days before this digest" in any of them. Counted
    // from the run's instant it was news in the first and old work in the others.
    const readers: Array<[string, string]> = [
      ['Pacific/Kiritimati', '2026-11-21T17:00:00Z'],
      ['Pacific/Pago_Pago', '2026-11-22T18:00:00Z'],
      ['Pacific/Pago_Pago', '2026-11-23T08:00:00Z'],
    ];
    for (const [timeZone, at] of readers) {
      const pick = await createMatcher(fx.prisma, { now: new Date(at) }).rank(['Diffusion models'], 5, { timeZone });
      expect(pick.papers.map((p) => p.older), `${timeZone} at ${at}`).toEqual([false]);
    }
    // The next day it is 31 days old for all of them.
    const later = await createMatcher(fx.prisma, { now: new Date('2026-11-23T18:00:00Z') }).rank(['Diffusion models'], 5, { timeZone: 'Pacific/Kiritimati' });
    expect(later.papers.map((p) => p.older)).toEqual([true]);
  });
});
