// "What your topics find now", on the preferences page and the page a confirmation link opens: for
// each of the reader's topics, how many papers of the last NEW_WINDOW_DAYS it would bring on its
// own, with an example, or that it finds nothing. A topic typed in words the papers never use
// ("AutoML for architectures" on a corpus that says "neural architecture search") otherwise just
// never yields a digest, and the reader cannot tell a quiet week from a topic that cannot match.
import type { FastifyBaseLogger } from 'fastify';
import { NEW_WINDOW_DAYS, type TopicOutlook } from '../../matching/index.js';
import { quotedAlternatives } from '../../shared/wording.js';
import type { WebContext } from '../context.js';

export interface OutlookModel {
  days: number;
  topics: Array<{ label: string; summary: string; example?: string; suggestion?: string; unused?: string }>;
  /** Some topic finds nothing: the page says what to do about it. */
  someFindNothing: boolean;
  /** No topic finds anything: no digest goes out until one does (an empty digest is never sent). */
  allFindNothing: boolean;
}

/**
 * null when the reader has no topics, when it is not ready within the page's budget (the first page
 * a process shows: it goes on, and serves the next load), or when it failed (logged): the page is
 * shown without it.
 */
export async function outlookModel(ctx: WebContext, labels: string[], log: FastifyBaseLogger, notAsExamples: ReadonlySet<string> = new Set()): Promise<OutlookModel | null> {
  if (labels.length === 0) return null;
  // Half the budget for an up-to-date matcher, then the previous one's answer (preview.ts).
  const computed = ctx.outlooks.of(labels, EXAMPLES, { staleAfterMs: ctx.options.outlookBudgetMs / 2 }).then(
    (outlook) => ({ days: NEW_WINDOW_DAYS, topics: outlook.map((topic) => describe(topic, notAsExamples)), someFindNothing: outlook.some((topic) => topic.papers === 0), allFindNothing: outlook.every((topic) => topic.papers === 0) }),
    (error: unknown) => {
      log.error({ err: error }, 'could not compute what the topics find');
      return null;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ctx.options.outlookBudgetMs)));
  try {
    return await Promise.race([computed, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Examples asked for per topic: the first the reader may still be sent (not rated, not liked) is
 * shown. Their topic was shown by the very paper they had marked less like this ("such as
 * 'Improving Diffusion Models…'"), or by their own favourite.
 */
const EXAMPLES = 3;

function describe(topic: TopicOutlook, notAsExamples: ReadonlySet<string>): OutlookModel['topics'][number] {
  if (topic.papers === 0) {
    // The words as the page shows them (“misinformation”); the template escapes them.
    const unused = topic.unused ? quotedAlternatives(topic.unused, '“', '”') : undefined;
    return { label: topic.label, summary: 'nothing at the moment', ...(topic.suggestion ? { suggestion: topic.suggestion } : {}), ...(unused ? { unused } : {}) };
  }
  const count = topic.more ? `${topic.papers} or more papers` : topic.papers === 1 ? '1 paper' : `${topic.papers} papers`;
  const example = topic.examples.find((title) => !notAsExamples.has(title));
  return { label: topic.label, summary: count, ...(example !== undefined ? { example } : {}) };
}
