// "First digest: …" on the page a confirmation link opens. A reader whose hour has passed gets the
// current edition on the next send run, unless that run comes after their day (or week) has ended:
// then the next edition, at their hour, and the page says so.
import { describe, expect, it } from 'vitest';
import type { ScheduleFields } from '../../src/calendar/index.js';
import { nextRunAfter } from '../../src/schedule/index.js';
import { describeFirstDigest } from '../../src/subscriptions/index.js';

const EVERY_TEN_MINUTES = '*/10 * * * *';
const losAngeles: ScheduleFields = { frequency: 'daily', sendHour: 7, sendWeekday: 1, timeZone: 'America/Los_Angeles' };
const firstDigest = (s: ScheduleFields, at: string, cron = EVERY_TEN_MINUTES) => describeFirstDigest(s, new Date(at), nextRunAfter(cron, new Date(at)));

describe('the first digest, in words', () => {
  it('is "shortly" when the next send run still falls on the reader’s day', () => {
    // 23:41 in Los Angeles, the next run at 23:50.
    expect(firstDigest(losAngeles, '2026-12-05T07:41:00Z')).toBe("shortly, with today's papers");
    // The same instant is 16:41 in Tokyo.
    expect(firstDigest({ ...losAngeles, timeZone: 'Asia/Tokyo' }, '2026-12-05T07:41:00Z')).toBe("shortly, with today's papers");
  });

  it('is tomorrow at their hour when the next send run comes after their midnight', () => {
    // 23:51 in Los Angeles: the 00:00 run owes them nothing until 07:00.
    expect(firstDigest(losAngeles, '2026-12-05T07:51:00Z')).toBe('tomorrow at 07:00');
    // With one send run a day (07:00 UTC, 16:00 in Tokyo): confirmed at 23:30 in Tokyo, past their
    // 08:00, a reader waits for tomorrow's; confirmed at 09:30, they have today's at 16:00.
    expect(firstDigest({ ...losAngeles, timeZone: 'Asia/Tokyo', sendHour: 8 }, '2026-12-05T14:30:00Z', '0 7 * * *')).toBe('tomorrow at 08:00');
    expect(firstDigest({ ...losAngeles, timeZone: 'Asia/Tokyo', sendHour: 8 }, '2026-12-05T00:30:00Z', '0 7 * * *')).toBe("shortly, with today's papers");
  });

  it('is the weekday of their next edition when the next run comes after their week has ended', () => {
    const weekly: ScheduleFields = { ...losAngeles, frequency: 'weekly', sendWeekday: 1 };
    // Sunday 6 December, 23:55 in Los Angeles.
    expect(firstDigest(weekly, '2026-12-07T07:55:00Z')).toBe('on Monday at 07:00');
    // Thursday 23:55: the week goes on, and the next weekly is days away.
    expect(firstDigest(weekly, '2026-12-04T07:55:00Z')).toBe("shortly, with this week's papers");
  });

  it('is the next weekly when it falls due within two days, not this week\'s as well', () => {
    // Saturday 23:55 in Los Angeles, Monday 07:00 thirty-one hours away; Sunday 19:00 in New York,
    // twelve hours away (a reader had this week's at once, and the next one that morning).
    const weekly: ScheduleFields = { ...losAngeles, frequency: 'weekly', sendWeekday: 1 };
    expect(firstDigest(weekly, '2026-12-06T07:55:00Z')).toBe('on Monday at 07:00');
    expect(firstDigest({ ...weekly, timeZone: 'America/New_York' }, '2026-12-07T00:00:00Z')).toBe('on Monday at 07:00');
  });

  it('is later today before their hour', () => {
    expect(firstDigest(losAngeles, '2026-12-05T13:00:00Z')).toBe('today at 07:00');
  });

  it('is the next edition for a reader back the day they left, who already had this one', () => {
    // A New York reader who had Saturday's digest, left and came back that afternoon was promised
    // "shortly, with today's papers"; the unique delivery row meant nothing came.
    const newYork: ScheduleFields = { ...losAngeles, timeZone: 'America/New_York' };
    const at = new Date('2026-12-05T18:00:00Z');
    expect(describeFirstDigest(newYork, at, nextRunAfter(EVERY_TEN_MINUTES, at), '2026-12-05')).toBe('tomorrow at 07:00');
    expect(describeFirstDigest(newYork, at, nextRunAfter(EVERY_TEN_MINUTES, at), '2026-12-04')).toBe("shortly, with today's papers");
    // Before their hour in Pago Pago (02:40 on 5 Dec), having had 5 Dec's already: not "today at 07:00".
    const pagoPago: ScheduleFields = { ...losAngeles, timeZone: 'Pacific/Pago_Pago' };
    expect(describeFirstDigest(pagoPago, new Date('2026-12-05T13:40:00Z'), null, '2026-12-05')).toBe('tomorrow at 07:00');
    // A reader who had Sunday 6 December's while in Kiritimati, back in Berlin on Saturday the 5th:
    // not "tomorrow" (the 6th, which they had), but Monday.
    const berlin: ScheduleFields = { ...losAngeles, timeZone: 'Europe/Berlin' };
    const saturday = new Date('2026-12-05T18:00:00Z');
    expect(describeFirstDigest(berlin, saturday, nextRunAfter(EVERY_TEN_MINUTES, saturday), '2026-12-06')).toBe('on Monday at 07:00');
    // A weekly reader who had this week's hears of next week's.
    const weekly: ScheduleFields = { ...newYork, frequency: 'weekly', sendWeekday: 1 };
    expect(describeFirstDigest(weekly, at, nextRunAfter(EVERY_TEN_MINUTES, at), '2026-11-30')).toBe('on Monday at 07:00');
  });
});

describe('the next send run after an instant', () => {
  it('is counted from that instant, not from the real time', () => {
    expect(nextRunAfter(EVERY_TEN_MINUTES, new Date('2026-12-05T07:51:30Z'))).toEqual(new Date('2026-12-05T08:00:00Z'));
    expect(nextRunAfter('0 7 * * *', new Date('2026-12-05T07:00:00Z'))).toEqual(new Date('2026-12-06T07:00:00Z'));
  });
});
