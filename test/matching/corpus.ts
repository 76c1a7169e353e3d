// A small hand-written corpus for ranking tests: papers inserted directly, with the dates and
// signals each test needs, in a fresh migrated database of either backend.
import { afterAll, beforeAll } from 'vitest';
import { migrate, openDatabase, type Database, type PrismaClient } from '../../src/db/index.js';
import { createMatcher, syncCatalogue } from '../../src/matching/index.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../../testkit/database.js';
import { ingestSeeds } from '../../testkit/seeds.js';

export const NOW = new Date('2026-11-22T08:00:00Z');
const DAY = 86_400_000;

export interface FixturePaper {
  title: string;
  abstract: string;
  upvotes?: number;
  /** Number of pages that listed it (trending signal). */
  pages?: number;
  firstSeenDaysAgo?: number;
  publishedDaysAgo?: number;
  arxivId?: string;
}

/** Papers on subjects far from each other and from what a test is about: the rest of a small window, so a test's words are as rare as in a real one. */
export const UNRELATED_PAPERS: FixturePaper[] = [
  { title: 'Protein Folding with Sparse Attention', abstract: 'We predict protein folding pathways with a sparse attention model.' },
  { title: 'Policy Gradient Methods for Legged Robots', abstract: 'We train locomotion controllers with proximal policy optimization.' },
  { title: 'Diffusion Models for Weather', abstract: 'A diffusion model forecasts tomorrow’s weather from satellite images.' },
  { title: 'Composing Jazz Harmonies', abstract: 'A symbolic model writes jazz chord progressions.' },
  { title: 'Rocks of the Deep Sea Floor', abstract: 'Sediment cores reveal the history of the ocean crust.' },
  { title: 'A Quiet Paper on Soil', abstract: 'Soil moisture measured by cheap sensors.' },
  { title: 'Neural Radiance Fields in the Wild', abstract: 'We reconstruct scenes from photo collections with varying light.' },
  { title: 'Vision-Language Models for Radiology', abstract: 'A vision-language model reads chest x-rays and writes the report.' },
];

export interface FixtureDb {
  db: Database;
  prisma: PrismaClient;
  ids: Map<string, number>;
  close(): Promise<void>;
}

export async function openFixtureDb(backend: Backend, papers: FixturePaper[]): Promise<FixtureDb> {
  const testDb: TestDatabase = await createTestDatabase(backend);
  const db = await openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir });
  await migrate(db);
  await syncCatalogue(db.prisma);
  const ids = await insertPapers(db.prisma, papers);
  return {
    db,
    prisma: db.prisma,
    ids,
    async close() {
      await db.close();
      await testDb.drop();
    },
  };
}

/**
 * The fixture database of a describe block (opened before its tests, closed after them), and the
 * titles a topic brings as a new subscriber's digest, best first.
 */
export function fixtureCorpus(backend: Backend, papers: FixturePaper[]) {
  let fx: FixtureDb | undefined;
  beforeAll(async () => {
    fx = await openFixtureDb(backend, papers);
  });
  afterAll(async () => {
    await fx?.close();
  });
  const opened = () => fx ?? (() => { throw new Error('the fixture database is open only inside tests'); })();
  return {
    get fx(): FixtureDb {
      return opened();
    },
    async titles(topic: string): Promise<string[]> {
      const { prisma, ids } = opened();
      const pick = await createMatcher(prisma, { now: NOW }).rank([topic], 10);
      return pick.papers.map((paper) => [...ids].find(([, id]) => id === paper.paperId)![0]);
    },
  };
}

/**
 * The sample corpus (seeds/, ingested at NOW) in a migrated PostgreSQL database of a describe block,
 * opened before its tests and closed after them: `db` inside tests.
 */
export function sampleCorpus() {
  let test: TestDatabase | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    db = await openDatabase({ databaseUrl: test.url, dataDir: test.dataDir });
    await migrate(db);
    await syncCatalogue(db.prisma);
    await ingestSeeds(db, NOW);
  });
  afterAll(async () => {
    await db?.close();
    await test?.drop();
  });
  return {
    get db(): Database {
      if (!db) throw new Error('the sample corpus is open only inside tests');
      return db;
    },
  };
}

export async function insertPapers(prisma: PrismaClient, papers: FixturePaper[]): Promise<Map<string, number>> {
  const maxPages = Math.max(1, ...papers.map((paper) => paper.pages ?? 1));
  const pages = [];
  for (let i = 0; i < maxPages; i++) {
    pages.push(
      await prisma.corpusPage.create({
        data: { name: `fixture-${i}`, contentHash: `h${i}`, pageDate: new Date(NOW.getTime() - i * DAY), entryCount: 0, ingestedAt: NOW },
      }),
    );
  }
  const ids = new Map<string, number>();
  for (const paper of papers) {
    const firstSeenAt = new Date(NOW.getTime() - (paper.firstSeenDaysAgo ?? 1) * DAY);
    const created = await prisma.paper.create({
      data: {
        titleKey: paper.title.toLowerCase(),
        title: paper.title,
        abstract: paper.abstract,
        upvotes: paper.upvotes ?? 0,
        pageCount: paper.pages ?? 1,
        arxivId: paper.arxivId ?? null,
        publishedAt: paper.publishedDaysAgo === undefined ? null : new Date(Date.UTC(2026, 10, 22) - paper.publishedDaysAgo * DAY),
        firstSeenAt,
        lastSeenAt: firstSeenAt,
      },
    });
    for (let i = 0; i < (paper.pages ?? 1); i++) {
      await prisma.paperSource.create({ data: { paperId: created.id, pageId: pages[i]!.id, position: 0, upvotes: paper.upvotes ?? 0 } });
    }
    ids.set(paper.title, created.id);
  }
  return ids;
}

export async function createSubscriber(prisma: PrismaClient, email: string, topics: string[], digestSize = 10) {
  return prisma.subscriber.create({
    data: {
      email,
      status: 'active',
      linkKey: `key-${email}`,
      digestSize,
      confirmedAt: NOW,
      interests: { create: topics.map((label) => ({ label })) },
    },
  });
}
