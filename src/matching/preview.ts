// A preview: what a reader would get now, with each ranked paper's row. One use case behind both
// `paperboy preview` (the ranking, with scores and reasons) and `paperboy render` (the digest itself);
// and, per topic, what each of a reader's topics finds now, for the web pages (topicOutlooks).
import type { PaperRecord } from '../corpus/index.js';
import type { PrismaClient, SubscriberStatus } from '../db/index.js';
import { createMatcher, type RankedPaper } from './matcher.js';
import { loadCorpusWords, respell, type CorpusWords } from './respell.js';
import { trendingDaysFor } from './signals.js';
import { defaultTopicCatalogue } from './topics.js';
import { unusedWords } from './unused-words.js';
import { newWindowSince } from './weights.js';

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
  /** When nothing was found: topics that a respelling makes find papers ("difusion" → "diffusion"). */
  respellings: Respelling[];
  /** When nothing was found: each topic in the reader's own words with the words no paper of the window uses. */
  unused: UnusedWords[];
  /** For a subscriber: their status, since one who is not active gets no digest at all now. */
  status?: SubscriberStatus;
}

export interface Respelling {
  topic: string;
  suggestion: string;
}

export interface UnusedWords {
  topic: string;
  /** As typed, in order: e.g. ["misinformation"] of "misinformation detection". */
  words: string[];
}

export interface PreviewOptions {
  now: Date;
  /** How many papers; by default a subscriber's own digest size, else DEFAULT_PREVIEW_LIMIT. */
  limit?: number;
  /** For topics: the reader whose digest it previews (a subscriber's own are read from their row). */
  reader?: { timeZone: string; frequency: 'daily' | 'weekly' };
}

/** Papers in a preview of topics, as in a new reader's digest (their default size). */
export const DEFAULT_PREVIEW_LIMIT = 10;

/** The preview for a target as of `now`; null when `emailKey` names no subscriber. */
export async function previewFor(prisma: PrismaClient, target: { topics: string[] }, options: PreviewOptions): Promise<Preview>;
export async function previewFor(prisma: PrismaClient, target: PreviewTarget, options: PreviewOptions): Promise<Preview | null>;
export async function previewFor(prisma: PrismaClient, target: PreviewTarget, options: PreviewOptions): Promise<Preview | null> {
  const matcher = createMatcher(prisma, { now: options.now });
  let topics: string[];
  let status: SubscriberStatus | undefined;
  let pick;
  if ('emailKey' in target) {
    const subscriber = await prisma.subscriber.findUnique({
      where: { emailKey: target.emailKey },
      select: { id: true, status: true, timeZone: true, frequency: true, digestSize: true, interests: { select: { label: true }, orderBy: { id: 'asc' } } },
    });
    if (!subscriber) return null;
    topics = subscriber.interests.map((interest) => interest.label);
    status = subscriber.status;
    // Their trending section as their digest has it: its period, and "last listed" in their zone.
    // As many as their digest holds: a reader of 5 was shown 10, half of them papers they would not get.
    pick = await matcher.pick({ subscriberId: subscriber.id, topics, limit: options.limit ?? subscriber.digestSize, ...readerTrending(subscriber) });
  } else {
    // As a new reader with these topics would have them stored: "LLM" is the catalogue's "Large
    // language models", which the papers' reasons name, so the digest's "Your topics" and its
    // "No papers today on …" line agree with them (as typed, every catalogue topic given by
    // another name was called quiet while its papers filled the digest).
    topics = defaultTopicCatalogue().resolve(target.topics).map((interest) => interest.label);
    pick = await matcher.rank(topics, options.limit ?? DEFAULT_PREVIEW_LIMIT, options.reader ? readerTrending(options.reader) : {});
  }
  // Loaded when a preview runs: the corpus index brings the database store, which `--help` and the
  // forms that import matching for topic names must not load.
  const { loadPapers } = await import('../corpus/index.js');
  const byId = await loadPapers(prisma, [...pick.papers, ...pick.trending].map((item) => item.paperId));
  const withRows = (ranked: RankedPaper[]) => ranked.flatMap((item) => (byId.has(item.paperId) ? [{ ranked: item, paper: byId.get(item.paperId)! }] : []));
  const papers = withRows(pick.papers);
  const findsNothing = papers.length === 0 && !('emailKey' in target);
  const respellings = findsNothing ? await respellingsOf(matcher, prisma, options.now, topics) : [];
  const unused = findsNothing ? await unusedWordsOf(prisma, options.now, topics) : [];
  return { topics, papers, trending: withRows(pick.trending), respellings, unused, ...(status ? { status } : {}) };
}

type Matcher = ReturnType<typeof createMatcher>;

const readerTrending = (reader: { timeZone: string; frequency: 'daily' | 'weekly' }) => ({
  timeZone: reader.timeZone,
  trendingDays: trendingDaysFor(`${reader.frequency}:`),
});

async function respellingsOf(matcher: Matcher, prisma: PrismaClient, now: Date, topics: string[]): Promise<Respelling[]> {
  const words = await loadCorpusWords(prisma, newWindowSince(now));
  const found = await Promise.all(topics.map((topic) => respellingThatFinds(matcher, words, topic)));
  return found.flatMap((suggestion, i) => (suggestion ? [{ topic: topics[i]!, suggestion }] : []));
}

async function unusedWordsOf(prisma: PrismaClient, now: Date, topics: string[]): Promise<UnusedWords[]> {
  const found = await Promise.all(topics.map((topic) => unusedWordsOfOwn(prisma, topic, newWindowSince(now))));
  return found.flatMap((words, i) => (words.length > 0 ? [{ topic: topics[i]!, words }] : []));
}

/**
 * A topic in the reader's own words: the words of it no paper of the window uses. A catalogue
 * topic's name is no word of the reader's (its phrases are searched, not its name): none.
 */
async function unusedWordsOfOwn(prisma: PrismaClient, topic: string, since: Date): Promise<string[]> {
  return defaultTopicCatalogue().slugsOf(topic).length > 0 ? [] : unusedWords(prisma, topic, since);
}

/**
 * The topic respelled with words the papers use, when that finds a paper on the whole of it; null
 * otherwise. A paper on part of its words is no evidence: "quantum error correction" (a subject the
 * window lacked) was "corrected" to "quantum error collection", which "finds papers" on "error".
 */
async function respellingThatFinds(matcher: Matcher, words: CorpusWords, topic: string): Promise<string | null> {
  const suggestion = respell(topic, words);
  if (!suggestion) return null;
  const { papers } = await matcher.rank([suggestion], OUTLOOK_CAP);
  return papers.some((paper) => paper.reasons.some((reason) => reason.kind === undefined && !reason.partial)) ? suggestion : null;
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
  /** When it finds nothing: the topic respelled with words the papers use, if that finds papers. */
  suggestion?: string;
  /** When it finds nothing: the words of it (the reader's own) that no paper of the window uses. */
  unused?: string[];
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
  of(labels: string[], examples: number, options?: OutlookOptions): Promise<TopicOutlook[]>;
  /**
   * Loads the window's statistics ahead of the first page that needs them, with the first of the
   * topics readers follow most, `followed` (the catalogue's first when nobody follows any): `serve`
   * calls it once it listens.
   */
  warm(followed: string[]): Promise<void>;
}

export interface OutlookOptions {
  /**
   * When the matcher must be replaced (it is past its age, or papers were stored since), how long to
   * wait for its successor before answering with it anyway: a page then shows the outlook of a
   * matcher seconds out of date rather than none. Unset: wait for the successor.
   */
  staleAfterMs?: number;
}

type Generation = { matcher: Matcher; builtAt: number; latestPaper: number; outlooks: Map<string, Promise<TopicOutlook>>; words: () => Promise<CorpusWords> };

/** How many of the most followed topics `warm` computes: the pages of their readers then answer at once. */
export const WARM_TOPICS = 3;

/**
 * Outlooks for web pages. A matcher's first ranking loads the window's statistics (on 35,000 papers
 * about 4 s; each further topic 10 ms to 1 s), so one matcher is shared by every page for
 * OUTLOOK_MATCHER_AGE_MS, and replaced sooner when a paper was stored since it was built (an ingest,
 * in this process or another): else a topic that only the new paper matches reads "nothing at the
 * moment" for minutes while a digest would bring it. The matcher it replaces answers (staleAfterMs)
 * while its successor loads them: else the page a confirmation link opens, the first after a quiet
 * ten minutes or an ingest, waited out its budget and was shown without the outlook.
 */
export function topicOutlooks(prisma: PrismaClient, clock: { now(): Date }, maxAgeMs = OUTLOOK_MATCHER_AGE_MS): TopicOutlooks {
  let current: Generation | null = null;
  let next: Promise<Generation> | null = null;
  /** The matcher to answer with, and the one that replaces it when it must be replaced. */
  const generations = async (labels: string[], examples: number): Promise<{ now: Generation | null; next: Promise<Generation> | null }> => {
    const now = clock.now();
    // The newest paper's id (the primary key's index: one page read) tells whether papers came since.
    const latestPaper = (await prisma.paper.aggregate({ _max: { id: true } }))._max.id ?? 0;
    if (current && now.getTime() - current.builtAt <= maxAgeMs && latestPaper === current.latestPaper) return { now: current, next: null };
    if (!next) {
      let words: Promise<CorpusWords> | undefined;
      // Loaded only when some topic finds nothing, once per generation.
      const corpusWords = () => (words ??= loadCorpusWords(prisma, newWindowSince(now)));
      const built: Generation = { matcher: createMatcher(prisma, { now }), builtAt: now.getTime(), latestPaper, outlooks: new Map(), words: corpusWords };
      // Ready once these topics are ranked (which loads the statistics); taken even if that failed:
      // a failed outlook is retried by the next page.
      next = Promise.allSettled(outlooksIn(built, labels, examples)).then(() => {
        [current, next] = [built, null];
        return built;
      });
    }
    return { now: current, next };
  };
  const outlookOf = async ({ matcher, words, builtAt }: Generation, label: string, examples: number): Promise<TopicOutlook> => {
    const papers = (await matcher.rank([label], OUTLOOK_CAP)).papers;
    if (papers.length === 0) {
      const [suggestion, unused] = await Promise.all([respellingThatFinds(matcher, await words(), label), unusedWordsOfOwn(prisma, label, newWindowSince(new Date(builtAt)))]);
      return { label, papers: 0, more: false, examples: [], ...(suggestion ? { suggestion } : {}), ...(unused.length > 0 ? { unused } : {}) };
    }
    const ids = papers.slice(0, examples).map((paper) => paper.paperId);
    const titles = new Map((await prisma.paper.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } })).map((paper) => [paper.id, paper.title]));
    return { label, papers: papers.length, more: papers.length >= OUTLOOK_CAP, examples: ids.flatMap((id) => titles.get(id) ?? []) };
  };
  const outlooksIn = (generated: Generation, labels: string[], examples: number) =>
    labels.map((label) => {
      // Kept as a promise: a page asking again while it is computed waits for the same one,
      // and once it is settled the answer is immediate.
      const key = `${examples}\n${label}`;
      let outlook = generated.outlooks.get(key);
      if (!outlook) {
        generated.outlooks.set(key, (outlook = outlookOf(generated, label, examples)));
        outlook.catch(() => generated.outlooks.delete(key)); // a failure is retried by the next page
      }
      return outlook;
    });
  const of = async (labels: string[], examples: number, options: OutlookOptions = {}): Promise<TopicOutlook[]> => {
    const { now, next } = await generations(labels, examples);
    const answer = (generated: Generation) => Promise.all(outlooksIn(generated, labels, examples));
    if (!next) return answer(now!);
    const fresh = next.then(answer);
    if (!now || options.staleAfterMs === undefined) return fresh;
    // Both at once: the previous matcher has most of these ready, the new one may take seconds.
    const stale = answer(now);
    // The one not returned may still fail: seen here, not as an unhandled rejection that ends the process.
    for (const answered of [fresh, stale]) answered.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), options.staleAfterMs)));
    try {
      const first = await Promise.race([fresh, late]);
      return first === 'late' ? stale : first;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    of,
    async warm(followed) {
      const labels = followed.length > 0 ? followed.slice(0, WARM_TOPICS) : defaultTopicCatalogue().vocabulary.topics.slice(0, 1).map((topic) => topic.name);
      // The pages ask for one example per topic (web/routes/topic-outlook.ts).
      await of(labels, 1);
    },
  };
}
