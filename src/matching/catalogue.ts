// The topic catalogue lives in vocabulary.json (data, not code) and is mirrored into the Topic
// table, so that the web page and the API serve it from the database.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { PrismaClient } from '../db/index.js';

const vocabularySchema = z.object({
  topics: z.array(
    z.object({
      slug: z.string().regex(/^[a-z0-9-]+$/),
      name: z.string().min(1),
      description: z.string().default(''),
      phrases: z.array(z.string().min(1)).min(1),
    }),
  ),
});

export type Vocabulary = z.infer<typeof vocabularySchema>;

export const VOCABULARY_FILE = path.join(import.meta.dirname, 'vocabulary.json');

export function loadVocabulary(file: string = VOCABULARY_FILE): Vocabulary {
  return vocabularySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Upserts every catalogue topic; topics no longer in the file are kept (subscribers may use them). */
export async function syncCatalogue(prisma: PrismaClient, vocabulary: Vocabulary = loadVocabulary()): Promise<void> {
  await prisma.$transaction(
    vocabulary.topics.map((topic, position) =>
      prisma.topic.upsert({
        where: { slug: topic.slug },
        create: { ...topic, position },
        update: { name: topic.name, description: topic.description, phrases: topic.phrases, position },
      }),
    ),
  );
}
