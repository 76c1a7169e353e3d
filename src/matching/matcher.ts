// The matcher a send run uses: picks each subscriber's papers. One matcher lives for one run (one
// `now`), so everything that depends only on topics is computed once and shared: each distinct
// topic is searched once, each distinct set of topics is ranked once, and a subscriber costs one
// query (their "sent" ledger) plus an in-memory walk down their set's ranking.
import type { PrismaClient } from '../db/index.js';
import { localDay, notAfterToday } from '../shared/time.js';
import { defaultVocabulary, type Vocabulary } from './catalogue.js';
import type { TopicQuery } from './concepts.js';
import { InterestResolver, storedTopics } from './interests.js';
import { buildPool, expandPool, storePool, type PaperFactors, type PoolEntry, type RankedTopic, type StoredPool } from './pool.js';
import { describeMatch, type MatchReason } from './reasons.js';
import { buildCandidateIndex, loadReaderFeedback, ReaderModel, type ReaderFeedback } from './reader-model.js';
import { selectDigest, selectTrending } from './select.js';
import { freshness, hasTrendingSignal, isOldWork, loadSignals, trending, trendingEvidence, type PaperSignals } from './signals.js';
import { loadCorpusShape, loadDocumentFrequencies } from './stats.js';
import { rankTopicQuery, withLearnedAcronyms, type RunStatistics, type TopicRanking } from './topic-ranking.js';
import { newWindowSince, TRENDING_SECTION_SIZE } from './weights.js';

export interface PickInput {
  subscriberId: number;
  /** Interest labels in the subscriber's order (catalogue names or free text). */
  topics: string[];
  limit: number;
  /**
   * The trending section's papers must have been listed within this many days: a weekly digest's
   * week (the default, TRENDING.recentListingDays), TRENDING.dailySectionDays for a daily one.
   */
  trendingDays?: number;
  /**
   * The reader's time zone: a listing page is dated in UTC, so west of it a page can be dated the
   * reader's tomorrow; its evidence then says "last listed" on the reader's today (when it appeared
   * there), never a date after the digest's own.
   */
  timeZone?: string;
}

export interface ScoreParts {
  relevance: number;
  freshness: number;
  trending: number;
  /** What the reader's feedback added to relevance (reader-model.ts); absent without feedback. */
  feedback?: number;
}

export interface RankedPaper {
  paperId: number;
  score: number;
  reasons: MatchReason[];
  parts: ScoreParts;
  /** Old work newly listed (isOldWork): shown apart, never counted as new. */
  older: boolean;
}

/**
 * A picked paper as a delivery is built with it and stores it (DeliveryContent.papers holds a
 * list of these, in rank order, the trending section last; delivery/content.ts parses them).
 */
export interface ChosenPaper {
  paperId: number;
  score: number;
  reasons: MatchReason[];
  trending: boolean;
  /** Old work newly listed (isOldWork): shown apart, not counted as new. Absent: new. */
  older?: boolean;
}

export interface Pick {
  /** At most `limit` papers, best first, none ever sent to this subscriber before. */
  papers: RankedPaper[];
  /** At most 3 trending papers outside the subscriber's topics, also never sent before. */
  trending: RankedPaper[];
}

export interface Matcher {
  pick(input: PickInput): Promise<Pick>;
  /** The picks of many subscribers at once (one ledger query for all), in the order given. */
  pickMany(inputs: PickInput[]): Promise<Pick[]>;
  /**
   * What a new subscriber with these topics would get now: for previews and the evaluation. With
   * `reader`, their trending section as a digest in that zone and of that period shows it.
   */
  rank(topics: string[], limit: number, reader?: { timeZone?: string; trendingDays?: number }): Promise<Pick>;
}

export interface MatcherOptions {
  now: Date;
  vocabulary?: Vocabulary;
  /** "New" means first seen within this many days (default NEW_WINDOW_DAYS). */
  newWindowDays?: number;
  /** false: treat every label as free text, ignoring the catalogue (to measure what curation adds). */
  catalogue?: boolean;
  /** false: no other words learned from the corpus (to measure what expansion adds). */
  expansion?: boolean;
}

/** Pools are cut at this size; a subscriber who exhausts one gets a full ranking of their own. */
const POOL_SIZE = 300;
const TRENDING_LIST_SIZE = 300;
export const TRENDING_TOPIC = 'Trending';

interface RunData extends RunStatistics {
  signals: Map<number, PaperSignals>;
  /** Papers with a trending signal, most trending first. */
  trendingIds: number[];
}

export function createMatcher(prisma: PrismaClient, options: MatcherOptions): Matcher {
  const now = options.now;
  const since = newWindowSince(now, options.newWindowDays);
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  const memo = <T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>) => {
    let value = map.get(key);
    if (!value) {
      value = make();
      map.set(key, value);
      value.catch(() => map.delete(key)); // a failed query is retried by the next caller
    }
    return value;
  };
  const resolvers = new Map<string, Promise<InterestResolver>>();
  const resolver = () =>
    memo(resolvers, '', async () =>
      options.catalogue === false ? new InterestResolver({ ...vocabulary, topics: [], retired: [] }) : new InterestResolver(vocabulary, await storedTopics(prisma)),
    );
  const runs = new Map<string, Promise<RunData>>();
  const frequencies = new Map<string, Promise<Map<string, number>>>();
  const documentFrequencies = () => memo(frequencies, '', () => loadDocumentFrequencies(prisma, since));
  const runData = () => memo(runs, '', () => loadRunData(prisma, since, now, documentFrequencies));
  // Built on the first reader with feedback only: a run without any costs nothing more.
  const models = new Map<string, Promise<ReaderModel>>();
  const readerModel = () => memo(models, '', async () => new ReaderModel(await buildCandidateIndex(prisma, since)));
  const topicCache = new Map<string, Promise<TopicRanking>>();
  const poolCache = new Map<string, Promise<StoredPool>>();
  const texts = new Map<number, { title: string; abstract: string }>();
  /** Reasons depend on the topic and the paper only: computed once per pair in a run. */
  const reasonCache = new Map<string, MatchReason>();

  const matchesFor = (query: TopicQuery) =>
    memo(topicCache, query.key, async () => rankTopicQuery(prisma, await withLearnedAcronyms(prisma, query, vocabulary, since), await runData(), options.expansion !== false));

  async function setOf(labels: string[]) {
    const resolve = await resolver();
    const byKey = new Map<string, TopicQuery>();
    for (const query of labels.flatMap((label) => resolve.resolveAll(label))) {
      if (query.concepts.length > 0 && !byKey.has(query.key)) byKey.set(query.key, query);
    }
    // Sorted, so that every subscriber with the same topics shares one pool whatever their order.
    const queries = [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
    const topics = await Promise.all(queries.map(matchesFor));
    return { queries, topics, matches: topics.map((topic) => topic.matches), key: queries.map((q) => q.key).join('\n') };
  }

  async function choose(input: Omit<PickInput, 'subscriberId'>, isSent: (id: number) => boolean, feedback?: ReaderFeedback): Promise<Pick> {
    const { topics: labels, limit, trendingDays, timeZone } = input;
    const [set, data] = await Promise.all([setOf(labels), runData()]);
    if ((set.queries.length === 0 && !feedback) || limit <= 0) return { papers: [], trending: [] };
    const pool = expandPool(await memo(poolCache, set.key, async () => storePool(buildPool(set.topics, data.factors, POOL_SIZE, data.signals))), data.factors);
    const model = feedback ? await readerModel() : undefined;
    // With feedback, the reader's candidates are re-scored by their model (reader-model.ts), whose
    // second tier (papers only fairly close to what the reader wants) fills what places are left.
    // A paper the reader's topics cut off keeps its topic relevance for a reader with marks: their
    // marks may point at it, and both together are better evidence than the marks alone.
    const belowCut = (paperId: number) => set.topics.reduce((best, topic) => Math.max(best, topic.belowCut.get(paperId) ?? 0), 0);
    const candidates = (entries: PoolEntry[], withFill = false) => (model && feedback ? model.rerank(entries, feedback, { factors: data.factors, withFill, belowCut }) : entries);
    // A paper's age is counted in the reader's calendar days, as its date and the digest's are shown:
    // counted from the run's instant, a paper of 5 Nov was news at 07:00 in Tokyo and "more than 30
    // days before this digest" at 07:00 in Pago Pago, in digests both dated 5 Dec.
    const readerToday = timeZone ? localDay(now, timeZone) : undefined;
    const ageFrom = readerToday ?? now;
    const context = { limit, topicCount: set.queries.length, isSent, signals: data.signals, now: ageFrom };
    let entries = pool.entries;
    let selection = selectDigest(candidates(entries), context);
    if (selection.exhausted && pool.truncated) selection = selectDigest(candidates((entries = buildPool(set.topics, data.factors, Infinity, data.signals).entries)), context);
    if (selection.exhausted && model) selection = selectDigest(candidates(entries, true), context);
    const chosen = selection.entries;
    const trendingIds = selectTrending(data.trendingIds, {
      count: TRENDING_SECTION_SIZE,
      isSent: (id) => isSent(id) || (feedback?.excluded.has(id) ?? false),
      onReaderTopics: (id) => set.matches.some((matches) => matches.has(id)),
      chosen: chosen.map((entry) => entry.paperId),
      signals: data.signals,
      ...(trendingDays !== undefined ? { listedWithin: { days: trendingDays, now } } : {}),
    });
    await loadTexts([...chosen.map((entry) => entry.paperId), ...trendingIds]);
    return {
      papers: chosen.map((entry) => {
        const onTopics = reasonsFor(entry.paperId, set);
        const lifted = model && feedback && 'feedback' in entry && (entry.feedback as number) > 0;
        const like = lifted ? model.reason(entry.paperId, feedback, texts.get(entry.paperId) ?? { title: '', abstract: '' }, onTopics.length === 0) : null;
        return {
          paperId: entry.paperId,
          score: entry.score,
          parts: partsOf(entry),
          reasons: [...(like ? [like] : []), ...onTopics],
          older: isOldWork(data.signals.get(entry.paperId)!, ageFrom),
        };
      }),
      trending: trendingIds.map((id) => trendingPaper(id, data, readerToday)),
    };
  }

  function reasonsFor(paperId: number, set: { queries: TopicQuery[]; topics: TopicRanking[]; matches: Array<RankedTopic['matches']> }): MatchReason[] {
    const paper = texts.get(paperId) ?? { title: '', abstract: '' };
    return set.queries
      .map((query, index) => ({ query, concepts: set.topics[index]!.concepts, match: set.matches[index]!.get(paperId) }))
      .filter((item) => item.match !== undefined)
      .sort((a, b) => b.match!.relevance - a.match!.relevance)
      .map(({ query, concepts, match }) => {
        const key = `${query.key}\n${query.label}\n${paperId}`;
        let reason = reasonCache.get(key);
        if (!reason) reasonCache.set(key, (reason = describeMatch(query.label, concepts, match!.concepts, paper, match!)));
        return reason;
      });
  }

  function trendingPaper(paperId: number, data: RunData, readerToday?: Date): RankedPaper {
    const paper = data.signals.get(paperId)!;
    const factors = data.factors.get(paperId)!;
    const words = trendingEvidence(paper, readerToday);
    const listed = notAfterToday(paper.lastListedAt, readerToday);
    return {
      paperId,
      score: factors.trending,
      parts: { relevance: 0, freshness: factors.freshness, trending: factors.trending },
      reasons: [{ topic: TRENDING_TOPIC, words, ...(listed ? { listedOn: listed.toISOString().slice(0, 10) } : {}) }],
      older: false,
    };
  }

  async function loadTexts(ids: number[]) {
    const missing = [...new Set(ids)].filter((id) => !texts.has(id));
    if (missing.length === 0) return;
    const rows = await prisma.paper.findMany({ where: { id: { in: missing } }, select: { id: true, title: true, abstract: true } });
    for (const row of rows) texts.set(row.id, { title: row.title, abstract: row.abstract });
  }

  async function pickMany(inputs: PickInput[]): Promise<Pick[]> {
    const ids = [...new Set(inputs.map((input) => input.subscriberId))];
    const [ledgers, feedback] = await Promise.all([sentLedgers(prisma, ids, since), loadReaderFeedback(prisma, ids, since)]);
    const none = new Set<number>();
    return Promise.all(
      inputs.map((input) => {
        const sent = ledgers.get(input.subscriberId) ?? none;
        const reader = feedback.get(input.subscriberId);
        // A rated paper is treated as sent: it never comes back.
        return choose(input, (id) => sent.has(id) || (reader?.excluded.has(id) ?? false), reader);
      }),
    );
  }

  return {
    async pick(input) {
      const [pick] = await pickMany([input]);
      return pick!;
    },
    pickMany,
    rank(topics, limit, reader = {}) {
      return choose({ ...reader, topics, limit }, () => false);
    },
  };
}

const partsOf = (entry: PoolEntry & { feedback?: number }): ScoreParts => ({
  relevance: entry.relevance,
  freshness: entry.freshness,
  trending: entry.trending,
  ...(entry.feedback !== undefined ? { feedback: entry.feedback } : {}),
});

async function loadRunData(prisma: PrismaClient, since: Date, now: Date, documentFrequencies: RunStatistics['documentFrequencies']): Promise<RunData> {
  const [signals, shape] = await Promise.all([loadSignals(prisma, since), loadCorpusShape(prisma, since)]);
  const factors = new Map<number, PaperFactors>();
  for (const [id, paper] of signals) factors.set(id, { freshness: freshness(paper, now), trending: trending(paper, now) });
  const trendingIds = [...signals.values()]
    .filter((paper) => hasTrendingSignal(paper, now))
    .sort((a, b) => factors.get(b.id)!.trending - factors.get(a.id)!.trending || a.id - b.id)
    .slice(0, TRENDING_LIST_SIZE)
    .map((paper) => paper.id);
  return { signals, factors, trendingIds, since, shape, documentFrequencies };
}

/** The papers of this run's window already sent to each subscriber (older ones cannot come back). */
async function sentLedgers(prisma: PrismaClient, subscriberIds: number[], since: Date): Promise<Map<number, Set<number>>> {
  const rows = await prisma.$queryRaw<Array<{ subscriberId: number; paperId: number }>>`
    SELECT s."subscriberId", s."paperId" FROM "SentPaper" s JOIN "Paper" p ON p.id = s."paperId"
    WHERE s."subscriberId" = ANY(${subscriberIds}::int[]) AND p."firstSeenAt" >= ${since}`;
  const ledgers = new Map<number, Set<number>>();
  for (const row of rows) {
    let sent = ledgers.get(row.subscriberId);
    if (!sent) ledgers.set(row.subscriberId, (sent = new Set()));
    sent.add(row.paperId);
  }
  return ledgers;
}
