// Counts and dates in words, as readers see them (en-GB, no commas): used by the digest's templates
// and by matching's trending evidence. Formatters are cached: they run per recipient.
import { LRUCache } from 'lru-cache';

/** "The list is empty…" from "the list is empty…": a sentence of its own from a clause that is also said inside one. */
export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

const alternatives = new Intl.ListFormat('en-GB', { type: 'disjunction' });
/** ["a", "b", "c"] → '"a", "b" or "c"' (or with the quotes given: “a” or “b”). */
export function quotedAlternatives(words: string[], open = '"', close = open): string {
  return alternatives.format(words.map((word) => `${open}${word}${close}`));
}

const counts = new Intl.NumberFormat('en-GB');
export function formatCount(count: number): string {
  return count < 1000 && count > -1000 && Number.isInteger(count) ? String(count) : counts.format(count);
}

type DateStyle = 'short' | 'long' | 'day' | 'date';
const DATE_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  short: { weekday: 'short', day: 'numeric', month: 'short' }, // Mon 3 Mar
  long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }, // Monday 3 March 2026
  day: { day: 'numeric', month: 'short', year: 'numeric' }, // 3 Mar 2026
  date: { day: 'numeric', month: 'long', year: 'numeric' }, // 3 March 2026
};
// Building an Intl.DateTimeFormat costs tens of microseconds; a digest run uses few time zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(style: DateStyle, timeZone: string): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', { ...DATE_OPTIONS[style], timeZone });
    } catch {
      // An unknown zone should not stop a digest: show the UTC date instead.
      f = new Intl.DateTimeFormat('en-GB', { ...DATE_OPTIONS[style], timeZone: 'UTC' });
    }
    formatters.set(key, f);
  }
  return f;
}

// The same few dates (edition day, papers' publication days) recur in every digest of a run.
const formatted = new LRUCache<string, string>({ max: 5000 });

/** "Mon 3 Mar", "Monday 3 March 2026", "3 Mar 2026" or "3 March 2026", in the reader's time zone, without commas. */
export function formatDate(date: Date, timeZone: string, style: DateStyle): string {
  const time = date.getTime();
  if (Number.isNaN(time)) return '';
  const key = `${style}|${timeZone}|${time}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = formatter(style, timeZone)
      .formatToParts(date)
      .filter((p) => p.type !== 'literal')
      .map((p) => p.value)
      .join(' ');
    formatted.set(key, text);
  }
  return text;
}
