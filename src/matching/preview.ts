// A preview: what a reader would get now, with each ranked paper's row. One use case behind both
// `paperboy preview` (the ranking, with scores and reasons) and `paperboy render` (the digest itself).
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
