// One owner for a topic (src/matching/topics.ts): the same label names the same topic on the web,
// in the CLI, in a CSV import and in the matcher; renaming or splitting a catalogue topic keeps
// its readers (syncCatalogue).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/db/index.js';
import { defaultVocabulary, InterestResolver, splitTopicList, syncCatalogue, TopicCatalogue, type Vocabulary } from '../../src/matching/index.js';
import { testEnv } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { BACKENDS, createTestDatabase, tempDir, withClient } from '../../testkit/database.js';

const vocabulary = defaultVocabulary();

describe('the topic owner', () => {
  it('splits every list of topics by one rule', () => {
    expect(splitTopicList('LLM; diffusion,  protein\nfolding\r\n')).toEqual(['LLM', 'diffusion', 'protein', 'folding']);
    expect(splitTopicList(' ;, ')).toEqual([]);
  });

  it('resolves names, slugs, aliases and old names to catalogue slugs; anything else is the reader\'s own words', () => {
    const catalogue = new TopicCatalogue(vocabulary);
    expect(catalogue.resolve(['LLM', 'llms', 'Large-language models'])).toEqual([{ topicSlug: 'llms', label: 'Large language models' }]);
    // A text-direction override typed into a topic (it reversed every page and email showing it) is not kept.
    expect(catalogue.resolve(['\u202eprotein folding', '\u2066spiking\u2069 neural nets\u200f', '\u202e'])).toEqual([
      { topicSlug: null, label: 'protein folding' },
      { topicSlug: null, label: 'spiking neural nets' },
    ]);
    // Subjects the catalogue gained in round 27, typed as readers type them.
    expect(catalogue.resolve(['graph neural nets', 'GANs', 'NMT', 'self-driving cars']).map((i) => i.topicSlug)).toEqual(['graph-neural-networks', 'gans', 'machine-translation', 'autonomous-driving']);
    expect(catalogue.resolve(['Model and data compression']).map((i) => i.topicSlug)).toEqual(['model-compression', 'image-compression', 'video-compression', 'audio-compression']);
    expect(catalogue.resolve(['Image, video and audio compression', 'codecs']).map((i) => i.topicSlug)).toEqual(['image-compression', 'video-compression', 'audio-compression']);
    expect(catalogue.resolve(['network compression', 'image compression', 'video coding']).map((i) => i.topicSlug)).toEqual(['model-compression', 'image-compression', 'video-compression']);
    // A name for a part of a topic is no alias of it: typed, it stays the reader's own words, so a
    // reader of quantization is not sent pruning and distillation, nor one of RLHF a Foley synthesiser.
    expect(catalogue.resolve(['quantization', 'pruning', 'NeRF', 'RLHF', 'speech recognition', 'dense retrieval']).map((i) => [i.topicSlug, i.label])).toEqual([
      [null, 'quantization'],
      [null, 'pruning'],
      [null, 'NeRF'],
      [null, 'RLHF'],
      [null, 'speech recognition'],
      [null, 'dense retrieval'],
    ]);
    expect(catalogue.resolve(['protein folding', 'Protein Folding'])).toEqual([{ topicSlug: null, label: 'protein folding' }]);
  });

  it('gives the matcher the same answer: a split topic is searched as each of its parts', () => {
    const resolver = new InterestResolver(vocabulary);
    expect(resolver.resolveAll('compression').map((q) => q.key)).toEqual(['catalogue:model-compression', 'catalogue:image-compression', 'catalogue:video-compression', 'catalogue:audio-compression']);
    expect(resolver.resolve('LLM').key).toBe('catalogue:llms');
    expect(resolver.resolve('speech to text').key).toBe('text:speech to text');
  });
});

describe.each(BACKENDS)('syncCatalogue (%s)', (backend) => {
  it('keeps the readers of a renamed topic and moves those of a split topic to its parts', { timeout: 60_000 }, async () => {
    const testDb = await createTestDatabase(backend);
    const db = await openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir });
    try {
      await migrate(db);
      // Yesterday's catalogue: LLMs under another name, one merged compression topic, and the
      // codecs topic that was later split into image, video and audio compression.
      const merged = { slug: 'compression', name: 'Model and data compression', description: '', aliases: [], phrases: ['compression'], related: [] };
      const codecs = { slug: 'data-compression', name: 'Image, video and audio compression', description: '', aliases: [], phrases: ['codec'], related: [] };
      const before: Vocabulary = {
        ...vocabulary,
        topics: [...vocabulary.topics.filter((t) => !t.slug.endsWith('compression')).map((t) => (t.slug === 'llms' ? { ...t, name: 'LLMs (old name)' } : t)), merged, codecs],
        retired: [],
      };
      await syncCatalogue(db.prisma, before);
      const ada = await db.prisma.subscriber.create({ data: { email: 'ada@example.org', linkKey: 'k1', status: 'active' } });
      await db.prisma.interest.createMany({
        data: [
          { subscriberId: ada.id, topicSlug: 'llms', label: 'LLMs (old name)' },
          { subscriberId: ada.id, topicSlug: 'compression', label: 'Model and data compression' },
          { subscriberId: ada.id, topicSlug: null, label: 'protein folding' },
        ],
      });
      const bo = await db.prisma.subscriber.create({ data: { email: 'bo@example.org', linkKey: 'k2', status: 'active' } });
      await db.prisma.interest.create({ data: { subscriberId: bo.id, topicSlug: 'data-compression', label: 'Image, video and audio compression' } });
      await syncCatalogue(db.prisma);
      const interests = await db.prisma.interest.findMany({ where: { subscriberId: ada.id }, orderBy: { id: 'asc' } });
      expect(interests.map((i) => [i.topicSlug, i.label])).toEqual([
        ['llms', 'Large language models'],
        [null, 'protein folding'],
        ['model-compression', 'Model compression'],
        ['image-compression', 'Image compression'],
        ['video-compression', 'Video compression'],
        ['audio-compression', 'Audio compression'],
      ]);
      const bos = await db.prisma.interest.findMany({ where: { subscriberId: bo.id }, orderBy: { id: 'asc' } });
      expect(bos.map((i) => i.topicSlug)).toEqual(['image-compression', 'video-compression', 'audio-compression']);
      expect(await db.prisma.topic.findUnique({ where: { slug: 'compression' } })).toBeNull();
      expect(await db.prisma.topic.findUnique({ where: { slug: 'data-compression' } })).toBeNull();
      // Running it again changes nothing.
      await syncCatalogue(db.prisma);
      expect(await db.prisma.interest.count({ where: { subscriberId: ada.id } })).toBe(6);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });

  it('makes the own words that name a topic the catalogue gained an interest in it, in their place', { timeout: 60_000 }, async () => {
    const testDb = await createTestDatabase(backend);
    const db = await openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir });
    try {
      await migrate(db);
      // Yesterday's catalogue had no graph neural networks: readers typed them as their own words.
      await syncCatalogue(db.prisma, { ...vocabulary, topics: vocabulary.topics.filter((t) => t.slug !== 'graph-neural-networks') });
      const reader = async (email: string, interests: Array<[string | null, string]>) => {
        const { id } = await db.prisma.subscriber.create({ data: { email, linkKey: email, status: 'active' } });
        for (const [topicSlug, label] of interests) await db.prisma.interest.create({ data: { subscriberId: id, topicSlug, label } });
        return id;
      };
      const ada = await reader('ada@example.org', [['llms', 'Large language models'], [null, 'graph neural nets'], [null, 'protein folding']]);
      const bo = await reader('bo@example.org', [[null, 'GNN'], [null, 'graph neural networks']]);
      const cy = await reader('cy@example.org', [[null, 'codecs']]);
      await syncCatalogue(db.prisma);
      const topicsOf = async (subscriberId: number) => (await db.prisma.interest.findMany({ where: { subscriberId }, orderBy: { id: 'asc' } })).map((i) => [i.topicSlug, i.label]);
      expect(await topicsOf(ada)).toEqual([
        ['llms', 'Large language models'],
        ['graph-neural-networks', 'Graph neural networks'],
        [null, 'protein folding'],
      ]);
      // Two ways of typing it are one interest; an old name of a split topic names each part.
      expect(await topicsOf(bo)).toEqual([['graph-neural-networks', 'Graph neural networks']]);
      expect((await topicsOf(cy)).map(([slug]) => slug).sort()).toEqual(['audio-compression', 'image-compression', 'video-compression']);
      await syncCatalogue(db.prisma);
      expect(await db.prisma.interest.count()).toBe(7);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});

describe('syncCatalogue beside other commands', () => {
  it('writes nothing when the catalogue is in step, so a command never waits on another holding the topics', { timeout: 60_000 }, async () => {
    const testDb = await createTestDatabase('postgres');
    const db = await openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir });
    try {
      await migrate(db);
      await syncCatalogue(db.prisma);
      // Another command's sync in progress: its transaction holds the Topic rows. Six subscribes at
      // once on PostgreSQL each rewrote every row, queued on these locks past Prisma's 5 s, and failed.
      await withClient(testDb.url!, async (other) => {
        await other.query('BEGIN');
        await other.query('SELECT slug FROM "Topic" FOR UPDATE');
        try {
          await expect(Promise.race([syncCatalogue(db.prisma).then(() => 'done'), new Promise((resolve) => setTimeout(() => resolve('waited'), 3_000))])).resolves.toBe('done');
        } finally {
          await other.query('ROLLBACK');
        }
      });
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});

describe('the CLI and CSV import use the same owner', () => {
  it('stores "LLM" typed in the CLI or a CSV as the catalogue topic, and splits lists by the same rule', { timeout: 120_000 }, async () => {
    const testDb = await createTestDatabase('postgres');
    try {
      const env = testEnv(testDb);
      expect((await runPaperboy(['subscribe', 'ada@example.org', '--topic', 'LLM', '--topic', 'protein folding; RAG'], env)).code).toBe(0);
      const csv = path.join(tempDir(), 'people.csv');
      writeFileSync(csv, 'email,topics\nbob@example.org,"LLM, speech to text"\n');
      expect((await runPaperboy(['subscribe', '--file', csv], env)).code).toBe(0);
      const db = await openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir });
      try {
        const rows = await db.prisma.interest.findMany({ select: { topicSlug: true, label: true, subscriber: { select: { email: true } } }, orderBy: { id: 'asc' } });
        expect(rows.map((r) => [r.subscriber.email, r.topicSlug, r.label])).toEqual([
          ['ada@example.org', 'llms', 'Large language models'],
          ['ada@example.org', null, 'protein folding'],
          // RAG is one part of retrieval, not another name for it: the reader's own words.
          ['ada@example.org', null, 'RAG'],
          ['bob@example.org', 'llms', 'Large language models'],
          ['bob@example.org', null, 'speech to text'],
        ]);
      } finally {
        await db.close();
      }
    } finally {
      await testDb.drop();
    }
  });
});
