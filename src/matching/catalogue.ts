// The topic catalogue and the synonym table live in vocabulary.json (data, not code). The catalogue
// is mirrored into the Topic table so that the web pages and the API serve it from the database;
// the matcher reads the file itself because the table keeps only the phrases, not their roles.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { PrismaClient } from '../db/index.js';

const phraseSchema = z.union([
  z.string().min(1),
  z.object({ phrase: z.string().min(1), unless: z.array(z.string().min(1)).default([]) }),
]);

const topicSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  description: z.string().default(''),
  /** Other names a reader may type for this topic. */
  aliases: z.array(z.string().min(1)).default([]),
  /** The phrases that define the topic. */
  phrases: z.array(phraseSchema).min(1),
  /** Phrases that suggest the topic; they count half. */
  related: z.array(phraseSchema).default([]),
});

/** A topic that left the catalogue: renamed to another slug, or split into several topics. */
const retiredSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  replacedBy: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
});

const vocabularySchema = z
  .object({
    about: z.string().optional(),
    /** Statements abstracts make about themselves ("code is available"): their words are not evidence there. */
    boilerplate: z.array(z.string().min(1)).default([]),
    /** Groups of equivalent terms: an acronym and its expansions. */
    synonyms: z.array(z.array(z.string().min(1)).min(2)).default([]),
    topics: z.array(topicSchema),
    retired: z.array(retiredSchema).default([]),
  })
  .superRefine((vocabulary, context) => {
    const slugs = new Set(vocabulary.topics.map((topic) => topic.slug));
    for (const retired of vocabulary.retired) {
      if (slugs.has(retired.slug)) context.addIssue({ code: 'custom', message: `retired topic ${retired.slug} is still in the catalogue` });
      for (const slug of retired.replacedBy) if (!slugs.has(slug)) context.addIssue({ code: 'custom', message: `retired topic ${retired.slug} is replaced by unknown ${slug}` });
    }
  });

export type Vocabulary = z.infer<typeof vocabularySchema>;
export type CatalogueTopic = Vocabulary['topics'][number];
export type PhraseSpec = z.infer<typeof phraseSchema>;
export type RetiredTopic = Vocabulary['retired'][number];

export const VOCABULARY_FILE = path.join(import.meta.dirname, 'vocabulary.json');

export function loadVocabulary(file: string = VOCABULARY_FILE): Vocabulary {
  return vocabularySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

let cached: Vocabulary | undefined;

/** The shipped vocabulary, read once per process. */
export function defaultVocabulary(): Vocabulary {
  return (cached ??= loadVocabulary());
}

export const phraseText = (spec: PhraseSpec): string => (typeof spec === 'string' ? spec : spec.phrase);

/**
 * Keeps the Topic table in step with the file: upserts every catalogue topic, moves the readers of
 * retired topics to the topics that replace them (a split topic's readers get each part), then
 * deletes the retired rows, and relabels stored interests with their topic's current name (readers
 * are stored by slug; a renamed topic keeps them). Topics that vanished from the file without a
 * retirement entry are kept, with their stored phrases, so that nobody's interest breaks.
 */
export async function syncCatalogue(prisma: PrismaClient, vocabulary: Vocabulary = defaultVocabulary()): Promise<void> {
  const names = new Map(vocabulary.topics.map((topic) => [topic.slug, topic.name]));
  const wanted = vocabulary.topics.map((topic, position) => ({
    slug: topic.slug,
    name: topic.name,
    description: topic.description,
    phrases: [...topic.phrases, ...topic.related].map(phraseText),
    position,
  }));
  // Every command runs this at start. Rewriting rows already in step made concurrent commands
  // queue on the same row locks, past the transaction's 5 s under load: six `subscribe`s at once
  // on PostgreSQL failed with a stack trace, their readers not added. Reading first writes nothing.
  if (await inStep(prisma, wanted, vocabulary.retired.map((retired) => retired.slug))) return;
  await prisma.$transaction([
    ...wanted.map(({ slug, ...fields }) => prisma.topic.upsert({ where: { slug }, create: { slug, ...fields }, update: fields })),
    ...vocabulary.retired.flatMap((retired) => [
      ...retired.replacedBy.map(
        (slug) => prisma.$executeRaw`
          INSERT INTO "Interest" ("subscriberId", "topicSlug", label)
          SELECT DISTINCT i."subscriberId", ${slug}, ${names.get(slug)!} FROM "Interest" i WHERE i."topicSlug" = ${retired.slug}
          ON CONFLICT ("subscriberId", label) DO NOTHING`,
      ),
      prisma.$executeRaw`DELETE FROM "Interest" WHERE "topicSlug" = ${retired.slug}`,
      prisma.$executeRaw`DELETE FROM "Topic" WHERE slug = ${retired.slug}`,
    ]),
    // A reader who also typed the new name as their own words keeps one interest, the catalogue's.
    prisma.$executeRaw`
      DELETE FROM "Interest" own USING "Interest" i JOIN "Topic" t ON t.slug = i."topicSlug"
      WHERE own."subscriberId" = i."subscriberId" AND own.id <> i.id AND lower(own.label) = lower(t.name) AND i.label <> t.name`,
    prisma.$executeRaw`
      UPDATE "Interest" i SET label = t.name FROM "Topic" t WHERE t.slug = i."topicSlug" AND i.label <> t.name`,
  ]);
}

type TopicRow = { slug: string; name: string; description: string; phrases: string[]; position: number };

/** The Topic table holds the vocabulary exactly, no retired topic is left, and every label follows its topic's name. */
async function inStep(prisma: PrismaClient, wanted: TopicRow[], retired: string[]): Promise<boolean> {
  const rows = await prisma.topic.findMany({ select: { slug: true, name: true, description: true, phrases: true, position: true } });
  const stored = new Map(rows.map((row) => [row.slug, row]));
  const same = (want: TopicRow) => {
    const row = stored.get(want.slug);
    return row !== undefined && row.name === want.name && row.description === want.description && row.position === want.position && row.phrases.join('\u0000') === want.phrases.join('\u0000');
  };
  if (!wanted.every(same) || retired.some((slug) => stored.has(slug))) return false;
  const [left] = await prisma.$queryRaw<Array<{ stale: boolean }>>`
    SELECT EXISTS (SELECT 1 FROM "Interest" i JOIN "Topic" t ON t.slug = i."topicSlug" WHERE i.label <> t.name)
        OR EXISTS (SELECT 1 FROM "Interest" WHERE "topicSlug" = ANY(${retired}::text[])) AS stale`;
  return left?.stale === false;
}

/** A catalogue topic as the forms list it: the Topic rows syncCatalogue keeps, in catalogue order. */
export interface CatalogueEntry {
  slug: string;
  name: string;
  description: string;
}

export function listCatalogue(prisma: PrismaClient): Promise<CatalogueEntry[]> {
  return prisma.topic.findMany({ select: { slug: true, name: true, description: true }, orderBy: [{ position: 'asc' }, { slug: 'asc' }] });
}
