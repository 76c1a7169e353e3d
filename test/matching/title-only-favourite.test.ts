// A favourite named by its title alone (a title typed in, a BibTeX entry without abstract) gives
// the reader model a handful of words. Papers close to it come first; the places left are filled
// only by papers sharing two of its telling words, never by papers that share its everyday words
// ("deep", "learning") and one more. Real PostgreSQL, a small hand-written corpus in which "deep"
// and "learning" are as common as they are among real papers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/matching/index.js';
import { addLikedPapers } from '../../src/subscriptions/feedback.js';
import { createSubscriber, NOW, openFixtureDb, type FixtureDb, type FixturePaper } from './corpus.js';

const everyday = (subject: string, words: string): FixturePaper => ({
  title: `Deep Learning for ${subject}`,
  abstract: `We study deep learning for ${subject.toLowerCase()}, with ${words}.`,
});

const PAPERS: FixturePaper[] = [
  { title: 'Deep Reinforcement Learning for Robot Control', abstract: 'A deep reinforcement learning agent learns motor skills from reward alone, with a replay buffer.' },
  { title: 'Offline Reinforcement Learning from Logged Data', abstract: 'An agent learns a policy with reinforcement learning from a fixed dataset, without exploration.' },
  { title: 'Reward Shaping for Reinforcement Learning in Atari Games', abstract: 'Shaped rewards speed up reinforcement learning on Atari games.' },
  { title: 'Deep Learning for Concert Recordings', abstract: 'We study deep learning to transcribe what orchestras played in concert halls, from audio of violins, cellos, flutes and timpani, into scores for conductors and archivists.' },
  everyday('Weather Forecasting', 'satellite images and pressure maps'),
  everyday('Medical Imaging', 'tumour segmentation in scans'),
  everyday('Protein Structure', 'residue contacts and folding'),
  everyday('Crop Yield Prediction', 'soil sensors and rainfall'),
  everyday('Credit Scoring', 'tabular features of borrowers'),
  everyday('Speech Recognition', 'acoustic models of phonemes'),
  everyday('Machine Translation', 'parallel corpora of sentences'),
  everyday('Traffic Prediction', 'road sensors and graphs'),
  everyday('Galaxy Classification', 'telescope surveys of the sky'),
  everyday('Code Completion', 'repositories of source files'),
  { title: 'Soil Moisture from Cheap Sensors', abstract: 'Soil moisture measured by sensors in the field.' },
  { title: 'A Benchmark for Tabular Data', abstract: 'Gradient boosted trees on tables of records.' },
  { title: 'Sorting Networks Revisited', abstract: 'Comparators arranged in layers sort numbers.' },
  { title: 'Bayesian Optimisation of Hyperparameters', abstract: 'Gaussian processes choose the next configuration to try.' },
  { title: 'Differential Privacy for Databases', abstract: 'Noise added to queries protects individuals in the records.' },
  { title: 'Knot Theory and Braids', abstract: 'Invariants tell knots apart.' },
];

describe('a favourite known by its title alone', () => {
  let f: FixtureDb;
  beforeAll(async () => {
    f = await openFixtureDb('postgres', PAPERS);
  });
  afterAll(async () => {
    await f?.close();
  });
  const titlesOf = (ids: number[]) => ids.map((paperId) => [...f.ids].find(([, v]) => v === paperId)![0]);

  it('brings the papers on its subject, and does not fill the digest with papers sharing only its everyday words', async () => {
    const fan = await createSubscriber(f.prisma, 'atari@example.org', []);
    await addLikedPapers(f.prisma, fan.id, [{ paperId: null, arxivId: null, title: 'Playing Atari with Deep Reinforcement Learning', abstract: '' }], { source: 'system', now: NOW });
    const pick = await createMatcher(f.prisma, { now: NOW }).pick({ subscriberId: fan.id, topics: [], limit: 10 });
    const titles = titlesOf(pick.papers.map((p) => p.paperId));
    expect(titles).toEqual(expect.arrayContaining(['Deep Reinforcement Learning for Robot Control', 'Offline Reinforcement Learning from Logged Data', 'Reward Shaping for Reinforcement Learning in Atari Games']));
    // "deep", "learning" and "played": one telling word and two that most papers say.
    expect(titles).not.toContain('Deep Learning for Concert Recordings');
    expect(titles.filter((title) => title.startsWith('Deep Learning for'))).toEqual([]);
  });
});
