// Editions: one per frequency and local date. A subscriber's edition key is computed in their
// time zone, so "today's digest" is the one for their today. All calendar work goes through Intl
// (src/shared/time.ts), so DST days need no special rules: on a spring-forward day an hour that
// does not exist is simply passed (02:00 in Berlin is "due" from 03:00 CEST on), and on a
// fall-back day the repeated hour cannot send twice because the edition key is per local date.
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

/** An edition's key as `editionFor` writes it (`daily:2026-12-05`, `weekly:2026-11-30`). */
export const EDITION_KEY = /^(daily|weekly):(\d{4}-\d{2}-\d{2})$/;

/** The edition a key names (as an export of the list carries a reader's last one), or null for anything else. */
export function editionOfKey(key: string): EditionRef | null {
  const match = EDITION_KEY.exec(key);
  return match ? { key, date: match[2]! } : null;
}

/** Whether the moment this edition is due at (the chosen local hour and weekday) has passed. */
export function isDue(subscriber: ScheduleFields, now: Date): boolean {
  const local = localParts(now, subscriber.timeZone);
  if (subscriber.frequency === 'weekly') {
    return local.weekday > subscriber.sendWeekday || (local.weekday === subscriber.sendWeekday && local.hour >= subscriber.sendHour);
  }
  return local.hour >= subscriber.sendHour;
}

/** The edition before `edition` for this subscriber's frequency (yesterday, or last week). */
export function previousEdition(subscriber: ScheduleFields, edition: EditionRef): EditionRef {
  const date = addDays(edition.date, subscriber.frequency === 'weekly' ? -7 : -1);
  return { key: `${subscriber.frequency}:${date}`, date };
}

/**
 * When an edition falls due for this subscriber, as a sortable local "YYYY-MM-DDTHH" stamp. Local
 * stamps compare correctly with `localStamp` of an instant in the same zone, without converting
 * a local time that may not exist (spring forward) or exist twice (fall back) to an instant.
 */
export function dueStamp(subscriber: ScheduleFields, edition: EditionRef): string {
  const day = subscriber.frequency === 'weekly' ? addDays(edition.date, subscriber.sendWeekday - 1) : edition.date;
  return `${day}T${String(subscriber.sendHour).padStart(2, '0')}`;
}

export function localStamp(instant: Date, timeZone: string): string {
  const local = localParts(instant, timeZone);
  return `${local.date}T${String(local.hour).padStart(2, '0')}`;
}

export interface CatchUpFacts {
  /** When the subscriber started receiving digests (confirmation, else creation). */
  since: Date;
  /** Date (YYYY-MM-DD) of the latest edition they have a delivery for, if any. */
  lastEditionDate: string | null;
  /**
   * The local day their latest digest of the other frequency reached them (otherFrequencyDay): a
   * daily reader who turned weekly on a Friday had this week's dailies, so this week's weekly
   * edition is not owed (it was sent at once, a second email that day; `status` rightly said
   * nothing was due).
   */
  lastOtherFrequencyDay?: string | null;
}

/**
 * The edition a scheduled send owes this subscriber now, or null.
 *
 * Once the local hour has passed, it is the current edition (the unique delivery row makes a
 * second run a no-op). Before that, it is the previous edition when that one fell due while the
 * service was down: the subscriber was already subscribed at its hour and has no delivery for it
 * or for any later edition. Only that one edition is caught up, never a backlog: a week of
 * downtime yields one digest (of the best unsent papers), not seven.
 */
export function dueEdition(subscriber: ScheduleFields, now: Date, facts: CatchUpFacts): EditionRef | null {
  if (isDue(subscriber, now)) {
    const current = editionNow(subscriber, now, facts);
    return current && !waitsForNextWeek(subscriber, now, facts.since) ? current : null;
  }
  const previous = previousEdition(subscriber, editionFor(subscriber, now));
  if (facts.lastEditionDate !== null && facts.lastEditionDate >= previous.date) return null;
  if (hadOtherFrequencyBy(facts.lastOtherFrequencyDay, previous)) return null;
  if (localStamp(facts.since, subscriber.timeZone) >= dueStamp(subscriber, previous)) return null;
  return previous;
}

/**
 * Their current edition, whatever the hour (`send --now`, and dueEdition once it is due), unless it
 * would be a second email after a digest they already had: one dated later (they moved west past
 * midnight since, Tokyo to New York after Monday's digest, and Sunday's would come dated before
 * it), or one of the other frequency that reached them on or after its day (a daily reader turned
 * weekly after today's daily: `send --now` mailed them this week's weekly minutes later).
 */
export function editionNow(subscriber: ScheduleFields, now: Date, facts: Pick<CatchUpFacts, 'lastEditionDate' | 'lastOtherFrequencyDay'>): EditionRef | null {
  const current = editionFor(subscriber, now);
  if (facts.lastEditionDate != null && facts.lastEditionDate > current.date) return null;
  return hadOtherFrequencyBy(facts.lastOtherFrequencyDay, current) ? null : current;
}

/**
 * Whether their last edition of the other frequency reached them on or after this edition's day (a
 * weekly reader who turned daily on a Tuesday, the day their weekly came, had two emails that day).
 */
function hadOtherFrequencyBy(reached: string | null | undefined, edition: EditionRef): boolean {
  return reached != null && reached >= edition.date;
}

/**
 * The local day their last edition of the other frequency reached them: the day it was sent (or
 * planned), in their zone. A weekly edition's date is its Monday and says nothing of that: it came
 * on their weekday, or at once to a new reader, or when `send --now` ran, and guessing their
 * weekday gave a reader whose weekly came early two emails that day, or days without a daily.
 * Only for one recorded from an imported list (`sentAt` unknown, `at` null) is the day guessed:
 * a daily edition's own, a weekly one's weekday.
 */
export function otherFrequencyDay(subscriber: ScheduleFields, lastOther: { date: string | null; at: Date | null }): string | null {
  if (lastOther.at) return localParts(lastOther.at, subscriber.timeZone).date;
  if (lastOther.date === null) return null;
  return subscriber.frequency === 'daily' ? addDays(lastOther.date, subscriber.sendWeekday - 1) : lastOther.date;
}

/** A weekly reader who joins this close to their next edition waits for it (waitsForNextWeek). */
export const FIRST_WEEKLY_WAIT_DAYS = 2;

/**
 * Whether a weekly reader who joined after this week's edition fell due (`since`, their
 * confirmation) waits for next week's instead of getting this week's at once: when next week's
 * falls due within FIRST_WEEKLY_WAIT_DAYS. A New York reader of Monday 07:00 who confirmed on
 * Sunday evening had "this week's papers" at once and the next weekly twelve hours later. Further
 * from the next one, this week's still comes at once rather than making a new reader wait days.
 */
export function waitsForNextWeek(subscriber: ScheduleFields, now: Date, since: Date): boolean {
  if (subscriber.frequency !== 'weekly') return false;
  const current = editionFor(subscriber, now);
  if (localStamp(since, subscriber.timeZone) < dueStamp(subscriber, current)) return false;
  const next = addDays(current.date, 7);
  return dueStamp(subscriber, { key: `weekly:${next}`, date: next }) <= localStamp(new Date(now.getTime() + FIRST_WEEKLY_WAIT_DAYS * 86_400_000), subscriber.timeZone);
}

/**
 * When this subscriber's next edition falls due, after `now`: the first quarter-hour (zones with
 * :30 and :45 offsets change hour on those) at which a new edition is due. Steps through local
 * time with Intl rather than computing offsets, so DST days need no special case.
 */
export function nextDueAt(subscriber: ScheduleFields, now: Date): Date | null {
  const step = 15 * 60_000;
  const dueNow = isDue(subscriber, now) ? editionFor(subscriber, now).key : null;
  let t = Math.floor(now.getTime() / step) * step + step;
  for (let i = 0; i < 9 * 24 * 4; i++, t += step) {
    const at = new Date(t);
    if (isDue(subscriber, at) && editionFor(subscriber, at).key !== dueNow) return at;
  }
  return null;
}
