// A subscriber's schedule in words, for pages and the welcome email: "every Monday at 07:00 (Europe/Berlin)".
import { editionFor, isDue, type ScheduleFields } from '../calendar/index.js';
import { addDays, localParts, zoneLabel } from '../shared/time.js';

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

export function weekdayName(isoWeekday: number): string {
  return WEEKDAY_NAMES[isoWeekday - 1] ?? 'Monday';
}

export function describeSchedule(s: ScheduleFields): string {
  const day = s.frequency === 'weekly' ? `every ${weekdayName(s.sendWeekday)}` : 'every day';
  return `${day} at ${hourLabel(s.sendHour)} (${zoneLabel(s.timeZone)})`;
}

/**
 * When a newly activated subscriber's first digest goes out. The sender picks up the current
 * edition as soon as its hour has passed, so a subscriber who confirms after their hour gets
 * today's (or this week's) digest on the next send run rather than waiting a whole period, unless
 * that run (`nextSendRun`) comes after their day (or week) has ended: then the next edition, at
 * their hour. A reader in Los Angeles who confirmed at 23:51 was promised "shortly, with today's
 * papers", and the 00:00 run owed them nothing until 07:00.
 */
export function describeFirstDigest(s: ScheduleFields, now: Date, nextSendRun: Date | null = null, lastEditionDate: string | null = null): string {
  const current = editionFor(s, now);
  // A daily reader who already had tomorrow's edition, or a later one (read in a zone further east,
  // then moved back), gets the one after it: "tomorrow" was a day early.
  const aheadTo = s.frequency === 'daily' && lastEditionDate !== null && lastEditionDate > current.date ? lastEditionDate : null;
  const next =
    s.frequency === 'weekly'
      ? `on ${weekdayName(s.sendWeekday)} at ${hourLabel(s.sendHour)}`
      : aheadTo
        ? `on ${weekdayName(localParts(new Date(`${addDays(aheadTo, 1)}T12:00:00Z`), 'UTC').weekday)} at ${hourLabel(s.sendHour)}`
        : `tomorrow at ${hourLabel(s.sendHour)}`;
  // A reader back the day they left already had this edition (the unique delivery row): nothing
  // more comes until the next. "Shortly, with today's papers" was promised, and nothing came.
  const hadIt = lastEditionDate !== null && lastEditionDate >= current.date;
  if (isDue(s, now)) {
    const missed = nextSendRun !== null && editionFor(s, nextSendRun).key !== current.key;
    if (!missed && !hadIt) return s.frequency === 'weekly' ? "shortly, with this week's papers" : "shortly, with today's papers";
    return next;
  }
  if (hadIt) return next;
  if (s.frequency === 'daily' || s.sendWeekday === localParts(now, s.timeZone).weekday) return `today at ${hourLabel(s.sendHour)}`;
  return next;
}
