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

const vocabularySchema = z.object({
  about: z.string().optional(),
  /** Groups of equivalent terms: an acronym and its expansions. */
  synonyms: z.array(z.array(z.string().min(1)).min(2)).default([]),
  topics: z.array(topicSchema),
});

export type Vocabulary = z.infer<typeof vocabularySchema>;
export type CatalogueTopic = Vocabulary['topics'][number];
export type PhraseSpec = z.infer<typeof phraseSchema>;

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

/** Upserts every catalogue topic; topics no longer in the file are kept (subscribers may use them). */
export async function syncCatalogue(prisma: PrismaClient, vocabulary: Vocabulary = defaultVocabulary()): Promise<void> {
  await prisma.$transaction(
    vocabulary.topics.map((topic, position) => {
      const fields = {
        name: topic.name,
        description: topic.description,
        phrases: [...topic.phrases, ...topic.related].map(phraseText),
        position,
      };
      return prisma.topic.upsert({ where: { slug: topic.slug }, create: { slug: topic.slug, ...fields }, update: fields });
    }),
  );
}
