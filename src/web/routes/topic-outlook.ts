// The preferences page's "What your topics find now": for each of the reader's topics, how many
// papers of the last NEW_WINDOW_DAYS it would bring on its own, with an example, or that it finds
// nothing. A topic typed in words the papers never use ("AutoML for architectures" on a corpus that
// says "neural architecture search") otherwise just never yields a digest, and the reader cannot
// tell a quiet week from a topic that cannot match.
import type { FastifyBaseLogger } from 'fastify';
import type { App } from '../../app.js';
import { NEW_WINDOW_DAYS, topicOutlook, type TopicOutlook } from '../../matching/index.js';

export interface OutlookModel {
  days: number;
  topics: Array<{ label: string; summary: string; example?: string }>;
  /** Some topic finds nothing: the page says what to do about it. */
  someFindNothing: boolean;
}

/** null when the reader has no topics, or when it could not be computed (logged: the page still works). */
export async function outlookModel(app: App, labels: string[], log: FastifyBaseLogger): Promise<OutlookModel | null> {
  if (labels.length === 0) return null;
  try {
    const outlook = await topicOutlook(app.prisma, labels, { now: app.clock.now(), examples: 1 });
    return { days: NEW_WINDOW_DAYS, topics: outlook.map(describe), someFindNothing: outlook.some((topic) => topic.papers === 0) };
  } catch (error) {
    log.error({ err: error }, 'preferences page: could not compute what the topics find');
    return null;
  }
}

function describe(topic: TopicOutlook): OutlookModel['topics'][number] {
  if (topic.papers === 0) {
    return { label: topic.label, summary: 'nothing at the moment' };
  }
  const count = topic.more ? `${topic.papers} or more papers` : topic.papers === 1 ? '1 paper' : `${topic.papers} papers`;
  return { label: topic.label, summary: count, example: topic.examples[0] };
}
