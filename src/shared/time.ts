// Calendar arithmetic in a subscriber's time zone, through Intl (no hand-written DST rules).
import { createRequire } from 'node:module';
import type { z } from 'zod';

export interface LocalParts {
  /** YYYY-MM-DD in the zone. */
  date: string;
  hour: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    weekday: WEEKDAYS[parts.weekday as string] ?? 1,
  };
}

/** Adds whole days to a YYYY-MM-DD date (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A YYYY-MM-DD date as a Date at UTC midnight (how @db.Date columns hold it). */
export function dateOnly(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** The calendar day (UTC midnight, as dateOnly) that `instant` falls on in `timeZone`: a reader's "today". */
export function localDay(instant: Date, timeZone: string): Date {
  return dateOnly(localParts(instant, timeZone).date);
}

/**
 * A calendar date as a digest shows it: never after the reader's today. Publication and listing
 * dates are UTC calendar days, and west of UTC such a day can be the reader's tomorrow (01:00 UTC
 * on 4 Dec is 20:00 on 3 Dec in New York). That is no reason to say "4 Dec" under a header of 3 Dec:
 * a date later than the reader's local date when the digest was made means the paper came out
 * between the start of that UTC day and then, and both fall on the reader's today. Without a
 * `readerToday` the date is shown as it is.
 */
export function notAfterToday(date: Date | null, readerToday: Date | undefined): Date | null {
  return date && readerToday && date > readerToday ? readerToday : date;
}

/**
 * A time zone as a reader should read it. The IANA names `Etc/GMT+N` follow POSIX, whose sign is the
 * reverse of everyday use: `Etc/GMT+12` is twelve hours *behind* UTC (what a browser at UTC−12
 * reports). Shown bare, "07:00 (Etc/GMT+12)" read as GMT+12, a day away from the reader's clock;
 * so such a zone is shown with its offset, "Etc/GMT+12: UTC−12". Other names are shown as they are.
 */
export function zoneLabel(zone: string): string {
  const posix = /^Etc\/GMT([+-])(\d{1,2})$/.exec(zone);
  if (!posix) return zone;
  const hours = Number(posix[2]);
  return hours === 0 ? `${zone}: UTC` : `${zone}: UTC${posix[1] === '+' ? '−' : '+'}${hours}`;
}

/**
 * A zone name in the case the tz database writes it ("utc" → "UTC", "america/new_york" →
 * "America/New_York"): Intl accepts any case, and the reader's preferences and the operator's
 * status then showed "utc". An alias keeps its own name ("Europe/Kyiv" is not turned into the
 * "Europe/Kiev" this Node's ICU resolves it to). For a name isTimeZone accepts.
 */
export function timeZoneAsWritten(zone: string): string {
  const key = zone.toLowerCase();
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  const listed = resolved.toLowerCase() === key ? resolved : Intl.supportedValuesOf('timeZone').find((name) => name.toLowerCase() === key);
  // A name without a place ("JST", "GMT", "CET") is kept as the place it stands for (Asia/Tokyo,
  // UTC, Europe/Brussels): the reader's page then shows which clock their digest follows.
  const written = listed ?? (zone.includes('/') ? zone : resolved);
  return currentZoneName(written) ?? written;
}

let groupNames: Map<string, string> | undefined;

/**
 * The name the tz database gives a zone now, when `zone` is an old one (a link): Asia/Calcutta →
 * Asia/Kolkata, Europe/Kiev → Europe/Kyiv, US/Pacific → America/Los_Angeles; else undefined.
 * Chromium reports the old ones, which this Node's ICU still uses; stored as reported, a Mumbai
 * reader read "every day at 07:00 (Asia/Calcutta)", and the form listed it again above
 * Asia/Kolkata. Only true aliases: a zone of the same group that this ICU formats as the same
 * zone (America/Argentina/Cordoba stays itself). Read from @vvo/tzdb's static data, two Intl
 * formatters per call at most: every process checks its TZ at start.
 */
export function currentZoneName(zone: string): string | undefined {
  // UTC, every process's default, is no link: its start needs no zone data.
  if (zone === 'UTC') return undefined;
  if (!groupNames) {
    // Loaded when first needed, not with this module, which nearly every module imports.
    const zones = createRequire(import.meta.url)('@vvo/tzdb/raw-time-zones.json') as Array<{ name: string; group: string[] }>;
    groupNames = new Map(zones.flatMap((entry) => entry.group.map((member): [string, string] => [member, entry.name])));
  }
  const current = groupNames.get(zone);
  // Etc/UTC is not a place: UTC stays UTC.
  // `zone` is one Intl accepts; the current name may be newer than this Node's ICU (then kept as is).
  if (current === undefined || current === zone || current.startsWith('Etc/') || !isTimeZone(current)) return undefined;
  const canonical = (name: string) => new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  return canonical(zone) === canonical(current) ? current : undefined;
}

let reportedNames: Record<string, string> | undefined;

/**
 * The old names a browser may report (its ICU's, as Intl lists them) with their current ones, for
 * the subscribe form's script, which starts from the browser's zone. Worked out once per process.
 */
export function currentNamesOfReportedZones(): Readonly<Record<string, string>> {
  reportedNames ??= Object.fromEntries(Intl.supportedValuesOf('timeZone').flatMap((zone) => {
    const current = currentZoneName(zone);
    return current ? [[zone, current]] : [];
  }));
  return reportedNames;
}

/**
 * Abbreviations that name a zone other than the one people mean by them: "EST" is UTC−5 all year
 * (America/Panama), so a New York reader who typed it got their digest an hour late all summer.
 */
const MISTAKEN_ZONES: Record<string, { offset: string; meant: string }> = { est: { offset: 'UTC−5', meant: 'America/New_York' }, mst: { offset: 'UTC−7', meant: 'America/Denver' } };

/**
 * What is wrong with a zone name, said of it ("is not a known time zone …"), or undefined when it
 * may be kept. One sentence for every place a zone is typed (the preferences form, the CLI, a CSV
 * file, TZ), each putting the value or its name in front.
 */
export function timeZoneProblem(zone: string): string | undefined {
  if (!isTimeZone(zone)) return 'is not a known time zone (use a name such as Europe/Berlin)';
  const mistaken = MISTAKEN_ZONES[zone.trim().toLowerCase()];
  return mistaken && `is ${mistaken.offset} all year, with no summer time: use the name of a place, such as ${mistaken.meant}`;
}

/** A zod check (`.superRefine(checkTimeZone)`) that refuses a zone with its problem, the value named. */
export function checkTimeZone(zone: string, context: z.RefinementCtx): void {
  const problem = timeZoneProblem(zone);
  if (problem) context.addIssue({ code: 'custom', message: `"${zone}" ${problem}` });
}

/** Whether Intl knows this IANA time zone name. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
