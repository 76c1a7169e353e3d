// Dates as the pages show them: "Dec 15" (page date, no year), "Jan 11, 2024" or "Sep 25" (entry
// dates, the year only when it is not the current one), optionally followed by the upvote count.
// All dates are UTC midnight so that they compare and store the same everywhere.

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

/** A month and day with an optional year, as written on a page; month is 0-based. */
export interface ShownDate {
  month: number;
  day: number;
  year: number | null;
}

/**
 * "Jan 11, 2024 2" → date plus the rest ("2"). Accepts three-letter and full month names
 * ("Sept" too) so a cosmetic change on the site does not turn a date into a title.
 * Returns null when the line does not start with a month and a day; validity is checked later
 * (an impossible day is a parse error, not "not a date").
 */
export function matchDateLine(line: string): { date: ShownDate; rest: string } | null {
  const match = /^([A-Z][a-z]{2,8})\.? (\d{1,2})(?:, ?(\d{4}))?(?:\s+(.*))?$/.exec(line);
  if (!match) return null;
  const month = monthIndex(match[1]!);
  if (month === null) return null;
  return {
    date: { month, day: Number(match[2]), year: match[3] === undefined ? null : Number(match[3]) },
    rest: (match[4] ?? '').trim(),
  };
}

function monthIndex(name: string): number | null {
  const lower = name.toLowerCase();
  // Only the three-letter abbreviation, "sept", or the full name: "Mayhem 3" is not a date.
  const index = MONTHS.findIndex((full) => lower === full || lower === full.slice(0, 3));
  return index >= 0 ? index : lower === 'sept' ? 8 : null;
}

/** UTC midnight of year/month/day, or null when the day does not exist (Feb 30, Feb 29 2023). */
export function utcDate(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) return null;
  return date;
}

/** UTC midnight of the UTC day `date` falls on. */
export function utcMidnight(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** Whether month/day exists in some year (Feb 29 does, Feb 30 does not). */
export function isPossible(date: ShownDate): boolean {
  return utcDate(date.year ?? 2000, date.month, date.day) !== null; // 2000 is a leap year
}

/**
 * The date shown, completed with the latest year that keeps it on or before `notAfter`
 * (today for the page date, the page date for entries). Callers check isPossible first;
 * a leap day is searched back up to eight years (one leap cycle plus a skipped century year).
 */
export function resolveDate(date: ShownDate, notAfter: Date): Date | null {
  if (date.year !== null) return utcDate(date.year, date.month, date.day);
  const limit = utcMidnight(notAfter);
  for (let year = limit.getUTCFullYear(); year >= limit.getUTCFullYear() - 8; year--) {
    const candidate = utcDate(year, date.month, date.day);
    if (candidate && candidate.getTime() <= limit.getTime()) return candidate;
  }
  return null;
}
