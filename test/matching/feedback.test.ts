// The reader model in the matcher: what a reader marks and the papers they like change their next
// digests; a rated paper never comes back. Real PostgreSQL, a small hand-written corpus.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/matching/index.js';
import { addLikedPapers, ratePaper, undoRating } from '../../src/subscriptions/feedback.js';
import { createSubscriber, NOW, openFixtureDb, type FixtureDb } from './corpus.js';

const molecule = (n: number, words: string) => ({
  title: `Diffusion Models for Molecule Generation ${n}: ${words}`,
  abstract: `We train a denoising diffusion model over 3D molecular graphs and protein pockets, generating drug-like molecules with ${words} and equivariant networks for conformers.`,
});
const image = (n: number, words: string) => ({
  title: `Latent Diffusion Models for Image Synthesis ${n}: ${words}`,
  abstract: `A text-to-image latent diffusion model with ${words}, evaluated by FID on photographs and artistic image editing with classifier-free guidance.`,
});
const PAPERS = [
  molecule(1, 'binding affinity'),
  molecule(2, 'ligand docking'),
  molecule(3, 'chemical validity'),
  molecule(4, 'scaffold constraints'),
  image(1, 'high resolution'),
  image(2, 'faster sampling'),
  image(3, 'style transfer'),
  image(4, 'inpainting masks'),
  {
    title: 'Graph Neural Networks for Protein Pocket and Ligand Binding Prediction',
    abstract: 'Equivariant graph networks predict binding affinity of drug-like molecules in protein pockets, without any generative model.',
  },
  { title: 'A Survey of Reinforcement Learning for Games', abstract: 'Policy gradient and value methods for board games and video games.' },
];

describe('reader feedback in the matcher', () => {
  let f: FixtureDb;
  const options = { source: 'system' as const, now: NOW };
  beforeAll(async () => {
    f = await openFixtureDb('postgres', PAPERS);
  });
  afterAll(async () => {
    await f?.close();
  });
  const id = (title: string) => f.ids.get(title)!;
  const titles = (ids: number[]) => ids.map((paperId) => [...f.ids].find(([, v]) => v === paperId)![0]);

  it('lifts papers like those marked more, pushes down those like the ones marked less, and says why', async () => {
    const plain = await createSubscriber(f.prisma, 'plain@example.org', ['diffusion models']);
    const reader = await createSubscriber(f.prisma, 'reader@example.org', ['diffusion models']);
    const before = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: plain.id, topics: ['diffusion models'], limit: 10 });
    expect(before.papers.length).toBeGreaterThanOrEqual(8);
    // Without feedback, topic relevance alone mixes the two kinds of diffusion papers.
    const plainOrder = titles(before.papers.map((p) => p.paperId));
    expect(plainOrder.slice(0, 4).every((title) => title.includes('Molecule'))).toBe(false);

    await ratePaper(f.prisma, { subscriberId: reader.id, paperId: id(molecule(1, 'binding affinity').title), verdict: 'more' }, options);
    await ratePaper(f.prisma, { subscriberId: reader.id, paperId: id(image(1, 'high resolution').title), verdict: 'less' }, options);
    const after = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: reader.id, topics: ['diffusion models'], limit: 10 });
    const order = titles(after.papers.map((p) => p.paperId));
    // The three other molecule papers come first, every image paper after them.
    expect(order.slice(0, 3).every((title) => title.includes('Molecule'))).toBe(true);
    const lastMolecule = Math.max(...order.map((t, i) => (t.includes('Molecule') ? i : -1)));
    const firstImage = order.findIndex((t) => t.includes('Image'));
    expect(lastMolecule).toBeLessThan(firstImage);
    // Rated papers are treated as sent.
    expect(order).not.toContain(molecule(1, 'binding affinity').title);
    expect(order).not.toContain(image(1, 'high resolution').title);
    const top = after.papers[0]!;
    expect(top.reasons[0]).toEqual({ topic: molecule(1, 'binding affinity').title, words: ['which you marked'], kind: 'like', shared: expect.arrayContaining(['Molecule Generation']) });
    expect(top.parts.feedback).toBeGreaterThan(0);
    // A paper off the topic but close to what they marked more may enter; one on nothing they want does not.
    expect(order).not.toContain('A Survey of Reinforcement Learning for Games');
  });

  it('"less like this" ranks papers of the reader\'s topic lower, never out of the digest', async () => {
    const reader = await createSubscriber(f.prisma, 'less@example.org', ['diffusion models']);
    const plain = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: reader.id, topics: ['diffusion models'], limit: 10 });
    // They mark "less" on half of what their topic brings, of both kinds.
    const marked = [image(1, 'high resolution'), image(2, 'faster sampling'), molecule(1, 'binding affinity'), molecule(2, 'ligand docking')].map((p) => id(p.title));
    for (const paperId of marked) await ratePaper(f.prisma, { subscriberId: reader.id, paperId, verdict: 'less' }, options);
    const after = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: reader.id, topics: ['diffusion models'], limit: 10 });
    const rest = plain.papers.map((p) => p.paperId).filter((paperId) => !marked.includes(paperId));
    expect(after.papers.map((p) => p.paperId).sort()).toEqual(rest.sort());
  });

  it('an undone rating no longer counts, and the paper may come back', async () => {
    const reader = await createSubscriber(f.prisma, 'undo@example.org', ['diffusion models']);
    const paperId = id(molecule(2, 'ligand docking').title);
    await ratePaper(f.prisma, { subscriberId: reader.id, paperId, verdict: 'less' }, options);
    const rated = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: reader.id, topics: ['diffusion models'], limit: 20 });
    expect(rated.papers.map((p) => p.paperId)).not.toContain(paperId);
    expect(await undoRating(f.prisma, { subscriberId: reader.id, paperId }, options)).toEqual({ undone: true, relisted: false, restored: null });
    expect(await undoRating(f.prisma, { subscriberId: reader.id, paperId }, options)).toEqual({ undone: false, relisted: false, restored: null });
    const undone = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: reader.id, topics: ['diffusion models'], limit: 20 });
    expect(undone.papers.map((p) => p.paperId)).toContain(paperId);
    expect(undone.papers.every((p) => p.parts.feedback === undefined)).toBe(true);
    const events = await f.prisma.subscriptionEvent.findMany({ where: { subscriberId: reader.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['rated', 'rating_undone']);
  });

  it('a reader with only liked papers, none of them in the corpus, gets papers like those', async () => {
    const fan = await createSubscriber(f.prisma, 'fan@example.org', []);
    await addLikedPapers(
      f.prisma,
      fan.id,
      [
        {
          paperId: null,
          arxivId: null,
          title: 'Equivariant Diffusion for Molecule Generation in 3D',
          abstract: 'An E(3) equivariant diffusion model generates molecules in 3D, with drug-like molecular graphs and conformers.',
        },
      ],
      options,
    );
    const pick = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: fan.id, topics: [], limit: 5 });
    const order = titles(pick.papers.map((p) => p.paperId));
    expect(order.length).toBeGreaterThanOrEqual(4);
    expect(order.slice(0, 4).every((title) => title.includes('Molecule'))).toBe(true);
    expect(pick.papers[0]!.reasons[0]).toMatchObject({ topic: 'Equivariant Diffusion for Molecule Generation in 3D', words: ['which you like'], kind: 'like' });
    // Without topics, the same reader with no liked papers gets nothing.
    const nobody = await createSubscriber(f.prisma, 'nobody@example.org', []);
    expect((await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: nobody.id, topics: [], limit: 5 })).papers).toEqual([]);
  });

  it('a paper does not come in off the topics on one word shared with a liked one', async () => {
    const fan = await createSubscriber(f.prisma, 'one-word@example.org', ['reinforcement learning']);
    // Known by its title alone: "inpainting" is its one word the corpus has (in one image paper).
    await addLikedPapers(f.prisma, fan.id, [{ paperId: null, arxivId: null, title: 'Inpainting Everything', abstract: '' }], options);
    const pick = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: fan.id, topics: ['reinforcement learning'], limit: 10 });
    // The topic's paper, and not the image paper "both on inpainting".
    expect(titles(pick.papers.map((p) => p.paperId))).toEqual(['A Survey of Reinforcement Learning for Games']);
    // Two words shared are evidence: a favourite on molecules' binding brings the binding papers.
    await addLikedPapers(f.prisma, fan.id, [{ paperId: null, arxivId: null, title: 'Protein Ligand Binding Affinity', abstract: '' }], options);
    const after = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: fan.id, topics: ['reinforcement learning'], limit: 10 });
    expect(titles(after.papers.map((p) => p.paperId))).toContain('Graph Neural Networks for Protein Pocket and Ligand Binding Prediction');
  });

  it('a liked paper in the corpus is never sent to the reader who named it', async () => {
    const fan = await createSubscriber(f.prisma, 'corpus-fan@example.org', ['diffusion models']);
    const liked = molecule(3, 'chemical validity');
    await addLikedPapers(f.prisma, fan.id, [{ paperId: id(liked.title), arxivId: null, ...liked }], options);
    const pick = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: fan.id, topics: ['diffusion models'], limit: 20 });
    expect(pick.papers.map((p) => p.paperId)).not.toContain(id(liked.title));
    expect(titles(pick.papers.slice(0, 3).map((p) => p.paperId)).every((t) => t.includes('Molecule'))).toBe(true);
  });

  it('a liked paper named outside the corpus and listed later is not sent back, and does not crowd out the others', async () => {
    // Named when the corpus lacked them: one by its arXiv id, one by a title typed in other case and punctuation.
    // Either, sent back, would be "like X" of X itself, and its cosine of 1 would push the others below the thresholds.
    const later = [
      {
        title: 'Equivariant Diffusion for Molecule Generation',
        abstract: 'Molecules in 3D from an equivariant denoising diffusion model: drug-like molecular graphs, protein pockets and conformers.',
        arxivId: '2611.00042',
      },
      { title: 'Diffusion Models for Drug Design', abstract: 'Drug-like molecules designed by a diffusion model over molecular graphs, conditioned on protein pockets and binding affinity.' },
    ];
    const fan = await createSubscriber(f.prisma, 'late-fan@example.org', []);
    await addLikedPapers(
      f.prisma,
      fan.id,
      [
        // Its first version's title: the feed lists the paper under a revised one.
        { paperId: null, arxivId: '2611.00042', title: 'E(3) Equivariant Diffusion Generates Molecules', abstract: later[0]!.abstract },
        { paperId: null, arxivId: null, title: 'diffusion models for drug-design.', abstract: later[1]!.abstract },
      ],
      options,
    );
    const before = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: fan.id, topics: [], limit: 8 });
    const arrived = new Map<string, number>();
    for (const paper of later) {
      const data = { titleKey: paper.title.toLowerCase(), title: paper.title, abstract: paper.abstract, arxivId: paper.arxivId ?? null, firstSeenAt: NOW, lastSeenAt: NOW };
      arrived.set(paper.title, (await f.prisma.paper.create({ data })).id);
    }
    try {
      const after = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: fan.id, topics: [], limit: 8 });
      expect(after.papers.map((p) => p.paperId)).not.toContain(arrived.get(later[0]!.title));
      expect(after.papers.map((p) => p.paperId)).not.toContain(arrived.get(later[1]!.title));
      // The same digest as before they arrived: they are the reader's own examples, not the best candidates.
      expect(after.papers.map((p) => p.paperId)).toEqual(before.papers.map((p) => p.paperId));
      expect(after.papers.length).toBeGreaterThanOrEqual(4);
    } finally {
      await f.prisma.paper.deleteMany({ where: { id: { in: [...arrived.values()] } } });
    }
  });

  it('deleting a subscriber deletes their ratings and liked papers', async () => {
    const gone = await createSubscriber(f.prisma, 'gone@example.org', ['diffusion models']);
    await ratePaper(f.prisma, { subscriberId: gone.id, paperId: id(image(2, 'faster sampling').title), verdict: 'more' }, options);
    await addLikedPapers(f.prisma, gone.id, [{ paperId: null, arxivId: null, title: 'Some Paper Outside The Corpus', abstract: '' }], options);
    await f.prisma.subscriber.delete({ where: { id: gone.id } });
    expect(await f.prisma.rating.count({ where: { subscriberId: gone.id } })).toBe(0);
    expect(await f.prisma.likedPaper.count({ where: { subscriberId: gone.id } })).toBe(0);
  });
});
