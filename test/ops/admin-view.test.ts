// /admin's words for a job run's counts: what happened to people, not the send run's bookkeeping;
// and a run that recorded no end, shown as `paperboy status` shows it.
import { describe, expect, it } from 'vitest';
import { adminView } from '../../src/ops/admin-view.js';
import { NO_END, NO_END_RECORDED, unfinishedSince } from '../../src/ops/unfinished-run.js';
import { countsOf } from '../../src/schedule/job-history.js';

const none = { sent: 0, skipped: 0, failed: 0, bounced: 0 };
/** A send run's result as the send job records it: 5 of 8 already had the edition, 2 sent, 1 refused by policy. */
const sendResult = {
  mode: 'due', subscribers: 8, planned: 0, owed: 8, earlier: { ...none, sent: 5 }, early: none, editions: 1,
  sent: 2, skipped: 0, retry: 0, refused: 1, failed: 0, bounced: 0, 'lost-claim': 0, released: 0, error: 0, pending: 0, claimedElsewhere: 0, planMs: 3, ms: 40,
};
const empty = { subscribers: [], editions: [], failures: [], topics: [], jobs: [] };

describe('/admin job runs', () => {
  it('leaves out the planning counters and names the rare ones only when they happened', () => {
    const at = new Date('2026-12-03T09:18:00Z');
    const run = { name: 'send', startedAt: at, finishedAt: at, ok: true, error: null, counts: countsOf(sendResult)! };
    const view = adminView(empty, [run], 'UTC');
    const counts = view.jobs.find((job) => job.name === 'send')!.runs[0]!.counts;
    // Not "8 owed · 0 planned · 1 editions" beside "2 sent", which read as 8 digests due and lost.
    expect(counts).toBe("8 subscribers · 2 sent · 0 skipped · 0 failed · 0 bounced · 0 pending · 1 refused by the relay's policy");
    // Nor "· 3 aheadOpen" (a counter's name), nor "5,537 to retry" of attempts read as digests.
    const busier = adminView(empty, [{ ...run, counts: countsOf({ ...sendResult, aheadOpen: 3, retry: 5537 })! }], 'UTC');
    const words = busier.jobs.find((job) => job.name === 'send')!.runs[0]!.counts;
    expect(words).not.toContain('aheadOpen');
    expect(words).toContain('5,537 temporary failures (retried)');
  });
});

describe('/admin and a run that recorded no end', () => {
  const job = (startedAt: string, finishedAt: string | null) => ({
    name: 'fetch',
    startedAt: new Date(startedAt),
    finishedAt: finishedAt ? new Date(finishedAt) : null,
    okAt: new Date('2026-12-03T06:00:05Z'),
    lastError: null,
  });
  const earlier = { name: 'fetch', startedAt: new Date('2026-12-03T06:00:00Z'), finishedAt: new Date('2026-12-03T06:00:05Z'), ok: true, error: null, counts: { pages: 2 } };

  it('shows it first, dated by its start, in the words `paperboy status` prints', () => {
    // Started at 12:00 after a run that finished at 06:00:05, and no end since: running, or lost.
    const view = adminView({ ...empty, jobs: [job('2026-12-03T12:00:00Z', '2026-12-03T06:00:05Z')] }, [earlier], 'Asia/Tokyo');
    const runs = view.jobs.find((j) => j.name === 'fetch')!.runs;
    expect(runs).toHaveLength(2);
    expect(runs[0]).toEqual({ text: 'Thu, 3 Dec 2026, 21:00', iso: '2026-12-03T12:00:00.000Z', unfinished: NO_END });
    expect(`${runs[0]!.unfinished!.label}: ${runs[0]!.unfinished!.reason}`).toBe(NO_END_RECORDED);
    expect(runs[1]).toMatchObject({ ok: true, counts: '2 pages' });
  });

  it('shows it for a job whose first run has not ended, and nothing extra for one that ended', () => {
    const first = adminView({ ...empty, jobs: [{ ...job('2026-12-03T12:00:00Z', null), okAt: null }] }, [], 'UTC');
    expect(first.jobs.find((j) => j.name === 'fetch')!.runs).toEqual([{ text: 'Thu, 3 Dec 2026, 12:00', iso: '2026-12-03T12:00:00.000Z', unfinished: NO_END }]);
    const ended = adminView({ ...empty, jobs: [job('2026-12-03T06:00:00Z', '2026-12-03T06:00:05Z')] }, [earlier], 'UTC');
    expect(ended.jobs.find((j) => j.name === 'fetch')!.runs.map((run) => run.unfinished)).toEqual([undefined]);
  });

  it('is the same verdict `paperboy status` reaches', () => {
    expect(unfinishedSince({ startedAt: new Date('2026-12-03T12:00:00Z'), finishedAt: new Date('2026-12-03T06:00:05Z') })).toEqual(new Date('2026-12-03T12:00:00Z'));
    expect(unfinishedSince({ startedAt: new Date('2026-12-03T12:00:00Z'), finishedAt: null })).toEqual(new Date('2026-12-03T12:00:00Z'));
    expect(unfinishedSince({ startedAt: new Date('2026-12-03T12:00:00Z'), finishedAt: new Date('2026-12-03T12:00:00Z') })).toBeNull();
    expect(unfinishedSince({ startedAt: null, finishedAt: null })).toBeNull();
  });
});
