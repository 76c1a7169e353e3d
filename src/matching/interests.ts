// Turns a reader's topic labels into queries. What a label names is decided by the one owner of
// topics (topics.ts): a catalogue topic uses its curated phrases (a retired, split topic names each
// of its parts); a topic that left vocabulary.json without a retirement entry but is still in the
// Topic table keeps its stored phrases; any other label is free text, expanded with the same
// synonym table.
import type { PrismaClient } from '../db/index.js';
import type { Vocabulary } from './catalogue.js';
import { catalogueQuery, comparableKey, conceptFor, freeTextQuery, wordConcepts, type TopicQuery } from './concepts.js';
import { TopicCatalogue } from './topics.js';

export interface StoredTopic {
  slug: string;
  name: string;
  phrases: string[];
}

export class InterestResolver {
  private readonly catalogue: TopicCatalogue;
  private readonly bySlug = new Map<string, TopicQuery>();
  private readonly storedByKey = new Map<string, TopicQuery>();
  /**
   * Each label's queries, resolved once: a label resolves the same way for the resolver's whole life
   * (the matcher keeps one per run, or per page's short-lived matcher), and readers share labels;
   * resolving them again for every reader was about 0.7 ms a reader in a profile of 100,000 (round
   * 28). Grows with distinct labels, as the matcher's topic rankings do.
   */
  private readonly resolved = new Map<string, TopicQuery[]>();

  constructor(
    private readonly vocabulary: Vocabulary,
    storedTopics: StoredTopic[] = [],
  ) {
    this.catalogue = new TopicCatalogue(vocabulary);
    for (const topic of storedTopics) {
      const query: TopicQuery = {
        label: topic.name,
        key: `catalogue:${topic.slug}`,
        concepts: [...wordConcepts(topic.name, vocabulary), ...topic.phrases.map((phrase) => conceptFor(phrase, 'defining', vocabulary))],
      };
      for (const name of [topic.slug, topic.name]) this.storedByKey.set(comparableKey(name), query);
    }
    for (const topic of vocabulary.topics) this.bySlug.set(topic.slug, catalogueQuery(topic, vocabulary));
  }

  /** The queries a label stands for: one, or one per part of a catalogue topic that was split. */
  resolveAll(label: string): TopicQuery[] {
    let queries = this.resolved.get(label);
    if (!queries) this.resolved.set(label, (queries = this.resolveAfresh(label)));
    return queries;
  }

  private resolveAfresh(label: string): TopicQuery[] {
    const queries = this.catalogue.slugsOf(label).flatMap((slug) => this.bySlug.get(slug) ?? []);
    if (queries.length > 0) return queries;
    return [this.storedByKey.get(comparableKey(label)) ?? freeTextQuery(label, this.vocabulary)];
  }

  /** The first query of resolveAll; catalogue queries keep the label the reader knows (the topic's name). */
  resolve(label: string): TopicQuery {
    return this.resolveAll(label)[0]!;
  }
}

export async function storedTopics(prisma: PrismaClient): Promise<StoredTopic[]> {
  return prisma.topic.findMany({ select: { slug: true, name: true, phrases: true } });
}
