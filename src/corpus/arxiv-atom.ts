// One page of an arXiv API answer (Atom 1.0 with OpenSearch counts, https://info.arxiv.org/help/api):
// <feed> with <opensearch:totalResults>/<opensearch:startIndex> and one <entry> per paper: <id>
// (http://arxiv.org/abs/2401.01234v2: the id and its latest version), <published>, <updated> (when
// that version appeared), <title>, <summary>, <author><name>…, <arxiv:comment> (the authors' note,
// where a withdrawal is said) and <category term="cs.LG"/>. An answer is taken whole or not at all:
// XML that does not parse, an API error entry or one unreadable entry rejects it, so a broken
// answer never stores half a day.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { describeIssues } from '../shared/errors.js';
import { oneLine } from '../shared/text.js';
import { dateOnly } from '../shared/time.js';
import { extractLinks } from './links.js';
import type { PaperInput } from './merge.js';
import { texToPlain } from '../shared/tex.js';
import { normaliseTitle } from './title.js';
import { isWithdrawal } from './withdrawal.js';

export class ArxivFormatError extends Error {
  override name = 'ArxivFormatError';
}

export interface ArxivPage {
  total: number;
  start: number;
  entries: PaperInput[];
  /** Entries left out as unreadable (with `skipUnreadable`): the API's answers for ids it does not have. */
  skipped: number;
}

/** An element with attributes (the API puts xmlns on its OpenSearch counts) parses as {#text, @_…}. */
const textOf = (value: unknown) => (value !== null && typeof value === 'object' && '#text' in value ? (value as { '#text': unknown })['#text'] : value);
const count = z.preprocess(textOf, z.coerce.number().int().min(0));
const text = z.preprocess(textOf, z.union([z.string(), z.number()]).transform((value) => oneLine(String(value))));

const entrySchema = z.object({
  id: text.pipe(z.string().regex(/arxiv\.org\/abs\/./, 'must be an arxiv.org/abs/ URL')),
  title: text.pipe(z.string().min(1, 'is empty')),
  summary: text.pipe(z.string().min(1, 'is empty')),
  published: text.pipe(z.iso.datetime({ offset: true })),
  // Atom requires it and arXiv always gives it; an answer without it is dated by <published>.
  updated: text.pipe(z.iso.datetime({ offset: true })).optional(),
  // Free text beside the paper: an empty or odd one is no comment, never a reason to refuse the day.
  'arxiv:comment': text.optional().catch(undefined),
  author: z.array(z.object({ name: text })).default([]),
  category: z.array(z.object({ '@_term': z.string() })).default([]),
});

const feedSchema = z.object({
  feed: z.object({
    'opensearch:totalResults': count,
    'opensearch:startIndex': count,
    entry: z.array(z.unknown()).default([]),
  }),
});

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false, // ids such as 2401.01230 must stay text, not become numbers
  isArray: (name) => ['entry', 'author', 'category', 'link'].includes(name),
});

/**
 * Parses one answer of the arXiv API, or throws ArxivFormatError saying what is wrong. With
 * `skipUnreadable` (a lookup by id), an entry without the fields of a paper is left out instead:
 * that is how the API answers for an id it does not have.
 */
export function parseArxivPage(body: string, options: { skipUnreadable?: boolean } = {}): ArxivPage {
  const start = body.trimStart();
  if (start === '') throw new ArxivFormatError('an empty answer');
  // A busy API has answered with a line of text ("Rate exceeded.") instead of a feed.
  if (!start.startsWith('<')) throw new ArxivFormatError(`not an arXiv API answer but text: "${oneLine(body).slice(0, 80)}"`);
  // ARXIV_API_URL names a web page (https://arxiv.org/, a proxy's error page), not the API.
  if (/^<(!doctype\s+html|html[\s>])/i.test(start)) throw new ArxivFormatError('not an arXiv API answer but a web page: ARXIV_API_URL should be the API, such as https://export.arxiv.org/api/query');
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new ArxivFormatError(`not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const parsed = feedSchema.safeParse(parser.parse(body));
  if (!parsed.success) throw new ArxivFormatError(`not an arXiv API answer: ${describeIssues(parsed.error.issues.slice(0, 3)).join('; ')}`);
  const { feed } = parsed.data;
  const entries: PaperInput[] = [];
  let skipped = 0;
  for (const [index, raw] of feed.entry.entries()) {
    // The API reports a bad query as a single entry whose id is …/api/errors#….
    const id = (raw as { id?: unknown }).id;
    if (typeof id === 'string' && id.includes('/api/errors')) {
      throw new ArxivFormatError(`the API answered with an error: ${String((raw as { summary?: unknown }).summary ?? id).trim()}`);
    }
    const entry = entrySchema.safeParse(raw);
    if (!entry.success && options.skipUnreadable) {
      skipped++;
      continue;
    }
    if (!entry.success) throw new ArxivFormatError(`entry ${index + 1}: ${describeIssues(entry.error.issues.slice(0, 3)).join('; ')}`);
    entries.push(toInput(entry.data));
  }
  return { total: feed['opensearch:totalResults'], start: feed['opensearch:startIndex'], entries, skipped };
}

function toInput(entry: z.infer<typeof entrySchema>): PaperInput {
  const authors = entry.author.map((author) => author.name).filter(Boolean);
  const title = texToPlain(entry.title);
  const withdrawn = isWithdrawal({ comment: entry['arxiv:comment'] ?? null, abstract: entry.summary });
  return {
    source: 'arxiv',
    titleKey: normaliseTitle(title),
    title,
    abstract: entry.summary,
    authorCount: authors.length > 0 ? authors.length : null,
    authors,
    publishedAt: dateOnly(entry.published.slice(0, 10)),
    upvotes: 0,
    arxivId: arxivIdOf(entry.id),
    arxivVersion: arxivVersionOf(entry.id),
    withdrawnAt: withdrawn ? new Date(entry.updated ?? entry.published) : null,
    links: extractLinks(entry.summary),
    categories: [...new Set(entry.category.map((category) => category['@_term']))],
  };
}

/** "http://arxiv.org/abs/2401.01234v2" → "2401.01234"; old-style "…/abs/cs/0112017v1" → "cs/0112017". */
function arxivIdOf(url: string): string {
  return url.replace(/^.*arxiv\.org\/abs\//, '').replace(/v\d+$/, '');
}

/** "…/abs/2401.01234v2" → 2; null for an id without one (the API always gives it). */
function arxivVersionOf(url: string): number | null {
  const version = /v(\d+)$/.exec(url)?.[1];
  return version === undefined ? null : Number(version);
}
