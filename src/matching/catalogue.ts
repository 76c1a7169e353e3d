// The topic catalogue and the synonym table live in vocabulary.json (data, not code). The catalogue
// is mirrored into the Topic table (catalogue-sync.ts) so that the web pages and the API serve it
// from the database; the matcher reads the file itself because the table keeps only the phrases,
// not their roles.
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

/** A catalogue topic as the forms list it: the Topic rows syncCatalogue keeps, in catalogue order. */
export interface CatalogueEntry {
  slug: string;
  name: string;
  description: string;
}

export function listCatalogue(prisma: PrismaClient): Promise<CatalogueEntry[]> {
  return prisma.topic.findMany({ select: { slug: true, name: true, description: true }, orderBy: [{ position: 'asc' }, { slug: 'asc' }] });
}
