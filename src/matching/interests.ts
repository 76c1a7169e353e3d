// Turns a reader's topic labels into queries. A label that names a catalogue topic (by name, slug
// or one of its aliases, ignoring case, hyphens and plurals) uses the topic's curated phrases; a
// topic that left vocabulary.json but is still in the Topic table keeps its stored phrases; any
// other label is free text, expanded with the same synonym table.
import type { PrismaClient } from '../db/index.js';
import type { Vocabulary } from './catalogue.js';
import { catalogueQuery, comparableKey, conceptFor, freeTextQuery, type TopicQuery } from './concepts.js';

export interface StoredTopic {
  slug: string;
  name: string;
  phrases: string[];
}

export class InterestResolver {
  private readonly byKey = new Map<string, TopicQuery>();

  constructor(
    private readonly vocabulary: Vocabulary,
    storedTopics: StoredTopic[] = [],
  ) {
    // Stored topics first, so that the file's definition wins for topics in both.
    for (const topic of storedTopics) {
      const query: TopicQuery = {
        label: topic.name,
        key: `catalogue:${topic.slug}`,
        concepts: topic.phrases.map((phrase) => conceptFor(phrase, 'defining', vocabulary)),
      };
      for (const name of [topic.slug, topic.name]) this.byKey.set(comparableKey(name), query);
    }
    for (const topic of vocabulary.topics) {
      const query = catalogueQuery(topic, vocabulary);
      for (const name of [topic.slug, topic.name, ...topic.aliases]) this.byKey.set(comparableKey(name), query);
    }
  }

  /** The query for a label; catalogue queries keep the label the reader knows (the topic's name). */
  resolve(label: string): TopicQuery {
    return this.byKey.get(comparableKey(label)) ?? freeTextQuery(label, this.vocabulary);
  }
}

export async function storedTopics(prisma: PrismaClient): Promise<StoredTopic[]> {
  return prisma.topic.findMany({ select: { slug: true, name: true, phrases: true } });
}
