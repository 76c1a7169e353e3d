// A subscriber's topics: catalogue topics (by slug or name) and free text of their own.
import { z } from 'zod';
import type { PrismaClient } from '../db/index.js';

export const MAX_TOPICS = 20;
export const MAX_TOPIC_LENGTH = 80;

export const topicLabelField = z
  .string()
  .transform((value) => value.replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .min(2, 'a topic needs at least 2 characters')
      .max(MAX_TOPIC_LENGTH, `a topic has at most ${MAX_TOPIC_LENGTH} characters`)
      // Control characters have no place in a topic and would end up in mail headers and logs.
      .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'a topic cannot contain control characters'),
  );

export const topicListField = z
  .array(topicLabelField)
  .min(1, 'choose at least one topic')
  .max(MAX_TOPICS, `at most ${MAX_TOPICS} topics`)
  .transform(dedupeCaseInsensitive);

/** For a reader who also gave papers they like: no topic at all is then fine. */
export const optionalTopicListField = z.array(topicLabelField).max(MAX_TOPICS, `at most ${MAX_TOPICS} topics`).transform(dedupeCaseInsensitive);

export interface ResolvedInterest {
  topicSlug: string | null;
  label: string;
}

/** Maps each label to a catalogue topic when it names one (by slug or name), else keeps it as free text. */
export async function resolveInterests(prisma: PrismaClient, labels: string[]): Promise<ResolvedInterest[]> {
  const catalogue = await prisma.topic.findMany({ select: { slug: true, name: true } });
  const byKey = new Map<string, { slug: string; name: string }>();
  for (const topic of catalogue) {
    byKey.set(topic.slug.toLowerCase(), topic);
    byKey.set(topic.name.toLowerCase(), topic);
  }
  const resolved = labels.map((label) => {
    const topic = byKey.get(label.toLowerCase());
    return topic ? { topicSlug: topic.slug, label: topic.name } : { topicSlug: null, label };
  });
  return dedupeBy(resolved, (interest) => interest.label.toLowerCase());
}

function dedupeCaseInsensitive(values: string[]): string[] {
  return dedupeBy(values, (value) => value.toLowerCase());
}

function dedupeBy<T>(values: T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
