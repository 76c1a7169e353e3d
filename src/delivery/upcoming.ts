// What `status` says about the next digests: who is owed one now (their hour has come, or a missed
// edition is caught up, and they do not have it yet), and when the next ones fall due after that,
// for how many. Reads subscribers in batches with the date of the latest edition each one got, so
// that a subscriber who already had today's edition (say, from `send --now`) is counted for the
// next one, not for today's; one whose delivery an earlier run left unsent (killed midway) is due now.
import type { PrismaClient } from '../db/index.js';
import { dueEdition, editionFor, isDue, otherFrequencyDay, waitsForNextWeek, type ScheduleFields } from '../calendar/index.js';
import { isDeadLocalClaimant } from './claimant.js';
import { activeSubscribersWithLast } from './store/index.js';

export interface UpcomingDigests {
  /** Active subscribers owed a digest now, or whose delivery an earlier run left unsent: the next send run sends them. */
  dueNow: number;
  /** The earliest moment after now that digests fall due, and for how many subscribers. */
  next: { at: Date; subscribers: number } | null;
  /**
   * Subscribers with a digest that failed for a while (a relay down, a policy refusal) and waits
   * for its retry time, and the earliest of those: the first send run from then retries them. Not
   * due now, and not "none" either: status said "Digests due now: none" while they waited.
   */
  retrying: { subscribers: number; from: Date } | null;
}

const QUARTER_HOUR = 15 * 60_000;
/** A weekly edition is at most 7 days away; a little more covers DST and :45 zones. */
const HORIZON_STEPS = 9 * 24 * 4;

export async function upcomingDigests(prisma: PrismaClient, now: Date, batchSize = 1000): Promise<UpcomingDigests> {
  const result: UpcomingDigests = { dueNow: 0, next: null, retrying: null };
  const nextBySchedule = new Map<string, Date | null>();
  let cursor = 0;
  for (;;) {
    const rows = await activeSubscribersWithLast(prisma, { after: cursor, limit: batchSize, now });
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1]!.id;
    for (const row of rows) {
      const lastOtherFrequencyDay = otherFrequencyDay(row, { date: row.lastOther, at: row.lastOtherAt });
      const owed = dueEdition(row, now, { since: row.since, lastEditionDate: row.last, lastOtherFrequencyDay });
      const dueNow = owed !== null && (row.last === null || owed.date > row.last);
      // A delivery left pending (a run killed or stopped midway) is due now too, though its
      // edition counts as their last: the next send run sends it.
      // So is one claimed by a process of this machine that is gone (killed): the next run takes
      // its claims over at once, without waiting for them to run out.
      if (dueNow || row.waiting || row.claimants.some(isDeadLocalClaimant)) result.dueNow++;
      if (row.retryAt) {
        const from = result.retrying && result.retrying.from < row.retryAt ? result.retrying.from : row.retryAt;
        result.retrying = { subscribers: (result.retrying?.subscribers ?? 0) + 1, from };
      }
      // One due now counts for the edition after the one it is owed: with every reader due at
      // once, "next" is still when the following digests fall due, not "none".
      // A weekly reader waiting for next week's edition (waitsForNextWeek) is owed this week's by
      // no one: their next is next week's.
      // Nor is an edition dated on or before what they already had, of either frequency: a weekly
      // reader moved west after Monday's edition is owed next Monday's, not "20:00Z" for this one.
      const had = latest(row.last, lastOtherFrequencyDay);
      const last = dueNow ? owed.date : latest(had, waitsForNextWeek(row, now, row.since) ? editionFor(row, now).date : null);
      const key = `${row.frequency}|${row.sendHour}|${row.sendWeekday}|${row.timeZone}|${last}`;
      if (!nextBySchedule.has(key)) nextBySchedule.set(key, nextNewEdition(row, now, last));
      const at = nextBySchedule.get(key)!;
      if (!at) continue;
      if (!result.next || at < result.next.at) result.next = { at, subscribers: 1 };
      else if (at.getTime() === result.next.at.getTime()) result.next.subscribers++;
    }
  }
  return result;
}

/** The later of two YYYY-MM-DD dates, either possibly missing. */
const latest = (a: string | null, b: string | null) => (a === null ? b : b === null || a >= b ? a : b);

/** The first quarter-hour after now at which an edition newer than `last` is due for this schedule. */
function nextNewEdition(schedule: ScheduleFields, now: Date, last: string | null): Date | null {
  let t = Math.floor(now.getTime() / QUARTER_HOUR) * QUARTER_HOUR + QUARTER_HOUR;
  for (let i = 0; i < HORIZON_STEPS; i++, t += QUARTER_HOUR) {
    const at = new Date(t);
    if (isDue(schedule, at) && (last === null || editionFor(schedule, at).date > last)) return at;
  }
  return null;
}
