// The list as CSV: what `paperboy subscribers --csv` prints and the service's daily backup of the
// embedded database writes (backup.ts), in the columns `paperboy subscribe --file` reads back.
import type { RosterEntry } from './roster.js';

export const ROSTER_CSV_HEADER = ['email', 'status', 'topics', 'frequency', 'hour', 'weekday', 'timezone', 'size', 'subscribed', 'confirmed', 'suspended', 'reason', 'liked', 'more', 'less', 'sent', 'lastedition', 'linkkey'].join(',');

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '');

/** One reader's line (papers one per line within their cell), without its line break. */
export function rosterCsvRow(e: RosterEntry): string {
  const cells = [
    e.email,
    e.status,
    e.topics.join(';'),
    e.frequency,
    e.sendHour,
    e.sendWeekday,
    e.timeZone,
    e.digestSize,
    day(e.createdAt),
    day(e.confirmedAt),
    day(e.suspension?.at ?? null),
    e.suspension?.reason ?? '',
    e.liked.join('\n'),
    e.more.join('\n'),
    e.less.join('\n'),
    (e.sent ?? []).join('\n'),
    e.lastEdition ?? '',
    e.linkKey ?? '',
  ];
  return cells.map((cell) => csvCell(String(cell))).join(',');
}

/** How a cell starts that a spreadsheet would run as a formula (a topic typed as "=HYPERLINK(…)" on the web form). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as the import reads it: without the apostrophe csvCell put before a formula's start. */
export function unshieldedCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/**
 * RFC 4180 quoting; and a cell a spreadsheet would run as a formula gets a leading apostrophe, so
 * that it stays text (unshieldedCell takes it off again).
 */
function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
