// A subscriber's schedule in words, for pages and the welcome email: "every Monday at 07:00 (Europe/Berlin)".
import { editionFor, isDue, waitsForNextWeek, type ScheduleFields } from '../calendar/index.js';
import { addDays, dateOnly, localParts, zoneLabel } from '../shared/time.js';

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
  const at = hourLabel(s.sendHour);
  // A daily reader who already had tomorrow's edition, or a later one (read in a zone further east,
  // then moved back), gets the one after it: "tomorrow" was a day early.
  const nextDaily = lastEditionDate !== null && lastEditionDate > current.date ? `on ${weekdayName(localParts(dateOnly(addDays(lastEditionDate, 1)), 'UTC').weekday)} at ${at}` : `tomorrow at ${at}`;
  const next = s.frequency === 'weekly' ? `on ${weekdayName(s.sendWeekday)} at ${at}` : nextDaily;
  // A reader back the day they left already had this edition (the unique delivery row): nothing
  // more comes until the next. "Shortly, with today's papers" was promised, and nothing came.
  const hadIt = lastEditionDate !== null && lastEditionDate >= current.date;
  if (isDue(s, now)) {
    const missed = nextSendRun !== null && editionFor(s, nextSendRun).key !== current.key;
    if (!missed && !hadIt && !waitsForNextWeek(s, now, now)) return s.frequency === 'weekly' ? "shortly, with this week's papers" : "shortly, with today's papers";
    return next;
  }
  if (hadIt) return next;
  if (s.frequency === 'daily' || s.sendWeekday === localParts(now, s.timeZone).weekday) return `today at ${at}`;
  return next;
}
