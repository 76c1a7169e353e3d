// A subscriber's topics: catalogue topics and free text of their own. What a label names is
// decided by the matching domain's one owner of topics (matching/topics.ts); lists are split by its
// one rule, whether they come from the web form, the CLI or a CSV file.
import { z } from 'zod';
import type { PrismaClient } from '../db/index.js';
import { defaultTopicCatalogue, splitTopicList, type ResolvedInterest } from '../matching/index.js';
import { isLink, parsePaperRef } from './paper-ref.js';

export const MAX_TOPICS = 20;
export const MAX_TOPIC_LENGTH = 80;

export const topicLabelField = z
  .string()
  .transform((value) => value.replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      // Named, since a list is split first: in `--topic "graph neural networks; x"` the culprit is "x".
      .min(2, { error: (issue) => `${JSON.stringify(issue.input)} is too short: a topic needs at least 2 characters` })
      .max(MAX_TOPIC_LENGTH, `a topic has at most ${MAX_TOPIC_LENGTH} characters`)
      // Control characters have no place in a topic and would end up in mail headers and logs.
      .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'a topic cannot contain control characters')
      // Kept as words, a paper's link or id found nothing ("no paper uses https, arxiv, org or abs")
      // and nothing said where it belongs.
      .refine((value) => !namesAPaper(value), { error: (issue) => `${JSON.stringify(issue.input)} names a paper, not a topic: give it as a paper you like instead` }),
  );

/**
 * A link, an arXiv id or a DOI: what names one paper, not a subject. Read as a liked paper is read
 * (paper-ref.ts), and any DOI besides arXiv's; a bare number is no paper here (a topic "2024").
 */
function namesAPaper(value: string): boolean {
  return parsePaperRef(value).kind === 'arxiv' || isLink(value) || /^(doi:\s*)?10\.\d{4,9}\/\S+$/i.test(value);
}

/** Each given string may itself be a list ("LLM; diffusion"): one splitting rule everywhere. */
const topicList = (labels: z.ZodArray<typeof topicLabelField>) =>
  z
    .array(z.string())
    .transform((values) => values.flatMap(splitTopicList))
    .pipe(labels.max(MAX_TOPICS, `at most ${MAX_TOPICS} topics`).transform(dedupeCaseInsensitive));

/** At least one topic. `none`: what is said when there is none (a form with a field for liked papers says that they would do). */
export const requiredTopicList = (none = 'choose at least one topic') => topicList(z.array(topicLabelField).min(1, none));

export const topicListField = requiredTopicList();

/** For a reader who also gave papers they like: no topic at all is then fine. */
export const optionalTopicListField = topicList(z.array(topicLabelField));

export type { ResolvedInterest };

/**
 * Maps each label to the catalogue topic(s) it names (matching/topics.ts), else keeps it as free
 * text, unless it names a topic row that left the vocabulary without a retirement entry.
 */
export async function resolveInterests(prisma: PrismaClient, labels: string[]): Promise<ResolvedInterest[]> {
  const resolved = defaultTopicCatalogue().resolve(labels);
  if (resolved.every((interest) => interest.topicSlug !== null)) return resolved;
  const leftovers = await prisma.topic.findMany({ select: { slug: true, name: true } });
  const byKey = new Map<string, { slug: string; name: string }>();
  for (const topic of leftovers) for (const key of [topic.slug, topic.name]) byKey.set(key.toLowerCase(), topic);
  const interests = resolved.map((interest) => {
    const topic = interest.topicSlug === null ? byKey.get(interest.label.toLowerCase()) : undefined;
    return topic ? { topicSlug: topic.slug, label: topic.name } : interest;
  });
  return dedupeBy(interests, (interest) => interest.label.toLowerCase());
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
