// The job-run history behind /admin: each run's outcome and counts, a bounded number kept per job.
import { describe, expect, it } from 'vitest';
import { countsOf, lastJobRuns, recordJobHistory, RUNS_KEPT } from '../../src/schedule/job-history.js';
import { appPerFile } from '../helpers/app-per-file.js';

const t = appPerFile();

describe('job run history', () => {
  it('keeps the last runs of each job with their counts, newest first', async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 8, minute));
    for (let i = 0; i < RUNS_KEPT + 2; i++) {
      await recordJobHistory(t.app.prisma, { name: 'send', startedAt: at(i), finishedAt: at(i), ok: true, result: { sent: i, skipped: 1, ms: 1234 } });
    }
    await recordJobHistory(t.app.prisma, { name: 'fetch', startedAt: at(1), finishedAt: at(2), ok: false, error: 'feed answered 503' });
    expect(await t.app.prisma.jobRunRecord.count({ where: { name: 'send' } })).toBe(RUNS_KEPT);
    const runs = await lastJobRuns(t.app.prisma, 2);
    expect(runs.map((run) => [run.name, run.ok, run.counts])).toEqual([
      ['fetch', false, {}],
      ['send', true, { sent: RUNS_KEPT + 1, skipped: 1 }],
      ['send', true, { sent: RUNS_KEPT, skipped: 1 }],
    ]);
    expect(runs[0]!.error).toBe('feed answered 503');
  });

  it('adds up the numbers of a feed fetch, one result per day, and leaves durations out', () => {
    expect(countsOf([{ page: 'feed:2026-12-01', entries: 30, new: 4, updated: 1, unchanged: false }, { entries: 28, new: 0, updated: 0, ms: 80 }])).toEqual({
      pages: 2,
      entries: 58,
      new: 4,
      updated: 1,
    });
    expect(countsOf(undefined)).toBeUndefined();
  });
});
