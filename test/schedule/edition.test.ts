// When a digest falls due, in the reader's zone, across daylight-saving changes (Intl does the
// calendar work; the clock here is just dates passed in), and what is caught up after downtime.
import { describe, expect, it } from 'vitest';
import { dueEdition, editionFor, isDue, nextDueAt, type ScheduleFields } from '../../src/calendar/index.js';
import { localParts } from '../../src/shared/time.js';

const daily = (timeZone: string, sendHour: number): ScheduleFields => ({ frequency: 'daily', sendHour, sendWeekday: 1, timeZone });
const at = (iso: string) => new Date(iso);
const MINUTE = 60_000;

/**
 * Ticks a scheduler every 10 minutes from `from` to `to` and returns, for each edition it would
 * create (the unique row makes a second one impossible), the first tick at which it did. The
 * edition current at `from` counts as sent before the window.
 */
function simulate(subscriber: ScheduleFields, from: string, to: string): Map<string, string> {
  const before = editionFor(subscriber, at(from));
  const created = new Map<string, string>([[before.key, 'before']]);
  let last: string | null = before.date;
  for (let t = at(from).getTime(); t <= at(to).getTime(); t += 10 * MINUTE) {
    const edition = dueEdition(subscriber, new Date(t), { since: at('2026-01-01T00:00:00Z'), lastEditionDate: last });
    if (edition && !created.has(edition.key)) {
      created.set(edition.key, new Date(t).toISOString());
      if (last === null || edition.date > last) last = edition.date;
    }
  }
  created.delete(before.key);
  return created;
}

describe('daily digests across DST in Europe/Berlin', () => {
  it('follow the local hour: 06:00 UTC in winter time, 05:00 UTC from the spring-forward Sunday', () => {
    const sent = simulate(daily('Europe/Berlin', 7), '2026-03-27T12:00:00Z', '2026-03-30T12:00:00Z');
    expect(Object.fromEntries(sent)).toEqual({
      'daily:2026-03-28': '2026-03-28T06:00:00.000Z',
      'daily:2026-03-29': '2026-03-29T05:00:00.000Z',
      'daily:2026-03-30': '2026-03-30T05:00:00.000Z',
    });
  });

  it('send an hour that does not exist (02:00 on 29 March) once, as soon as the clock jumps past it', () => {
    const s = daily('Europe/Berlin', 2);
    expect(isDue(s, at('2026-03-29T00:59:00Z'))).toBe(false); // 01:59 CET
    expect(isDue(s, at('2026-03-29T01:00:00Z'))).toBe(true); // 03:00 CEST
    const sent = simulate(s, '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z');
    expect(sent.get('daily:2026-03-29')).toBe('2026-03-29T01:00:00.000Z');
    expect(sent.size).toBe(2);
  });

  it('send an hour that happens twice (02:00 on 25 October) once, at its first occurrence', () => {
    const s = daily('Europe/Berlin', 2);
    expect(localParts(at('2026-10-25T00:00:00Z'), s.timeZone).hour).toBe(2); // 02:00 CEST
    expect(localParts(at('2026-10-25T01:00:00Z'), s.timeZone).hour).toBe(2); // 02:00 CET, again
    const sent = simulate(s, '2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z');
    expect(Object.fromEntries(sent)).toEqual({
      'daily:2026-10-25': '2026-10-25T00:00:00.000Z',
      'daily:2026-10-26': '2026-10-26T01:00:00.000Z',
    });
  });
});

describe('daily digests across DST in America/New_York', () => {
  it('send 02:00 on the spring-forward day (8 March) at 03:00 EDT, once', () => {
    const s = daily('America/New_York', 2);
    expect(isDue(s, at('2026-03-08T06:59:00Z'))).toBe(false); // 01:59 EST
    const sent = simulate(s, '2026-03-07T12:00:00Z', '2026-03-09T12:00:00Z');
    expect(Object.fromEntries(sent)).toEqual({
      'daily:2026-03-08': '2026-03-08T07:00:00.000Z',
      'daily:2026-03-09': '2026-03-09T06:00:00.000Z',
    });
  });

  it('send 01:00 on the fall-back day (1 November), which happens twice, once', () => {
    const sent = simulate(daily('America/New_York', 1), '2026-10-31T12:00:00Z', '2026-11-02T12:00:00Z');
    expect(Object.fromEntries(sent)).toEqual({
      'daily:2026-11-01': '2026-11-01T05:00:00.000Z', // 01:00 EDT
      'daily:2026-11-02': '2026-11-02T06:00:00.000Z', // 01:00 EST
    });
  });

  it('key editions by the local date: 23:00 in New York is already tomorrow in UTC', () => {
    const s = daily('America/New_York', 23);
    expect(editionFor(s, at('2026-11-23T04:30:00Z')).key).toBe('daily:2026-11-22');
    expect(isDue(s, at('2026-11-23T04:30:00Z'))).toBe(true);
  });
});

describe('weekly digests', () => {
  it('fall due on the chosen weekday and hour, once a week, across the Berlin fall-back', () => {
    const weekly: ScheduleFields = { frequency: 'weekly', sendHour: 8, sendWeekday: 7, timeZone: 'Europe/Berlin' };
    const sent = simulate(weekly, '2026-10-11T00:00:00Z', '2026-11-02T00:00:00Z');
    expect(Object.fromEntries(sent)).toEqual({
      'weekly:2026-10-12': '2026-10-18T06:00:00.000Z', // Sunday 08:00 CEST
      'weekly:2026-10-19': '2026-10-25T07:00:00.000Z', // Sunday 08:00 CET, the day clocks go back
      'weekly:2026-10-26': '2026-11-01T07:00:00.000Z',
    });
  });
});

describe('catch-up after downtime', () => {
  const s = daily('UTC', 7);
  const since = at('2026-01-01T00:00:00Z');

  it("owes yesterday's digest when it was never sent and today's hour has not come yet", () => {
    expect(dueEdition(s, at('2026-11-22T03:00:00Z'), { since, lastEditionDate: '2026-11-20' })?.key).toBe('daily:2026-11-21');
  });

  it('owes nothing before the hour when yesterday was sent, or when today was sent early (send --now)', () => {
    expect(dueEdition(s, at('2026-11-22T03:00:00Z'), { since, lastEditionDate: '2026-11-21' })).toBeNull();
    expect(dueEdition(s, at('2026-11-22T03:00:00Z'), { since, lastEditionDate: '2026-11-22' })).toBeNull();
  });

  it('catches up one edition, not a backlog, after days of downtime', () => {
    expect(dueEdition(s, at('2026-11-22T03:00:00Z'), { since, lastEditionDate: '2026-11-10' })?.key).toBe('daily:2026-11-21');
    expect(dueEdition(s, at('2026-11-22T09:00:00Z'), { since, lastEditionDate: '2026-11-10' })?.key).toBe('daily:2026-11-22');
  });

  it('owes nothing to someone who subscribed after the missed edition fell due', () => {
    const lateSince = at('2026-11-21T07:30:00Z');
    expect(dueEdition(s, at('2026-11-22T03:00:00Z'), { since: lateSince, lastEditionDate: null })).toBeNull();
    expect(dueEdition(s, at('2026-11-22T07:00:00Z'), { since: lateSince, lastEditionDate: null })?.key).toBe('daily:2026-11-22');
  });

  it("owes last week's weekly digest before this week's day comes", () => {
    const weekly: ScheduleFields = { frequency: 'weekly', sendHour: 9, sendWeekday: 3, timeZone: 'UTC' };
    // Tuesday 24 November: this week's (Wednesday) is not due; last week's was missed.
    expect(dueEdition(weekly, at('2026-11-24T10:00:00Z'), { since, lastEditionDate: '2026-11-09' })?.key).toBe('weekly:2026-11-16');
    expect(dueEdition(weekly, at('2026-11-24T10:00:00Z'), { since, lastEditionDate: '2026-11-16' })).toBeNull();
  });

  it("gives a weekly reader who joins within two days of their next edition that one, not this week's as well", () => {
    // A New York reader of Monday 07:00 who confirmed on Sunday 6 December at 19:00 had "this week's
    // papers" at once and the next weekly twelve hours later.
    const newYork: ScheduleFields = { frequency: 'weekly', sendHour: 7, sendWeekday: 1, timeZone: 'America/New_York' };
    const sunday = at('2026-12-07T00:00:00Z');
    expect(dueEdition(newYork, sunday, { since: sunday, lastEditionDate: null })).toBeNull();
    expect(dueEdition(newYork, at('2026-12-07T12:00:00Z'), { since: sunday, lastEditionDate: null })?.key).toBe('weekly:2026-12-07');
    // Joined on Thursday evening, four days before: this week's comes at once.
    const thursday = at('2026-12-04T00:00:00Z');
    expect(dueEdition(newYork, thursday, { since: thursday, lastEditionDate: null })?.key).toBe('weekly:2026-11-30');
    // A reader of long standing whose weekly is due is owed it, whenever the next one falls.
    expect(dueEdition(newYork, sunday, { since, lastEditionDate: '2026-11-23' })?.key).toBe('weekly:2026-11-30');
    // Daily readers are not held back: tomorrow's is always within two days.
    expect(dueEdition(daily('America/New_York', 7), sunday, { since: sunday, lastEditionDate: null })?.key).toBe('daily:2026-12-06');
  });
});

describe('nextDueAt', () => {
  it('finds the next local hour, through DST and half-hour zones', () => {
    expect(nextDueAt(daily('Europe/Berlin', 7), at('2026-03-28T12:00:00Z'))?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
    expect(nextDueAt(daily('Asia/Kolkata', 7), at('2026-11-22T12:00:00Z'))?.toISOString()).toBe('2026-11-23T01:30:00.000Z');
    // Already due today: the next one is tomorrow's.
    expect(nextDueAt(daily('UTC', 7), at('2026-11-22T08:00:00Z'))?.toISOString()).toBe('2026-11-23T07:00:00.000Z');
  });
});
