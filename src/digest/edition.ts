// Editions: one per frequency and local date. A subscriber's edition key is computed in their
// time zone, so "today's digest" is the one for their today.
import { addDays, localParts } from '../shared/time.js';

export interface ScheduleFields {
  frequency: 'daily' | 'weekly';
  sendHour: number;
  sendWeekday: number;
  timeZone: string;
}

export interface EditionRef {
  key: string;
  /** YYYY-MM-DD: the local day (daily) or the Monday of the local week (weekly). */
  date: string;
}

export function editionFor(subscriber: ScheduleFields, now: Date): EditionRef {
  const local = localParts(now, subscriber.timeZone);
  if (subscriber.frequency === 'weekly') {
    const monday = addDays(local.date, 1 - local.weekday);
    return { key: `weekly:${monday}`, date: monday };
  }
  return { key: `daily:${local.date}`, date: local.date };
}

/** Whether the moment this edition is due at (the chosen local hour and weekday) has passed. */
export function isDue(subscriber: ScheduleFields, now: Date): boolean {
  const local = localParts(now, subscriber.timeZone);
  if (subscriber.frequency === 'weekly') {
    return local.weekday > subscriber.sendWeekday || (local.weekday === subscriber.sendWeekday && local.hour >= subscriber.sendHour);
  }
  return local.hour >= subscriber.sendHour;
}
