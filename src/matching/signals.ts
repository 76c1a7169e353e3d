// What the corpus knows about a paper besides its words: dates, upvotes, the pages (and feed days)
// that listed it. From these come freshness and trending, both in [0, 1] (weights.ts).
import type { PrismaClient } from '../db/index.js';
import { ARXIV_LISTING_PREFIX } from '../shared/listings.js';
import { notAfterToday } from '../shared/time.js';
import { formatCount, formatDate, plural } from '../shared/wording.js';
import { FRESHNESS_HALF_LIFE_DAYS, RECENT_PUBLICATION_DAYS, TRENDING } from './weights.js';

export interface PaperSignals {
  id: number;
  title: string;
  arxivId: string | null;
  upvotes: number;
  /**
   * Pages and feed days that listed the paper: readers' curation. arXiv's own listings are left
   * out (every paper is announced there, once per category it is cross-listed in).
   */
  listings: number;
  publishedAt: Date | null;
  firstSeenAt: Date;
  /** The first dated listing of any source, arXiv's included: when the paper appeared. */
  firstListedAt: Date | null;
  /** The last dated page or feed day that listed it (arXiv's listings aside): a trending signal. */
  lastListedAt: Date | null;
  /** Hash of the start of the abstract: the same abstract under two titles is one paper. */
  fingerprint: string;
}

const DAY_MS = 86_400_000;

/** Signals of every paper first seen since `since` and not withdrawn (the candidates of a run). */
export async function loadSignals(prisma: PrismaClient, since: Date): Promise<Map<number, PaperSignals>> {
  const rows = await prisma.$queryRawUnsafe<PaperSignals[]>(
    `SELECT p.id, p.title, p."arxivId", p.upvotes, p."publishedAt", p."firstSeenAt",
            count(c.id) FILTER (WHERE NOT starts_with(c.name, $2))::int AS listings,
            min(c."pageDate") AS "firstListedAt", max(c."pageDate") FILTER (WHERE NOT starts_with(c.name, $2)) AS "lastListedAt",
            md5(lower(regexp_replace(left(p.abstract, 400), '\\s+', ' ', 'g'))) AS fingerprint
     FROM "Paper" p
     LEFT JOIN "PaperSource" s ON s."paperId" = p.id
     LEFT JOIN "CorpusPage" c ON c.id = s."pageId"
     WHERE p."firstSeenAt" >= $1 AND p."withdrawnAt" IS NULL -- nor trending, once withdrawn on arXiv
     GROUP BY p.id`,
    since,
    ARXIV_LISTING_PREFIX,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

const halfLife = (ageMs: number, days: number) => Math.pow(0.5, Math.max(0, ageMs) / (days * DAY_MS));

/**
 * 1 for a paper first listed today, ½ a half-life later. A paper is dated by its first dated
 * listing, else by its publication (publication dates are missing for some entries of a page and
 * not others: dating by them first gave undated papers 0.97 beside dated ones at 0.00). A paper
 * with neither (an entry of a page that shows no date) is 0: when it was ingested says nothing of
 * when it was written, and an unknown age must not rank above a known one (issue 15).
 */
export function freshness(paper: PaperSignals, now: Date): number {
  const date = paper.firstListedAt ?? paper.publishedAt;
  return date ? halfLife(now.getTime() - date.getTime(), FRESHNESS_HALF_LIFE_DAYS) : 0;
}

/**
 * Not news: dated more than RECENT_PUBLICATION_DAYS before `now`, however recently listed, or of
 * unknown age. A paper is dated by its publication, else by the first dated page that listed it (a
 * seed page of last December is not news either). An entry of a page that shows no date at all
 * (search results) has no date: when it was ingested says nothing of when it was written, and
 * presenting it as news gave undated 2023 papers the first places of a fresh install's digest.
 */
export function isOldWork(paper: Pick<PaperSignals, 'publishedAt' | 'firstListedAt'>, now: Date): boolean {
  const date = paper.publishedAt ?? paper.firstListedAt;
  return date === null || now.getTime() - date.getTime() > RECENT_PUBLICATION_DAYS * DAY_MS;
}

export interface TrendingParts {
  upvotes: number;
  pages: number;
  listing: number;
}

export function trendingParts(paper: PaperSignals, now: Date): TrendingParts {
  return {
    upvotes: Math.min(1, Math.log1p(Math.max(0, paper.upvotes)) / Math.log1p(TRENDING.upvoteSaturation)),
    pages: Math.min(1, Math.max(0, paper.listings - 1) / TRENDING.extraPagesSaturation),
    listing: paper.lastListedAt ? halfLife(now.getTime() - paper.lastListedAt.getTime(), TRENDING.listingHalfLifeDays) : 0,
  };
}

/**
 * How trending a paper is, in [0, 1]: what multiplies its relevance in every ranking. Only recent
 * signals count (listed within the last TRENDING.recentListingDays, and not old work), as for the
 * trending section: upvotes are a running total, and a 2023 paper with many would otherwise be
 * ranked as trending for ever.
 */
export function trending(paper: PaperSignals, now: Date): number {
  if (!listedRecently(paper, now) || isOldWork(paper, now)) return 0;
  const parts = trendingParts(paper, now);
  const w = TRENDING.weights;
  return w.upvotes * parts.upvotes + w.pages * parts.pages + w.listing * parts.listing;
}

/**
 * A trending-section paper needs a signal of its own that readers would call one (at least
 * TRENDING.minSectionUpvotes upvotes, or listed on two pages or feed days), and a recent one:
 * listed within the last week, and not old work (a 2023 paper is not trending).
 */
export function hasTrendingSignal(paper: PaperSignals, now: Date): boolean {
  if (paper.upvotes < TRENDING.minSectionUpvotes && paper.listings <= 1) return false;
  return listedRecently(paper, now) && !isOldWork(paper, now);
}

/** Whether the paper was last listed at most `days` days before `now`. */
export const listedWithin = (paper: Pick<PaperSignals, 'lastListedAt'>, now: Date, days: number) =>
  paper.lastListedAt !== null && now.getTime() - paper.lastListedAt.getTime() <= days * DAY_MS;

const listedRecently = (paper: Pick<PaperSignals, 'lastListedAt'>, now: Date) => listedWithin(paper, now, TRENDING.recentListingDays);

/**
 * How recently a digest's trending-section papers must have been listed: a daily digest says
 * "Trending today", so the latest day's page or the one before it; a weekly one, its week.
 */
export function trendingDaysFor(editionKey: string): number {
  return editionKey.startsWith('daily:') ? TRENDING.dailySectionDays : TRENDING.recentListingDays;
}

/**
 * What makes a paper trending, as the digest shows it: "42 upvotes", "listed 3 times", "last listed
 * 1 Dec 2026". The signal that makes it one comes first: "3 upvotes · listed 2 times" led with a count
 * that is no trend (under TRENDING.minSectionUpvotes), where the listings were the reason.
 */
export function trendingEvidence(paper: PaperSignals, readerToday?: Date): string[] {
  // A page dated the reader's tomorrow (in UTC, west of it) was listed on their today.
  const listed = notAfterToday(paper.lastListedAt, readerToday);
  const upvotes = paper.upvotes > 0 ? [plural(paper.upvotes, 'upvote')] : [];
  const listings = paper.listings > 1 ? [`listed ${formatCount(paper.listings)} times`] : [];
  const counts = paper.upvotes >= TRENDING.minSectionUpvotes ? [...upvotes, ...listings] : [...listings, ...upvotes];
  return [...counts, ...(listed ? [`last listed ${formatDate(listed, 'UTC', 'day')}`] : [])];
}
