// Scheduled sends against a real database and SMTP server, with a fake clock: digests go out once
// their local hour has passed, a digest missed while the service was down is sent when it comes
// back (once, and only one), and `send --now` earlier in the day is not doubled by the schedule.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { sendDigests, upcomingDigests } from '../../src/delivery/index.js';
import { createScheduler } from '../../src/schedule/index.js';
import { serviceJobs } from '../../src/schedule/jobs.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { startRecordingSink, type RecordingSink } from '../../testkit/recording-sink.js';
import { addSubscribers } from '../delivery/helpers/world.js';
import { ingestSeeds } from '../../testkit/seeds.js';

describe('scheduled sends', () => {
  let db: TestDatabase;
  let sink: RecordingSink;
  let app: App;
  let clock: ReturnType<typeof fixedClock>;

  // Each test has its own world, on 20 November at 06:00, before anything was sent.
  beforeEach(async () => {
    clock = fixedClock(new Date('2026-11-20T06:00:00Z'));
    db = await createTestDatabase('postgres');
    sink = await startRecordingSink();
    app = await openTestApp(db, { clock, env: { SMTP_URL: sink.url } });
    await ingestSeeds(app.db, new Date('2026-11-19T00:00:00Z'));
    // Three topics each, so that several days of digests all find something new.
    // They subscribed after the 19th's digest fell due: the first one they are owed is the 20th's.
    await addSubscribers(app.prisma, { count: 6, prefix: 'utc', timeZones: ['UTC'], sendHour: 7, topics: 3, confirmedAt: new Date('2026-11-19T12:00:00Z') });
  });
  afterEach(async () => {
    await app?.close();
    await sink?.close();
    await db?.drop();
  });

  const run = async (iso: string, mode: 'due' | 'now' = 'due') => {
    clock.set(new Date(iso));
    return sendDigests(await app.deliveryDeps(), { mode, maxWaitMs: 2000 });
  };
  /** status and the send agree that nothing is due at this time. */
  const expectNothingDueAt = async (iso: string) => {
    clock.set(new Date(iso));
    expect((await upcomingDigests(app.prisma, clock.now())).dueNow).toBe(0);
    expect((await run(iso)).planned).toBe(0);
  };
  const editionsOf = async (email: string) =>
    (
      await app.prisma.delivery.findMany({ where: { subscriber: { email } }, include: { edition: true }, orderBy: { id: 'asc' } })
    ).map((d) => [d.edition.key, d.createdAt.toISOString(), d.status]);

  it('sends nothing before the local hour and each digest once after it', async () => {
    expect((await run('2026-11-20T06:50:00Z')).planned).toBe(0);
    const due = await run('2026-11-20T07:00:00Z');
    expect(due).toMatchObject({ planned: 6, sent: 6, pending: 0 });
    expect((await run('2026-11-20T07:10:00Z')).planned).toBe(0);
    expect(sink.accepted).toHaveLength(6);
  });

  it('sends a daily reader who turns weekly on a Friday nothing more that week, and says so; the weekly comes on Monday', async () => {
    await run('2026-11-20T07:00:00Z'); // Friday: every reader's daily digest
    // One of them turns weekly (Mondays at 07:00) at 09:00: this week's weekly edition fell due on Monday.
    await app.prisma.subscriber.update({ where: { email: 'utc1@example.org' }, data: { frequency: 'weekly', sendWeekday: 1 } });
    // The send used to send this week's weekly at once, a second email that day.
    await expectNothingDueAt('2026-11-20T09:10:00Z');
    // And `send --now`, which ignores the hour, not the digest they had that day.
    expect(await run('2026-11-20T09:20:00Z', 'now')).toMatchObject({ planned: 0, notDue: 1, alreadyHad: 5 });
    expect((await run('2026-11-22T09:10:00Z')).planned).toBe(5); // Sunday: the other five their daily
    const monday = await run('2026-11-23T07:00:00Z');
    expect(monday.planned).toBe(6);
    expect((await editionsOf('utc1@example.org')).map(([key]) => key)).toEqual(['daily:2026-11-20', 'weekly:2026-11-23']);
  });

  it('sends a reader who moves west past midnight after their digest no second one dated the day before; status agrees', async () => {
    await run('2026-11-20T07:00:00Z'); // Friday 20 November: every reader's daily digest
    // At 09:10Z it is still Thursday 22:10 in Pago Pago (UTC−11), past their 07:00: Thursday's
    // edition was sent on top of Friday's, dated the day before it.
    await app.prisma.subscriber.update({ where: { email: 'utc1@example.org' }, data: { timeZone: 'Pacific/Pago_Pago' } });
    await expectNothingDueAt('2026-11-20T09:10:00Z');
    expect(await run('2026-11-20T09:20:00Z', 'now')).toMatchObject({ planned: 0, notDue: 1, alreadyHad: 5 });
    // Saturday 07:00 in Pago Pago: the next day's digest, as usual.
    await run('2026-11-21T18:00:00Z');
    expect((await editionsOf('utc1@example.org')).map(([key]) => key)).toEqual(['daily:2026-11-20', 'daily:2026-11-21']);
  });

  it('sends a weekly reader who turns daily on the day their weekly came no daily that day; the next day, one', async () => {
    // Weekly on Fridays at 07:00: the week of 16 November's edition comes on Friday the 20th.
    await app.prisma.subscriber.update({ where: { email: 'utc1@example.org' }, data: { frequency: 'weekly', sendWeekday: 5 } });
    await run('2026-11-20T07:00:00Z');
    await app.prisma.subscriber.update({ where: { email: 'utc1@example.org' }, data: { frequency: 'daily' } });
    await expectNothingDueAt('2026-11-20T09:10:00Z');
    // Nor does status name a time today for them: their next is Saturday's, with everyone's.
    expect((await upcomingDigests(app.prisma, clock.now())).next).toEqual({ at: new Date('2026-11-21T07:00:00Z'), subscribers: 6 });
    await run('2026-11-21T07:00:00Z');
    expect((await editionsOf('utc1@example.org')).map(([key]) => key)).toEqual(['weekly:2026-11-16', 'daily:2026-11-21']);
  });

  it('sends a weekly reader whose weekly came early (send --now) and who turns daily that day their first daily the next day, not two that day nor none for days', async () => {
    // Weekly on Mondays at 07:00; on Thursday 19 November `send --now` sends this week's weekly.
    await app.prisma.subscriber.update({ where: { email: 'utc1@example.org' }, data: { frequency: 'weekly', sendWeekday: 1 } });
    expect(await run('2026-11-19T16:00:00Z', 'now')).toMatchObject({ planned: 6 });
    // That evening they turn daily: no second email on Thursday, whatever runs.
    await app.prisma.subscriber.update({ where: { email: 'utc1@example.org' }, data: { frequency: 'daily' } });
    expect(await run('2026-11-19T16:20:00Z', 'now')).toMatchObject({ planned: 0, notDue: 1 });
    // Friday at 07:00, their first daily with everyone's: the day guessed from their weekday
    // (Monday) was no better than one guessed from any other (a Friday reader waited until Saturday).
    await run('2026-11-20T07:00:00Z');
    expect((await editionsOf('utc1@example.org')).map(([key]) => key)).toEqual(['weekly:2026-11-16', 'daily:2026-11-20']);
  });

  it('sends a Friday weekly reader whose weekly came on Tuesday and who turns daily then a daily on Wednesday, not from Saturday; status agrees', async () => {
    // Weekly on Fridays at 07:00; a send --now on Tuesday 17 November sends this week's at once.
    await app.prisma.subscriber.update({ where: { email: 'utc1@example.org' }, data: { frequency: 'weekly', sendWeekday: 5 } });
    clock.set(new Date('2026-11-17T10:00:00Z'));
    await sendDigests(await app.deliveryDeps(), { mode: 'now', maxWaitMs: 2000 });
    await app.prisma.subscriber.update({ where: { email: 'utc1@example.org' }, data: { frequency: 'daily' } });
    // Tuesday: nothing more for them. Wednesday 07:00: their first daily.
    clock.set(new Date('2026-11-17T12:00:00Z'));
    expect((await upcomingDigests(app.prisma, clock.now())).next?.at).toEqual(new Date('2026-11-18T07:00:00Z'));
    expect(await run('2026-11-17T12:10:00Z', 'now')).toMatchObject({ notDue: 1 });
    expect(await run('2026-11-18T07:00:00Z')).toMatchObject({ planned: 6 });
    expect((await editionsOf('utc1@example.org')).map(([key]) => key)).toEqual(['weekly:2026-11-16', 'daily:2026-11-18']);
  });

  it("gives a weekly reader who confirms on Sunday evening Monday's weekly, not this week's as well; status agrees", async () => {
    await run('2026-11-22T07:00:00Z'); // Sunday: the daily readers' digests
    // A reader of Monday 07:00 confirms at 19:00 on Sunday: this week's weekly fell due on Monday the 16th.
    await addSubscribers(app.prisma, { count: 1, prefix: 'weekly', frequency: 'weekly', sendWeekday: 1, timeZones: ['UTC'], sendHour: 7, topics: 3, confirmedAt: new Date('2026-11-22T19:00:00Z') });
    clock.set(new Date('2026-11-22T19:10:00Z'));
    const upcoming = await upcomingDigests(app.prisma, clock.now());
    expect(upcoming.dueNow).toBe(0);
    expect(upcoming.next).toEqual({ at: new Date('2026-11-23T07:00:00Z'), subscribers: 7 });
    expect((await run('2026-11-22T19:10:00Z')).planned).toBe(0);
    expect((await run('2026-11-23T07:00:00Z')).planned).toBe(7);
    expect((await editionsOf('weekly1@example.org')).map(([key]) => key)).toEqual(['weekly:2026-11-23']);
  });

  it("after a day of downtime, sends yesterday's missed digest once on the way back, then today's at its hour", async () => {
    await run('2026-11-20T07:00:00Z');
    // Down from 20 Nov 08:00 to 22 Nov 03:00: the 21st was never sent.
    const back = await run('2026-11-22T03:00:00Z');
    expect(back).toMatchObject({ planned: 6, sent: 6 });
    expect((await run('2026-11-22T03:10:00Z')).planned).toBe(0);
    expect((await run('2026-11-22T07:00:00Z')).planned).toBe(6);
    expect(await editionsOf('utc1@example.org')).toEqual([
      ['daily:2026-11-20', '2026-11-20T07:00:00.000Z', 'sent'],
      ['daily:2026-11-21', '2026-11-22T03:00:00.000Z', 'sent'],
      ['daily:2026-11-22', '2026-11-22T07:00:00.000Z', 'sent'],
    ]);
    const editions = await app.prisma.edition.findMany({ orderBy: { key: 'asc' } });
    expect(editions.map((e) => [e.key, e.completedAt !== null])).toEqual([
      ['daily:2026-11-20', true],
      ['daily:2026-11-21', true],
      ['daily:2026-11-22', true],
    ]);
  });

  it('owes no missed digest to someone who subscribed after it fell due', async () => {
    await run('2026-11-22T07:00:00Z');
    await addSubscribers(app.prisma, { count: 1, prefix: 'late', sendHour: 7, topics: 3, confirmedAt: new Date('2026-11-22T08:00:00Z') });
    // 24 Nov 03:00: the 23rd was missed by everyone; the newcomer joined after the 22nd's hour.
    const back = await run('2026-11-24T03:00:00Z');
    expect(back.planned).toBe(7);
    expect(await editionsOf('late1@example.org')).toEqual([['daily:2026-11-23', '2026-11-24T03:00:00.000Z', 'sent']]);
  });

  it('does not double a digest that `send --now` sent before the hour', async () => {
    const now = await run('2026-11-25T05:00:00Z', 'now');
    expect(now.planned).toBe(6);
    expect((await run('2026-11-25T05:10:00Z')).planned).toBe(0);
    expect((await run('2026-11-25T07:00:00Z')).planned).toBe(0);
    const perMessage = new Map<string, number>();
    for (const m of sink.accepted) perMessage.set(m.messageId, (perMessage.get(m.messageId) ?? 0) + 1);
    expect([...perMessage.values()].every((n) => n === 1)).toBe(true);
    expect(sink.accepted).toHaveLength(await app.prisma.delivery.count({ where: { status: 'sent' } }));
  });

  it('records nothing for a scheduled send before the first ingest, and sends that day once papers are in', async () => {
    // A service started on an empty SEEDS_DIR, its feed not fetched yet.
    await app.prisma.paperSource.deleteMany();
    await app.prisma.corpusPage.deleteMany();
    await app.prisma.paper.deleteMany();
    clock.set(new Date('2026-11-20T07:00:00Z'));
    const scheduler = createScheduler({ prisma: app.prisma, log: app.log, clock }, await serviceJobs(app, new AbortController().signal));
    await scheduler.runNow('send');
    expect(await app.prisma.delivery.count()).toBe(0);
    expect(await app.prisma.jobRun.findUnique({ where: { name: 'send' } })).toMatchObject({ lastError: expect.stringMatching(/^The corpus has no paper yet/) });
    await ingestSeeds(app.db, new Date('2026-11-20T00:00:00Z'));
    clock.set(new Date('2026-11-20T07:10:00Z'));
    await scheduler.runNow('send');
    expect(await editionsOf('utc1@example.org')).toEqual([['daily:2026-11-20', '2026-11-20T07:10:00.000Z', 'sent']]);
    await scheduler.stop();
  });
});
