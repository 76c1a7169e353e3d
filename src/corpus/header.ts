// The page header: the site's banner lines and the page date ("Dec 15"), before the first entry.
// Recognised by content, not position, so unknown banner lines among them are skipped; entries
// start right after the last recognised header line. The scraper sometimes glues the header to
// the first title without a line break ("SubscribeTransformer Memory as a…").

import { ParseError } from '../shared/errors.js';
import { isPossible, matchDateLine, type ShownDate } from './dates.js';
import type { Line } from './lines.js';
import { isClearlyProse } from './prose.js';

const BANNER: RegExp[] = [
  /^new$/iu,
  /^get trending papers in your email inbox(?: once a day)?!?$/iu,
  /^subscribe$/iu,
  /^daily papers$/iu,
  /^by ?ak and the research community$/iu,
];

/** Banner lines that have been seen glued to the next line; the rest must start with a capital. */
const GLUED = /^(subscribe|daily papers|by ?ak and the research community|get trending papers in your email inbox(?: once a day)?!)\s*(?=[\p{Lu}\p{N}"'“‘(])/iu;

export interface Header {
  /** The page date as shown, with its line, or null when the page shows none. */
  date: { shown: ShownDate; line: number } | null;
  /** Index in `lines` of the first entry line. */
  start: number;
  /** The first entry line when it had to be cut off a glued header line. */
  firstLine: Line | null;
  /** Line number of the last header line, 0 without a header. */
  lastLine: number;
}

export function readHeader(lines: Line[], file: string): Header {
  const header: Header = { date: null, start: 0, firstLine: null, lastLine: 0 };
  // The header cannot extend past the first abstract or metadata line. "Abstract" here means
  // clearly prose: a one-sentence banner such as "Updated daily." may sit among header lines.
  for (let index = 0; index < lines.length && !isClearlyProse(lines[index]!.text); index++) {
    const { text, line } = lines[index]!;
    if (text.startsWith('•') || text === '·') break;
    const pageDate = matchDateLine(text);
    if (pageDate && pageDate.rest === '') {
      if (!isPossible(pageDate.date)) throw new ParseError(file, line, `impossible page date "${text}"`);
      header.date = { shown: pageDate.date, line };
      mark(header, index, line);
      continue;
    }
    if (BANNER.some((pattern) => pattern.test(text))) {
      mark(header, index, line);
      continue;
    }
    const glued = GLUED.exec(text);
    if (glued) {
      mark(header, index, line);
      header.firstLine = { text: text.slice(glued[0].length).trim(), line };
      break; // the rest of this line is the first title: the header ends here
    }
  }
  return header;
}

function mark(header: Header, index: number, line: number): void {
  header.start = index + 1;
  header.lastLine = line;
}
