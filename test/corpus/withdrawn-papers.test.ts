// A paper withdrawn on arXiv, as a reader meets it: listed by the feed, recommended, mailed; then
// arXiv's listing shows its withdrawn version. From then on no preview ranks it (as a match or as
// trending), no digest brings it, and the web view of a digest mailed before no longer shows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPacer, fetchArxivDay } from '../../src/corpus/arxiv.js';
import { fetchFeed } from '../../src/corpus/feed.js';
import { runSend } from '../../src/delivery/index.js';
import { previewFor } from '../../src/matching/index.js';
import { openSendWorld, type SendWorld } from '../helpers/sent-digests.js';
import { startFeedServer, type FeedServer } from '../matching/feed-server.js';
import { createSubscriber, NOW } from '../matching/corpus.js';
import { startArxivServer, type ArxivServer, type AtomEntry } from './arxiv-server.js';

// In the feed fixture (test/fixtures/feed/2026-11-20.json), as 2611.01234 with 7 upvotes; listed on
// two feed days here, which makes it trending.
const WITHDRAWN_TITLE = 'Speculative Decoding for Tiny Language Models';
const OTHER_TITLE = 'Speculative Decoding with Draft Trees';

const withdrawnVersion: AtomEntry = {
  id: '2611.01234v2',
  title: WITHDRAWN_TITLE,
  // A recent withdrawal: the abstract is replaced by the notice.
  summary: 'This paper has been withdrawn by the authors: the speed-ups were measured on the wrong hardware.',
  published: '2026-11-19T08:00:00Z',
  updated: '2026-11-21T20:00:00Z',
  authors: ['Ada Lovelace', 'Grace Hopper'],
  categories: ['cs.CL'],
  comment: 'Withdrawn',
};
const otherPaper: AtomEntry = {
  id: '2611.05555v1',
  title: OTHER_TITLE,
  summary: 'Speculative decoding drafts a tree of tokens with a small model, and a large model verifies the tree in one pass.',
  published: '2026-11-19T09:00:00Z',
  authors: ['Alan Turing'],
  categories: ['cs.CL'],
};

describe('a paper withdrawn on arXiv', () => {
  let world: SendWorld;
  let feed: FeedServer;
  let arxiv: ArxivServer;
  const log = { info: () => {}, warn: () => {} };
  const preview = async (topics: string[]) => {
    const found = await previewFor(world.app.prisma, { topics }, { now: NOW, limit: 10 });
    return { papers: found.papers.map((p) => p.paper.title), trending: found.trending.map((p) => p.paper.title) };
  };

  beforeAll(async () => {
    world = await openSendWorld(NOW);
    feed = await startFeedServer({ '2026-11-20': { file: '2026-11-20.json' }, '2026-11-21': { file: '2026-11-20.json' } });
    arxiv = await startArxivServer({ 'cs.CL 20261119': [otherPaper] });
    for (const date of ['2026-11-20', '2026-11-21']) await fetchFeed(world.app.db, { url: feed.url, date, now: NOW, timeoutMs: 2_000, log });
    const fetchDay = () => fetchArxivDay(world.app.db, { apiUrl: arxiv.url, category: 'cs.CL', date: '2026-11-19', now: NOW, timeoutMs: 2_000, log, pacer: createPacer(0) });
    await fetchDay();

    // Before the withdrawal: recommended, and mailed to a first reader.
    expect((await preview(['speculative decoding'])).papers).toContain(WITHDRAWN_TITLE);
    expect((await preview(['image classification'])).trending).toContain(WITHDRAWN_TITLE);
    await createSubscriber(world.app.prisma, 'early@example.org', ['speculative decoding']);
    expect(await runSend(await world.app.deliveryDeps(), { mode: 'now' })).toMatchObject({ sent: 1 });
    expect(world.messageTo('early@example.org').text).toContain(WITHDRAWN_TITLE);

    // arXiv now lists its withdrawn version; the feed's listing of it stays as it was.
    arxiv.days.set('cs.CL 20261119', [otherPaper, withdrawnVersion]);
    await fetchDay();
  });
  afterAll(async () => {
    await arxiv?.close();
    await feed?.close();
    await world?.close();
  });

  it('is stored as withdrawn', async () => {
    const paper = await world.app.prisma.paper.findUniqueOrThrow({ where: { arxivId: '2611.01234' } });
    expect(paper.withdrawnAt).toEqual(new Date('2026-11-21T20:00:00Z'));
    expect(paper).toMatchObject({ upvotes: 7, pageCount: 3 }); // the feed's listings still count for what they say
  });

  it('is never previewed, as a match or as trending', async () => {
    const matched = await preview(['speculative decoding']);
    expect(matched.papers).toEqual([OTHER_TITLE]);
    expect(matched.trending).not.toContain(WITHDRAWN_TITLE);
    // A reader of another field would otherwise be shown the feed's most upvoted paper as trending.
    expect((await preview(['image classification'])).trending).not.toContain(WITHDRAWN_TITLE);
  });

  it('never reaches a digest, nor the web view of one mailed before', async () => {
    await createSubscriber(world.app.prisma, 'late@example.org', ['speculative decoding', 'image classification']);
    expect(await runSend(await world.app.deliveryDeps(), { mode: 'now' })).toMatchObject({ sent: 1 });
    // Not chosen at all (not merely left out when shown): the papers the digest was built from.
    const sent = await world.app.prisma.sentPaper.findMany({ where: { subscriber: { email: 'late@example.org' } }, select: { paper: { select: { title: true } } } });
    expect(sent.map((row) => row.paper.title)).toContain(OTHER_TITLE);
    expect(sent.map((row) => row.paper.title)).not.toContain(WITHDRAWN_TITLE);
    const mail = world.messageTo('late@example.org');
    expect(mail.text).toContain(OTHER_TITLE);
    expect(mail.text).not.toContain(WITHDRAWN_TITLE);
    expect(await world.webView('late@example.org')).not.toContain(WITHDRAWN_TITLE);
    // The first reader's digest was mailed with it; its web view now leaves it out.
    const early = await world.webView('early@example.org');
    expect(early).toContain(OTHER_TITLE);
    expect(early).not.toContain(WITHDRAWN_TITLE);
  });
});
