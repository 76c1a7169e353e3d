// Ranking behaviour on a small hand-written corpus, on PostgreSQL and on embedded PGlite: phrases,
// acronyms, title over abstract, curated catalogue phrases, freshness and trending, and the
// per-reader rules (only new papers, never twice, no near-duplicates, at most `limit`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeliveryContents, type BuildTarget } from '../../src/delivery/build.js';
import type { ChosenPaper } from '../../src/matching/index.js';
import { createMatcher, type Matcher, type Pick } from '../../src/matching/index.js';
import { BACKENDS } from '../../testkit/database.js';
import { createSubscriber, NOW, openFixtureDb, type FixtureDb, type FixturePaper } from './corpus.js';
import { storedPapers } from '../helpers/content.js';

const PAPERS: FixturePaper[] = [
  { title: 'Protein Folding with Sparse Attention', abstract: 'We predict protein folding pathways with a sparse attention model trained on simulations.' },
  { title: 'Folding Chairs and Protein Bars: Supply Chains Under Stress', abstract: 'A study of furniture logistics and nutrition products during shortages.' },
  { title: 'Structure Prediction from Sequence', abstract: 'Accurate protein folding from a single sequence remains hard; we propose a new approach.' },
  { title: 'Sequence Models for Chemistry', abstract: 'Protein design needs data. In a separate direction, we study the folding of polymers at high temperature.' },
  { title: 'Prompting LLMs for Arithmetic', abstract: 'We evaluate prompting strategies on arithmetic word problems.' },
  { title: 'Large Language Models Can Plan', abstract: 'We show that planning emerges in large language models trained on code.' },
  { title: 'The Language of Bees', abstract: 'Honeybees communicate with a waggle dance; we decode its grammar.' },
  { title: 'A GAN for Synthetic Faces', abstract: 'We train a GAN to synthesise faces and study mode collapse.' },
  { title: 'Stabilising Generative Adversarial Networks', abstract: 'Adversarial training of generators and discriminators is unstable; we propose a fix.' },
  { title: 'Neural Radiance Fields in the Wild', abstract: 'We reconstruct scenes from photo collections with varying light.' },
  { title: 'Scene Reconstruction from Photo Collections', abstract: 'Unlike neural radiance fields, our method uses explicit voxels and converges quickly.' },
  { title: 'Implicit Neural Representations for Audio', abstract: 'We fit sound signals with sinusoidal networks.' },
  { title: 'Policy Gradient Methods for Legged Robots', abstract: 'We train locomotion controllers with proximal policy optimization and reward shaping.' },
  { title: 'Vision-Language Models for Radiology', abstract: 'A vision-language model reads chest x-rays and writes the report.' },
  { title: 'Diffusion Models for Weather', abstract: 'A diffusion model forecasts tomorrow’s weather from satellite images.' },
  { title: 'Weather Diffusion, Second Version', abstract: 'A diffusion model forecasts tomorrow’s weather from satellite images.' },
  { title: 'An Old Diffusion Model Paper', abstract: 'A diffusion model for images, first seen long ago.', firstSeenDaysAgo: 40 },
  { title: 'Humanoid Robot Learns to Cook', abstract: 'A humanoid robot learns kitchen skills from video.', upvotes: 80, pages: 3 },
  { title: 'Catalysts Found by Search', abstract: 'High-throughput screening finds new catalysts for ammonia.', upvotes: 40 },
  { title: 'Composing Jazz Harmonies', abstract: 'A symbolic model writes jazz chord progressions.', upvotes: 20 },
  { title: 'Rocks of the Deep Sea Floor', abstract: 'Sediment cores reveal the history of the ocean crust.', upvotes: 10 },
  { title: 'A Quiet Paper on Soil', abstract: 'Soil moisture measured by cheap sensors.' },
  { title: 'Diffusion Models for Robot Arms', abstract: 'A diffusion model generates robot arm actions.', upvotes: 90, pages: 2 },
];

/** Builds one delivery's content; how many papers (not counting the trending section) it got. */
async function buildOne(prisma: FixtureDb['prisma'], matcher: Matcher, target: BuildTarget): Promise<number> {
  return mainList((await buildDeliveryContents(prisma, matcher, [target])).get(target.deliveryId));
}

function mainList(papers: ChosenPaper[] | undefined): number {
  return (papers ?? []).filter((paper) => !paper.trending).length;
}

describe.each(BACKENDS)('ranking on %s', (backend) => {
  let fx: FixtureDb;
  const id = (title: string) => fx.ids.get(title)!;
  const titles = (pick: Pick, section: 'papers' | 'trending' = 'papers') =>
    pick[section].map((paper) => [...fx.ids].find(([, value]) => value === paper.paperId)![0]);
  const rank = (topics: string[], limit = 20) => createMatcher(fx.prisma, { now: NOW }).rank(topics, limit);

  beforeAll(async () => {
    fx = await openFixtureDb(backend, PAPERS);
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('ranks the exact phrase above the same words scattered', async () => {
    const order = titles(await rank(['protein folding']));
    expect(order[0]).toBe('Protein Folding with Sparse Attention');
    expect(order.indexOf('Structure Prediction from Sequence')).toBe(1);
    const scattered = ['Folding Chairs and Protein Bars: Supply Chains Under Stress', 'Sequence Models for Chemistry'].map((t) => order.indexOf(t));
    for (const position of scattered) expect(position === -1 || position > 1).toBe(true);
  });

  it('ranks a match in the title above the same match in the abstract', async () => {
    const order = titles(await rank(['neural radiance fields']));
    expect(order.slice(0, 2)).toEqual(['Neural Radiance Fields in the Wild', 'Scene Reconstruction from Photo Collections']);
  });

  it('expands acronyms both ways and matches their plurals', async () => {
    expect(titles(await rank(['LLM']))).toEqual(expect.arrayContaining(['Prompting LLMs for Arithmetic', 'Large Language Models Can Plan']));
    expect(titles(await rank(['LLM']))).not.toContain('The Language of Bees');
    const gans = ['A GAN for Synthetic Faces', 'Stabilising Generative Adversarial Networks'];
    expect(titles(await rank(['GANs'])).slice(0, 2).sort()).toEqual([...gans].sort());
    expect(titles(await rank(['generative adversarial networks'])).slice(0, 2).sort()).toEqual([...gans].sort());
    // Free text with an acronym in it: the spelled-out form counts, and both words beat one.
    expect(titles(await rank(['LLM planning']))[0]).toBe('Large Language Models Can Plan');
  });

  it('matches plural and singular forms alike', async () => {
    expect(titles(await rank(['implicit neural representation']))[0]).toBe('Implicit Neural Representations for Audio');
  });

  it('defines a catalogue topic by its curated phrases, not by its name', async () => {
    // Neither "reinforcement" nor "learning" occurs; "policy gradient" is one of the topic's phrases.
    expect(titles(await rank(['Reinforcement learning']))[0]).toBe('Policy Gradient Methods for Legged Robots');
    // "language model" inside "vision-language model" is not a language model.
    expect(titles(await rank(['Large language models']))).not.toContain('Vision-Language Models for Radiology');
  });

  it('says why each paper was picked: the topic and the words as the paper writes them', async () => {
    const [first] = (await rank(['protein folding'])).papers;
    expect(first!.reasons).toEqual([{ topic: 'protein folding', words: expect.arrayContaining(['Protein Folding']) }]);
    const llm = (await rank(['LLM'])).papers.find((paper) => paper.paperId === id('Prompting LLMs for Arithmetic'))!;
    expect(llm.reasons[0]!.topic).toBe('Large language models');
    expect(llm.reasons[0]!.words).toContain('LLMs');
  });

  it('takes only new papers, drops near-duplicates and keeps papers without any signal', async () => {
    const order = titles(await rank(['Diffusion models']));
    expect(order).not.toContain('An Old Diffusion Model Paper');
    const weather = order.filter((t) => t.includes('Weather'));
    expect(weather).toHaveLength(1);
    expect(order).toContain('Diffusion Models for Robot Arms');
    // Of two equally relevant papers the trending one ranks first; the one without any signal is
    // still there, scored above zero.
    const pick = await rank(['Diffusion models']);
    expect(titles(pick)[0]).toBe('Diffusion Models for Robot Arms');
    expect(pick.papers.every((paper) => paper.score > 0)).toBe(true);
  });

  it('fills the trending section with at most 3 papers outside the reader’s topics that have a signal', async () => {
    const pick = await rank(['Diffusion models']);
    expect(titles(pick, 'trending')).toEqual(['Humanoid Robot Learns to Cook', 'Catalysts Found by Search', 'Composing Jazz Harmonies']);
    expect(pick.trending[0]!.reasons[0]).toEqual({ topic: 'Trending', words: expect.arrayContaining(['80 upvotes']), listedOn: '2026-11-22' });
    expect(titles(pick, 'trending')).not.toContain('Diffusion Models for Robot Arms');
  });

  it('gives each of the reader’s topics a place and never more than the limit', async () => {
    const pick = await rank(['Diffusion models', 'protein folding'], 2);
    expect(pick.papers).toHaveLength(2);
    expect(titles(pick)).toContain('Protein Folding with Sparse Attention');
    expect((await rank(['Diffusion models'], 1)).papers).toHaveLength(1);
  });

  it('never sends a paper twice to the same subscriber, across deliveries and topic changes', async () => {
    const subscriber = await createSubscriber(fx.prisma, `twice-${backend}@example.org`, ['Diffusion models']);
    const delivery = async (n: number) => {
      const edition = await fx.prisma.edition.create({ data: { key: `daily:twice-${n}-${backend}`, date: NOW } });
      return fx.prisma.delivery.create({ data: { editionId: edition.id, subscriberId: subscriber.id, messageId: `<m${n}-${backend}@t>`, webToken: `w${n}-${backend}` } });
    };
    const sentTo = async () => (await fx.prisma.sentPaper.findMany({ where: { subscriberId: subscriber.id } })).map((row) => row.paperId);

    const first = await delivery(1);
    const count = await buildOne(fx.prisma, createMatcher(fx.prisma, { now: NOW }), { deliveryId: first.id, subscriberId: subscriber.id, digestSize: 2, topics: ['Diffusion models'] });
    expect(count).toBe(2);
    const afterFirst = await sentTo();
    expect(afterFirst.length).toBeGreaterThanOrEqual(2);

    // A later run with the same topics (and one with more topics) picks none of them again.
    const second = await delivery(2);
    await buildOne(fx.prisma, createMatcher(fx.prisma, { now: NOW }), { deliveryId: second.id, subscriberId: subscriber.id, digestSize: 10, topics: ['Diffusion models', 'GANs'] });
    const rows = await storedPapers(fx.prisma, second.id);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(afterFirst).not.toContain(row.paperId);
    // The ledger holds exactly what the two digests carried: each delivery recorded its own papers.
    const carried = [...(await storedPapers(fx.prisma, first.id)), ...rows].map((row) => row.paperId);
    expect((await sentTo()).sort()).toEqual(carried.sort());

    // Once everything on the topic was sent, there is nothing new: the digest is empty.
    const third = await createMatcher(fx.prisma, { now: NOW }).pick({ subscriberId: subscriber.id, topics: ['Diffusion models'], limit: 10 });
    expect(third.papers).toEqual([]);
  });

  it('builds a batch at once: two editions of one reader share no paper, each reader gets their own', async () => {
    const reader = await createSubscriber(fx.prisma, `batch-a-${backend}@example.org`, ['Diffusion models']);
    const other = await createSubscriber(fx.prisma, `batch-b-${backend}@example.org`, ['Diffusion models']);
    const delivery = async (n: number, subscriberId: number) => {
      const edition = await fx.prisma.edition.upsert({ where: { key: `daily:batch-${n}-${backend}` }, create: { key: `daily:batch-${n}-${backend}`, date: NOW }, update: {} });
      return fx.prisma.delivery.create({ data: { editionId: edition.id, subscriberId, messageId: `<b${n}-${subscriberId}-${backend}@t>`, webToken: `b${n}-${subscriberId}-${backend}` } });
    };
    const [d1, d2, d3] = [await delivery(1, reader.id), await delivery(2, reader.id), await delivery(1, other.id)];
    const target = (d: { id: number }, subscriberId: number) => ({ deliveryId: d.id, subscriberId, digestSize: 10, topics: ['Diffusion models'] });
    const built = await buildDeliveryContents(fx.prisma, createMatcher(fx.prisma, { now: NOW }), [target(d1, reader.id), target(d2, reader.id), target(d3, other.id)]);

    const papersOf = async (d: { id: number }) => (await storedPapers(fx.prisma, d.id)).map((row) => row.paperId);
    const [p1, p2, p3] = [await papersOf(d1), await papersOf(d2), await papersOf(d3)];
    // Both of the reader's deliveries picked the same papers; the ledger gave them to the first,
    // and the second, left with nothing new, is empty (to be skipped).
    expect(p1.length).toBeGreaterThan(0);
    expect(mainList(built.get(d1.id))).toBeGreaterThan(0);
    // What the build hands back is what it stored, in rank order.
    expect(built.get(d1.id)!.map((paper) => paper.paperId)).toEqual(p1);
    expect(p2).toEqual([]);
    expect(built.get(d2.id)).toEqual([]);
    // The other reader is not affected by the first one's ledger.
    expect(p3.sort()).toEqual([...p1].sort());
    const ledger = await fx.prisma.sentPaper.findMany({ where: { subscriberId: reader.id } });
    expect(ledger.map((row) => row.paperId).sort()).toEqual([...p1, ...p2].sort());
  });

  it('leaves the ledger alone when nothing matches (the delivery is then skipped)', async () => {
    const subscriber = await createSubscriber(fx.prisma, `nothing-${backend}@example.org`, ['underwater basket weaving']);
    const edition = await fx.prisma.edition.create({ data: { key: `daily:nothing-${backend}`, date: NOW } });
    const delivery = await fx.prisma.delivery.create({ data: { editionId: edition.id, subscriberId: subscriber.id, messageId: `<n-${backend}@t>`, webToken: `n-${backend}` } });
    const count = await buildOne(fx.prisma, createMatcher(fx.prisma, { now: NOW }), {
      deliveryId: delivery.id,
      subscriberId: subscriber.id,
      digestSize: 10,
      topics: ['underwater basket weaving'],
    });
    expect(count).toBe(0);
    expect(await fx.prisma.sentPaper.count({ where: { subscriberId: subscriber.id } })).toBe(0);
  });

  it('shares topic work between subscribers of one run and still filters per subscriber', async () => {
    const matcher = createMatcher(fx.prisma, { now: NOW });
    const a = await createSubscriber(fx.prisma, `share-a-${backend}@example.org`, ['GANs']);
    const b = await createSubscriber(fx.prisma, `share-b-${backend}@example.org`, ['GANs']);
    const edition = await fx.prisma.edition.create({ data: { key: `daily:share-${backend}`, date: NOW } });
    const delivery = await fx.prisma.delivery.create({ data: { editionId: edition.id, subscriberId: a.id, messageId: `<s-${backend}@t>`, webToken: `s-${backend}` } });
    await fx.prisma.sentPaper.create({ data: { subscriberId: a.id, paperId: id('A GAN for Synthetic Faces'), deliveryId: delivery.id } });
    const [pickA, pickB] = await Promise.all([
      matcher.pick({ subscriberId: a.id, topics: ['GANs'], limit: 10 }),
      matcher.pick({ subscriberId: b.id, topics: ['gans'], limit: 10 }),
    ]);
    expect(titles(pickA)).not.toContain('A GAN for Synthetic Faces');
    expect(titles(pickB)).toContain('A GAN for Synthetic Faces');
  });
});
