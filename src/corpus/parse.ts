// Parser for corpus pages scraped from Hugging Face Daily Papers. Pure: text in, entries out.
//
// A page is a header followed by entries: title, abstract, and an optional metadata block of
// three lines ("  • 4 authors", "·", "Jan 11, 2024 2"). Layouts differ in blank lines (between
// every paragraph, or none at all) and in whether entries carry metadata, so blank lines are
// ignored and every non-blank line is one paragraph; the roles come from the sequence
// header → (title → abstract → [authors → · → date])*, checked by a small state machine.
// Titles and abstracts are told apart by what they say (prose.ts), never by their length.

import { ParseError } from '../shared/errors.js';
import { oneLine } from '../shared/text.js';
import { isPossible, matchDateLine, resolveDate, utcMidnight, type ShownDate } from './dates.js';
import { readHeader } from './header.js';
import { readLines, type Line } from './lines.js';
import { extractLinks } from './links.js';
import { endsComplete, isClearlyProse, isProse, looksLikeTitle } from './prose.js';
import { normaliseTitle } from './title.js';

export { extractLinks } from './links.js';
export { normaliseTitle } from './title.js';

export interface ParsedEntry {
  title: string; // whitespace collapsed, as shown
  titleKey: string; // normaliseTitle(title)
  abstract: string;
  authorCount: number | null;
  publishedAt: Date | null; // UTC midnight of the date
  upvotes: number; // 0 when absent
  links: string[]; // URLs in the abstract, deduplicated, in order, without trailing punctuation
  line: number; // 1-based line of the title in the file
}

export interface ParsedPage {
  pageDate: Date; // UTC midnight
  pageDateKnown: boolean; // false when the page shows no date: then pageDate is `today`
  entries: ParsedEntry[];
}

export interface ParseOptions {
  /** Completes the page date, which has no year: the latest such date not after today. */
  today: Date;
}

/** What a line can be once the header is behind us. */
type Kind = 'authors' | 'separator' | 'date' | 'text';

/** Where the state machine is: what the next line may be. */
type State = 'title' | 'abstract' | 'afterAbstract' | 'separator' | 'date';

/** An entry being read; dates are resolved once the whole page is known to be well formed. */
interface Draft {
  title: Line;
  abstract: Line | null;
  authorCount: number | null;
  shownDate: ShownDate | null;
  upvotes: number;
}

export function parsePage(text: string, file: string, options: ParseOptions): ParsedPage {
  const lines = readLines(text, file);
  const header = readHeader(lines, file);
  const body = header.firstLine ? [header.firstLine, ...lines.slice(header.start)] : lines.slice(header.start);
  if (body.length === 0) {
    throw new ParseError(file, header.lastLine || 1, 'page has a header but no entries');
  }

  const fail = (line: number, reason: string): never => {
    throw new ParseError(file, line, reason);
  };
  const drafts: Draft[] = [];
  let state: State = 'title';
  let current: Draft | null = null;

  for (const [index, line] of body.entries()) {
    const kind = kindOf(line.text);
    const isLast = index === body.length - 1;
    switch (state) {
      case 'title':
      case 'afterAbstract':
        if (kind === 'authors' && state === 'afterAbstract') {
          current!.authorCount = readAuthorCount(line, fail);
          state = 'separator';
        } else if (kind !== 'text') {
          const where =
            state === 'afterAbstract' ? 'it must follow an author line'
            : drafts.length === 0 ? 'before any entry'
            : 'after a complete metadata block';
          fail(line.line, `metadata line in the wrong place: "${line.text}" (${where})`);
        } else if (isClearlyProse(line.text)) {
          fail(line.line, 'expected a title but found prose: an abstract without a title?');
        } else {
          current = { title: line, abstract: null, authorCount: null, shownDate: null, upvotes: 0 };
          drafts.push(current);
          state = 'abstract';
        }
        break;
      case 'abstract':
        if (kind !== 'text') {
          fail(current!.title.line, `title has no abstract: followed by the metadata line "${line.text}" at line ${line.line}`);
        } else if (isProse(line.text)) {
          current!.abstract = line;
          state = 'afterAbstract';
        } else if (isLast && !looksLikeTitle(line.text)) {
          fail(line.line, 'truncated entry: the abstract is cut mid-sentence at end of file');
        } else {
          fail(current!.title.line, `title has no abstract: followed by another title at line ${line.line}`);
        }
        break;
      case 'separator':
        if (kind !== 'separator') fail(line.line, `metadata block cut short: expected "·" after the author line, found "${line.text}"`);
        state = 'date';
        break;
      case 'date': {
        if (kind !== 'date') fail(line.line, `metadata block cut short: expected a date like "Jan 11, 2024" after "·", found "${line.text}"`);
        const { shown, upvotes } = readDateLine(line, fail);
        current!.shownDate = shown;
        current!.upvotes = upvotes;
        state = 'title';
        break;
      }
    }
  }

  // What the page may not end in.
  const last = body.at(-1)!;
  if (state === 'abstract') fail(current!.title.line, 'title has no abstract: it is the last line of the file');
  if (state === 'separator' || state === 'date') fail(last.line, 'truncated entry: the metadata block is cut short at end of file');
  if (state === 'afterAbstract' && !endsComplete(last.text)) {
    // A last abstract that just stops ("…we propose a") was cut by the scraper; mid-page, an
    // abstract without its final full stop is tolerated because the next title proves it ended.
    fail(last.line, 'truncated entry: the abstract is cut mid-sentence at end of file (no final punctuation or URL)');
  }

  const pageDate = header.date ? resolveDate(header.date.shown, options.today) : null;
  if (header.date && !pageDate) fail(header.date.line, 'page date cannot be placed in any recent year');
  const resolvedPageDate = pageDate ?? utcMidnight(options.today);
  return {
    pageDate: resolvedPageDate,
    pageDateKnown: header.date !== null,
    entries: drafts.map((draft) => toEntry(draft, resolvedPageDate)),
  };
}

function kindOf(text: string): Kind {
  if (text.startsWith('•')) return 'authors'; // "• 4 authors"; leading spaces are already trimmed
  if (text === '·') return 'separator';
  // A month and day, then at most one word (the upvotes): "Jan 11, 2024 2", "Nov 14 2".
  const date = matchDateLine(text);
  if (date && !/\s/u.test(date.rest)) return 'date';
  return 'text';
}

type Fail = (line: number, reason: string) => never;

function readAuthorCount(line: Line, fail: Fail): number {
  const match = /^•\s*(.*?)\s*\bauthors?$/iu.exec(line.text);
  if (!match) return fail(line.line, `unreadable author line "${line.text}": expected like "• 4 authors"`);
  if (!/^\d+$/u.test(match[1]!)) return fail(line.line, `author count "${match[1]}" is not a number`);
  return Number(match[1]);
}

function readDateLine(line: Line, fail: Fail): { shown: ShownDate; upvotes: number } {
  const { date, rest } = matchDateLine(line.text)!;
  if (!isPossible(date)) fail(line.line, `impossible date "${line.text}"`);
  if (rest !== '' && !/^\d+$/u.test(rest)) fail(line.line, `upvote count "${rest}" is not a number`);
  return { shown: date, upvotes: rest === '' ? 0 : Number(rest) };
}

function toEntry(draft: Draft, pageDate: Date): ParsedEntry {
  const title = collapse(draft.title.text);
  const abstract = collapse(draft.abstract!.text);
  return {
    title,
    titleKey: normaliseTitle(title),
    abstract,
    authorCount: draft.authorCount,
    // Without a year the date is the latest one not after the page; isPossible was checked.
    publishedAt: draft.shownDate ? resolveDate(draft.shownDate, pageDate) : null,
    upvotes: draft.upvotes,
    links: extractLinks(abstract),
    line: draft.title.line,
  };
}

/** Whitespace collapsed; escape sequences and control characters (a scraped page may hold any) gone. */
function collapse(text: string): string {
  return oneLine(text);
}
