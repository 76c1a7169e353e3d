// Test worlds for the delivery engine: many subscribers, created with plain SQL (thousands of
// operator subscriptions one by one would take longer than the tests themselves). The papers come
// from testkit/seeds.ts.
import type { App } from '../../../src/app.js';
import type { PrismaClient } from '../../../src/db/index.js';
import { openTestApp, testEnv } from '../../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../../testkit/database.js';
import { startRecordingSink, type RecordingSink, type SinkOptions } from '../../../testkit/recording-sink.js';
import { ingestSeeds } from '../../../testkit/seeds.js';

export interface SendWorld {
  db: TestDatabase;
  sink: RecordingSink;
  app: App;
  /** The environment a `paperboy` child process needs to use the same database and SMTP server. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** A fresh database holding the seed corpus, a recording SMTP server, and the app on both. */
export async function openSendWorld(sinkOptions: SinkOptions = {}): Promise<SendWorld> {
  const db = await createTestDatabase('postgres');
  const sink = await startRecordingSink(sinkOptions);
  const app = await openTestApp(db, { env: { SMTP_URL: sink.url } });
  await ingestSeeds(app.db);
  return {
    db,
    sink,
    app,
    env: testEnv(db, { SMTP_URL: sink.url }),
    async close() {
      await app.close();
      await sink.close();
      await db.drop();
    },
  };
}

export interface SubscriberSpec {
  count: number;
  /** Addresses are `${prefix}${n}@example.org`, n from 1. */
  prefix?: string;
  frequency?: 'daily' | 'weekly';
  sendHour?: number;
  sendWeekday?: number;
  /** Cycled through, one zone per subscriber. */
  timeZones?: string[];
  /** How many catalogue topics each subscriber follows (consecutive ones of BROAD_TOPICS in catalogue order, starting at n mod their number). */
  topics?: number;
  confirmedAt?: Date;
}

/**
 * Broad catalogue topics, ones that every edition of the sample pages has papers for: the delivery
 * tests count digests sent, and a reader of a narrow topic (state space models) is rightly skipped
 * on a day with nothing new for them. Named, not taken as the catalogue's first so many, so that a
 * topic added or moved in vocabulary.json cannot change which readers these tests expect.
 */
const BROAD_TOPICS = ['diffusion-models', 'llms', 'vision-transformers', 'retrieval', 'speech-audio', '3d-vision', 'model-compression', 'image-compression', 'video-compression', 'audio-compression', 'contrastive-learning', 'multimodal', 'video-generation', 'efficient-inference', 'reinforcement-learning'];

/** Adds active subscribers; returns their addresses in order. */
export async function addSubscribers(prisma: PrismaClient, spec: SubscriberSpec): Promise<string[]> {
  const prefix = spec.prefix ?? 'reader';
  const zones = spec.timeZones ?? ['UTC'];
  const confirmedAt = spec.confirmedAt ?? new Date('2026-01-01T00:00:00Z');
  const emails = Array.from({ length: spec.count }, (_, i) => `${prefix}${i + 1}@example.org`);
  const rows = await prisma.$queryRaw<Array<{ id: number }>>`
    INSERT INTO "Subscriber" (email, status, frequency, "sendHour", "sendWeekday", "timeZone", "linkKey", "confirmedAt", "createdAt")
    SELECT e, 'active', ${spec.frequency ?? 'daily'}::"Frequency", ${spec.sendHour ?? 7}, ${spec.sendWeekday ?? 1},
           (${zones}::text[])[1 + (n - 1) % ${zones.length}], md5(e || random()::text), ${confirmedAt}, ${confirmedAt}
    FROM unnest(${emails}::text[]) WITH ORDINALITY AS t(e, n)
    RETURNING id`;
  const ids = rows.map((row) => row.id);
  const [named] = await prisma.$queryRaw<Array<{ found: number }>>`SELECT count(*)::int AS found FROM "Topic" WHERE slug = ANY(${BROAD_TOPICS}::text[])`;
  if (named?.found !== BROAD_TOPICS.length) throw new Error(`world.ts: ${BROAD_TOPICS.length - (named?.found ?? 0)} of BROAD_TOPICS are no longer catalogue slugs`);
  await prisma.$executeRaw`
    INSERT INTO "Interest" ("subscriberId", "topicSlug", label)
    SELECT s.id, t.slug, t.name
    FROM unnest(${ids}::int[]) AS s(id)
    CROSS JOIN generate_series(0, ${(spec.topics ?? 2) - 1}) AS g(j)
    JOIN (SELECT slug, name, (row_number() OVER (ORDER BY position, slug)) - 1 AS k, count(*) OVER () AS size
          FROM "Topic" WHERE slug = ANY(${BROAD_TOPICS}::text[])) t
      ON t.k = (s.id + g.j) % t.size
    ON CONFLICT DO NOTHING`;
  return emails;
}

/** Replayable randomness for the delivery tests (one generator for tests and benches). */
export { seededRandom } from '../../../testkit/random.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
