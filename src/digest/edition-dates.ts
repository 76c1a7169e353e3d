// How a digest names its edition: the reader's local day ("Wed 2 Dec") or local week ("week of
// 30 Nov – 6 Dec"). An edition is a calendar date (YYYY-MM-DD in the reader's zone, computed by
// editionFor), not an instant: it is formatted as a calendar date, in UTC, and never converted
// through the reader's zone again (which turned New York's Wednesday into Tuesday). Publication
// dates (@db.Date columns) are calendar dates too, and go through formatCalendarDate.
import { addDays } from '../shared/time.js';

export type Frequency = 'daily' | 'weekly';

export interface EditionDay {
  /** YYYY-MM-DD: the reader's local day (daily) or the Monday of their local week (weekly). */
  date: string;
  frequency: Frequency;
}

/** An edition as stored: its key (`daily:…`/`weekly:…`) and its @db.Date column (UTC midnight). */
export function editionDayOf(key: string, date: Date): EditionDay {
  return { date: date.toISOString().slice(0, 10), frequency: key.startsWith('weekly:') ? 'weekly' : 'daily' };
}

type Style = 'short' | 'long';
const DAY_OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  short: { weekday: 'short', day: 'numeric', month: 'short' }, // Wed 2 Dec
  long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }, // Wednesday 2 December 2026
};
const WEEK_OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  short: { day: 'numeric', month: 'short' }, // 30 Nov – 6 Dec
  long: { day: 'numeric', month: 'long', year: 'numeric' }, // 30 November – 6 December 2026
};
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'day' | 'week', style: Style): Intl.DateTimeFormat {
  const key = `${kind}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...(kind === 'day' ? DAY_OPTIONS : WEEK_OPTIONS)[style], timeZone: 'UTC' });
    formatters.set(key, f);
  }
  return f;
}

const utcDate = (date: string) => new Date(`${date}T00:00:00Z`);
/** Intl separates with commas and thin spaces ("Wed, 2 Dec", "30 Nov – 6 Dec"); mail reads plain spaces. */
const plain = (text: string) => text.replace(/,/g, '').replace(/[\u2009\u202f]/g, ' ');

// Every digest of a run shares a few editions: their labels are formatted once.
const labels = new Map<string, string>();
function label(edition: EditionDay, style: Style, make: () => string): string {
  const key = `${style}|${edition.frequency}|${edition.date}`;
  let text = labels.get(key);
  if (text === undefined) {
    if (labels.size >= 1000) labels.clear();
    labels.set(key, (text = make()));
  }
  return text;
}

/** "Wed 2 Dec" / "week of 30 Nov – 6 Dec": for subjects. */
export function editionShort(edition: EditionDay): string {
  return label(edition, 'short', () => shortLabel(edition));
}

function shortLabel(edition: EditionDay): string {
  if (edition.frequency === 'weekly') return `week of ${weekSpan(edition.date, 'short')}`;
  return plain(formatter('day', 'short').format(utcDate(edition.date)));
}

/** "Wednesday 2 December 2026" / "Week of 30 November – 6 December 2026": for the header. */
export function editionLong(edition: EditionDay): string {
  return label(edition, 'long', () => longLabel(edition));
}

function longLabel(edition: EditionDay): string {
  if (edition.frequency === 'weekly') return `Week of ${weekSpan(edition.date, 'long')}`;
  return plain(formatter('day', 'long').format(utcDate(edition.date)));
}

/** Monday to Sunday, with the month and year only where they change ("28 December 2026 – 3 January 2027"). */
function weekSpan(monday: string, style: Style): string {
  return plain(formatter('week', style).formatRange(utcDate(monday), utcDate(addDays(monday, 6))));
}

/** The edition's words for "now": "today" or "this week". */
export function editionPeriod(edition: EditionDay): { now: string; nows: string; next: string } {
  return edition.frequency === 'weekly' ? { now: 'this week', nows: "this week's", next: 'next week' } : { now: 'today', nows: "today's", next: 'tomorrow' };
}
