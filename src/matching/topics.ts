// The one owner of what a topic is. Whatever a reader typed or ticked — on the web form, with
// `paperboy subscribe --topic`, in a CSV import, or in a stored interest the matcher reads — goes
// through here: a list is split by one rule (splitTopicList), and each label names a catalogue
// topic (by slug, name, alias or a retired topic's old name, ignoring case, hyphens and plurals:
// "LLM", "llms", "Large-language models") or is the reader's own words. The catalogue is
// vocabulary.json; syncCatalogue keeps the Topic table in step with it.
import { LRUCache } from 'lru-cache';
import { defaultVocabulary, type Vocabulary } from './catalogue.js';
import { comparableKey, variantsOf } from './concepts.js';
import { oneLine } from '../shared/text.js';

/** One rule for every list of topics: commas, semicolons and new lines separate topics. */
export function splitTopicList(text: string): string[] {
  return text
    .split(/[\n\r,;]+/)
    .map((topic) => topic.replace(/\s+/g, ' ').trim())
    .filter((topic) => topic !== '');
}

/** A reader's interest as stored: a catalogue topic (slug, and its name as label) or their own words. */
export interface ResolvedInterest {
  topicSlug: string | null;
  label: string;
}

/** How many resolved labels are remembered before starting afresh: bounded whatever readers type. */
const RESOLVED_LABELS_KEPT = 5_000;

export class TopicCatalogue {
  /** Comparable key → the catalogue slugs it names (several for a topic that was split). */
  private readonly byKey = new Map<string, string[]>();
  private readonly names = new Map<string, string>();
  /** Labels already resolved, as typed (the service's catalogue lives as long as the process). */
  private readonly resolved = new LRUCache<string, string[]>({ max: RESOLVED_LABELS_KEPT });

  constructor(readonly vocabulary: Vocabulary = defaultVocabulary()) {
    for (const topic of vocabulary.topics) this.names.set(topic.slug, topic.name);
    // Retired names first, so that a current topic's name or alias wins a clash.
    for (const retired of vocabulary.retired) {
      for (const name of [retired.slug, retired.name, ...retired.aliases]) this.byKey.set(comparableKey(name), retired.replacedBy);
    }
    for (const topic of vocabulary.topics) {
      for (const name of [topic.slug, topic.name, ...topic.aliases]) this.byKey.set(comparableKey(name), [topic.slug]);
    }
  }

  /**
   * The catalogue slugs a label names (none: it is the reader's own words). A label written with an
   * acronym or its expansion from the synonym table ("RAG", "retrieval-augmented generation") names
   * what either form names.
   */
  slugsOf(label: string): string[] {
    let slugs = this.resolved.get(label);
    if (!slugs) {
      // Working out a label's variants takes about a millisecond, and a CSV import repeats a few
      // labels thousands of times (it was a sixth of the import's time).
      slugs = this.lookUp(label);
      this.resolved.set(label, slugs);
    }
    return [...slugs];
  }

  private lookUp(label: string): string[] {
    for (const form of [label, ...variantsOf(label, this.vocabulary.synonyms)]) {
      const slugs = this.byKey.get(comparableKey(form));
      if (slugs) return slugs;
    }
    return [];
  }

  nameOf(slug: string): string | undefined {
    return this.names.get(slug);
  }

  /** The interests for what a reader gave, in their order, without repeats. */
  resolve(labels: string[]): ResolvedInterest[] {
    // One line each, without control or text-direction characters, whichever way it came in.
    const interests = labels.map(oneLine).filter((label) => label !== '').flatMap((label): ResolvedInterest[] => {
      const slugs = this.slugsOf(label);
      return slugs.length > 0 ? slugs.map((slug) => ({ topicSlug: slug, label: this.names.get(slug)! })) : [{ topicSlug: null, label }];
    });
    const seen = new Set<string>();
    return interests.filter((interest) => {
      const key = interest.topicSlug ?? `text:${comparableKey(interest.label)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}

let shipped: TopicCatalogue | undefined;

/** The catalogue of the shipped vocabulary, built once per process. */
export const defaultTopicCatalogue = (): TopicCatalogue => (shipped ??= new TopicCatalogue());
