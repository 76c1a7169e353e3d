// A preview: what a reader would get now, with each ranked paper's row. One use case behind both
// `paperboy preview` (the ranking, with scores and reasons) and `paperboy render` (the digest itself);
// and, per topic, what each of a reader's topics finds now, for the web pages (topicOutlooks).
import type { PaperRecord } from '../corpus/index.js';
import type { PrismaClient } from '../db/index.js';
import { createMatcher, type RankedPaper } from './matcher.js';

/**
 * A new reader with these topics, or a subscriber as they are (topics, liked papers, marks, papers
 * sent), found by `emailKey`: their key as subscriptions' `subscriberKey` makes it, so any case typed finds them.
 */
export type PreviewTarget = { topics: string[] } | { emailKey: string };

export interface PreviewPaper {
  ranked: RankedPaper;
  paper: PaperRecord;
}

export interface Preview {
  /** The topics the ranking was for: those given, or the subscriber's. */
  topics: string[];
  papers: PreviewPaper[];
  trending: PreviewPaper[];
}

/** The preview for a target as of `now`; null when `emailKey` names no subscriber. */
export async function previewFor(prisma: PrismaClient, target: { topics: string[] }, options: { now: Date; limit: number }): Promise<Preview>;
export async function previewFor(prisma: PrismaClient, target: PreviewTarget, options: { now: Date; limit: number }): Promise<Preview | null>;
export async function previewFor(prisma: PrismaClient, target: PreviewTarget, options: { now: Date; limit: number }): Promise<Preview | null> {
  const matcher = createMatcher(prisma, { now: options.now });
  let topics: string[];
  let pick;
  if ('emailKey' in target) {
    const subscriber = await prisma.subscriber.findUnique({
      where: { emailKey: target.emailKey },
      select: { id: true, interests: { select: { label: true }, orderBy: { id: 'asc' } } },
    });
    if (!subscriber) return null;
    topics = subscriber.interests.map((interest) => interest.label);
    pick = await matcher.pick({ subscriberId: subscriber.id, topics, limit: options.limit });
  } else {
    topics = target.topics;
    pick = await matcher.rank(topics, options.limit);
  }
  // Loaded when a preview runs: the corpus index brings the database store, which `--help` and the
  // forms that import matching for topic names must not load.
  const { loadPapers } = await import('../corpus/index.js');
  const byId = await loadPapers(prisma, [...pick.papers, ...pick.trending].map((item) => item.paperId));
  const withRows = (ranked: RankedPaper[]) => ranked.flatMap((item) => (byId.has(item.paperId) ? [{ ranked: item, paper: byId.get(item.paperId)! }] : []));
  return { topics, papers: withRows(pick.papers), trending: withRows(pick.trending) };
}

/** What one of a reader's topics finds among the papers of the run's window (the last NEW_WINDOW_DAYS). */
export interface TopicOutlook {
  label: string;
  /** Papers it would bring now, counted up to OUTLOOK_CAP. */
  papers: number;
  /** true when there may be more than `papers`. */
  more: boolean;
  /** Its best papers' titles, best first. */
  examples: string[];
}

/** Counting stops here: a reader wants to know "nothing", "a few" or "plenty", not a total. */
export const OUTLOOK_CAP = 10;

/** How long one matcher serves outlooks: its statistics and each topic's ranking are reused meanwhile. */
export const OUTLOOK_MATCHER_AGE_MS = 10 * 60_000;

export interface TopicOutlooks {
  /**
   * Each topic on its own, as a new reader of that topic alone would get it now: so that a reader
   * sees which of their topics finds papers, and which finds nothing (words the papers never use),
   * instead of waiting for digests that never come.
   */
  of(labels: string[], examples: number): Promise<TopicOutlook[]>;
}

/**
 * Outlooks for web pages. A matcher's first ranking loads the window's statistics (on 35,000 papers
 * about 4 s; each further topic 10 ms to 1 s), so one matcher is shared by every page for
 * OUTLOOK_MATCHER_AGE_MS, and replaced sooner when a paper was stored since it was built (an ingest,
 * in this process or another): else a topic that only the new paper matches reads "nothing at the
 * moment" for minutes while a digest would bring it.
 */
export function topicOutlooks(prisma: PrismaClient, clock: { now(): Date }, maxAgeMs = OUTLOOK_MATCHER_AGE_MS): TopicOutlooks {
  let current: { matcher: ReturnType<typeof createMatcher>; builtAt: number; latestPaper: number; outlooks: Map<string, Promise<TopicOutlook>> } | null = null;
  const generation = async () => {
    const now = clock.now();
    // The newest paper's id (the primary key's index: one page read) tells whether papers came since.
    const latestPaper = (await prisma.paper.aggregate({ _max: { id: true } }))._max.id ?? 0;
    if (!current || now.getTime() - current.builtAt > maxAgeMs || latestPaper !== current.latestPaper) {
      current = { matcher: createMatcher(prisma, { now }), builtAt: now.getTime(), latestPaper, outlooks: new Map() };
    }
    return current;
  };
  const outlookOf = async (matcher: ReturnType<typeof createMatcher>, label: string, examples: number): Promise<TopicOutlook> => {
    const papers = (await matcher.rank([label], OUTLOOK_CAP)).papers;
    const ids = papers.slice(0, examples).map((paper) => paper.paperId);
    const titles = new Map((await prisma.paper.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } })).map((paper) => [paper.id, paper.title]));
    return { label, papers: papers.length, more: papers.length >= OUTLOOK_CAP, examples: ids.flatMap((id) => titles.get(id) ?? []) };
  };
  return {
    async of(labels, examples) {
      const { matcher, outlooks } = await generation();
      return Promise.all(
        labels.map((label) => {
          // Kept as a promise: a page asking again while it is computed waits for the same one,
          // and once it is settled the answer is immediate.
          const key = `${examples}\n${label}`;
          let outlook = outlooks.get(key);
          if (!outlook) {
            outlooks.set(key, (outlook = outlookOf(matcher, label, examples)));
            outlook.catch(() => outlooks.delete(key)); // a failure is retried by the next page
          }
          return outlook;
        }),
      );
    },
  };
}
