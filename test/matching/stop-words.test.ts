// A reader's stop words are no words of their topic (round 24): PostgreSQL drops them from every
// vector and query, so the matcher must too, or "few" in "learning from a few examples" is taken for
// a word no paper has, the rarest there is, and no paper can be about the topic. And a name with a
// word the window truly lacks names a subject the window lacks: two of its other words together are
// no evidence for it ("surgical video analysis" is not any paper on video analysis).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultVocabulary } from '../../src/matching/catalogue.js';
import { freeTextQuery } from '../../src/matching/concepts.js';
import { STOP_WORDS } from '../../src/matching/stop-words.js';
import { BACKENDS } from '../../testkit/database.js';
import { fixtureCorpus, UNRELATED_PAPERS, type FixturePaper } from './corpus.js';

const GRASPING = 'Learning Robot Grasping from Demonstrations';
const HIGHLIGHTS = 'Highlight Detection in Video Clips';

const PAPERS: FixturePaper[] = [
  { title: GRASPING, abstract: 'A robot arm learns to grasp unseen objects from a few human demonstrations.' },
  { title: HIGHLIGHTS, abstract: 'Short clips of sports videos are ranked by how exciting they are.' },
  ...UNRELATED_PAPERS,
  { title: 'Speech Recognition for Low-Resource Languages', abstract: 'Transcribing speech in languages with little data.' },
  { title: 'A Benchmark for Tabular Data', abstract: 'Gradient boosted trees still beat deep models on tables.' },
  { title: 'Program Synthesis with Language Models', abstract: 'We generate code from natural-language descriptions and test it.' },
  { title: 'Masked Autoencoders Are Scalable Vision Learners', abstract: 'An autoencoder reconstructs masked image patches.' },
  { title: 'Deep Audio Watermarking', abstract: 'Imperceptible watermarks hidden in audio survive compression and resampling.' },
  { title: 'Continual Learning without Forgetting', abstract: 'A model learns a stream of tasks continually and keeps what it learned before.' },
  { title: 'Graph Neural Networks for Drug Discovery', abstract: 'Message passing over molecular graphs ranks drug candidates.' },
  { title: 'Sparse Experts Scale Large Language Models', abstract: 'A mixture of experts lets LLMs grow without more compute per token.' },
  { title: 'Object Detection in Aerial Images', abstract: 'We detect small objects such as cars in aerial images.' },
  { title: 'Animating Photos', abstract: 'We turn a still photo into a short clip with a video diffusion model.' },
];

describe('stop words', () => {
  const words = (topic: string) => freeTextQuery(topic, defaultVocabulary()).concepts.filter((concept) => concept.role === 'word').map((concept) => concept.label);

  it('are no words of a topic, whichever of PostgreSQL’s a reader types', () => {
    expect(words('learning from a few examples')).toEqual(['learning', 'examples']);
    expect(words('training under memory limits')).toEqual(['training', 'memory', 'limits']);
    expect(words('no fine-tuning needed')).toEqual(['fine-tuning', 'needed']);
  });

  it('keep a hyphenated word whole, as PostgreSQL reads it: "few-shot" is not "shot"', () => {
    const [fewShot] = freeTextQuery('few-shot learning', defaultVocabulary()).concepts;
    expect(fewShot).toMatchObject({ label: 'few-shot', role: 'word' });
    // Spaced, "few shot" would be the phrase search 'shot' alone: any paper on shots.
    expect(fewShot!.variants).toContain('few-shot');
    expect(fewShot!.variants).not.toContain('few shot');
  });
});

describe.each(BACKENDS)('stop words on %s', (backend) => {
  const corpus = fixtureCorpus(backend, PAPERS);

  it('are exactly the words PostgreSQL’s English configuration drops', async () => {
    const kept = await corpus.fx.prisma.$queryRawUnsafe<Array<{ word: string }>>(
      `SELECT word FROM unnest($1::text[]) AS word WHERE length(to_tsvector('english', word)) > 0`,
      [...STOP_WORDS, 'via', 'using', 'without', 'one', 'first'],
    );
    expect(kept.map((row) => row.word)).toEqual(['via', 'using', 'without', 'one', 'first']);
    // Where the server's own list can be read (a Debian PostgreSQL here), the two are the same.
    const installed = existsSync('/usr/share/postgresql') ? readdirSync('/usr/share/postgresql').map((version) => `/usr/share/postgresql/${version}/tsearch_data/english.stop`) : [];
    for (const file of installed.filter(existsSync)) {
      expect(new Set(readFileSync(file, 'utf8').split(/\s+/).filter(Boolean))).toEqual(new Set(STOP_WORDS));
    }
  });

  it('do not stand for a word no paper has: "few demonstrations" finds the paper on a few demonstrations', async () => {
    expect(await corpus.titles('few demonstrations')).toEqual([GRASPING]);
  });

  it('a name with a word no paper has brings nothing, not papers with its other words', async () => {
    expect(await corpus.titles('highlight detection')).toEqual([HIGHLIGHTS]);
    expect(await corpus.titles('surgical highlight detection')).toEqual([]);
  });
});
