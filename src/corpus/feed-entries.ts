// The Hugging Face daily-papers feed (GET …/api/daily_papers?date=YYYY-MM-DD): a JSON array of
// entries whose `paper` has id (the arXiv id), title, summary, upvotes, publishedAt and
// authors[].name. A response is taken whole or not at all: one unreadable entry rejects the day,
// so a half-broken response never leaves half a day stored (the next run tries again).
import { z } from 'zod';
import { DEFAULT_FEED_URL } from '../config/index.js';
import { describeIssues } from '../shared/errors.js';
import { oneLine } from '../shared/text.js';
import { dateOnly } from '../shared/time.js';
import { keyOfNamesake, type PaperInput } from './merge.js';
import { extractLinks, normaliseTitle } from './parse.js';
import { texToPlain } from '../shared/tex.js';

const text = z.string().transform(oneLine);

const entrySchema = z.object({
  paper: z.object({
    id: z.string().trim().regex(/^[\w./-]{4,64}$/, 'must look like an arXiv id'),
    title: text.pipe(z.string().min(1, 'is empty')),
    summary: text.pipe(z.string().min(1, 'is empty')),
    upvotes: z.number().int().min(0).nullish(),
    publishedAt: z.iso.datetime({ offset: true }).or(z.iso.date()).nullish(),
    authors: z.array(z.object({ name: text })).nullish(),
  }),
});

export const feedSchema = z.array(entrySchema);

export class FeedFormatError extends Error {
  override name = 'FeedFormatError';
}

/** Parses a response body into paper inputs, one per distinct title and arXiv id, or throws FeedFormatError. */
export function parseFeed(body: string): PaperInput[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    // An RSS feed or a web page at FEED_URL is the operator's mistake, not a broken answer: say so
    // rather than quote JSON.parse's complaint about a '<'.
    if (body.trimStart().startsWith('<')) throw new FeedFormatError(`an XML or HTML page, not the daily-papers JSON: FEED_URL should be the daily-papers API (${DEFAULT_FEED_URL}) or a copy of it, not an RSS feed or a web page`);
    throw new FeedFormatError(`not valid JSON (${(error as Error).message})`);
  }
  const parsed = feedSchema.safeParse(json);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues.slice(0, 3)).map((line) => line.replace(/^(\d+)\./, 'entry $1: '));
    throw new FeedFormatError(`unexpected content: ${problems.join('; ')}`);
  }
  const byKey = new Map<string, PaperInput>();
  const arxivIds = new Set<string>();
  for (const { paper } of parsed.data) {
    // One arXiv id is one paper, even if the feed lists it twice under two titles.
    if (arxivIds.has(paper.id)) continue;
    arxivIds.add(paper.id);
    const authors = (paper.authors ?? []).map((author) => author.name).filter(Boolean);
    const title = texToPlain(paper.title);
    const input: PaperInput = {
      source: 'feed',
      titleKey: normaliseTitle(title),
      title,
      abstract: paper.summary,
      authorCount: authors.length > 0 ? authors.length : null,
      authors,
      publishedAt: paper.publishedAt ? dateOnly(paper.publishedAt.slice(0, 10)) : null,
      upvotes: paper.upvotes ?? 0,
      arxivId: paper.id,
      links: extractLinks(paper.summary),
    };
    // Two ids under one title are two papers: the second is kept under its own key.
    const titleKey = byKey.has(input.titleKey) ? keyOfNamesake(input.titleKey, paper.id) : input.titleKey;
    byKey.set(titleKey, { ...input, titleKey });
  }
  return [...byKey.values()];
}
