// The job-run history behind /admin and `status`: each run from its start, its outcome and counts,
// a bounded number kept per job.
import { describe, expect, it } from 'vitest';
import { countsOf, lastJobRuns, recordJobEnd, recordJobStart, runsWithoutEnd, RUNS_KEPT, type JobRunEnd } from '../../src/schedule/job-history.js';
import { appPerFile } from '../helpers/app-per-file.js';

const t = appPerFile();

/** A run as recordJobRun writes it: at its start, then completed at its end. */
async function recordRun(name: string, startedAt: Date, end: JobRunEnd): Promise<void> {
  await recordJobEnd(t.app.prisma, await recordJobStart(t.app.prisma, { name, startedAt, startedBy: 'test' }), end);
}

describe('job run history', () => {
  it('keeps the last runs of each job with their counts, newest first', async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 8, minute));
    for (let i = 0; i < RUNS_KEPT + 2; i++) {
      await recordRun('send', at(i), { finishedAt: at(i), ok: true, result: { sent: i, skipped: 1, ms: 1234 } });
    }
    await recordRun('fetch', at(1), { finishedAt: at(2), ok: false, error: 'feed answered 503' });
    expect(await t.app.prisma.jobRunRecord.count({ where: { name: 'send' } })).toBe(RUNS_KEPT);
    const runs = await lastJobRuns(t.app.prisma, 2);
    expect(runs.map((run) => [run.name, run.ok, run.counts])).toEqual([
      ['fetch', false, {}],
      ['send', true, { sent: RUNS_KEPT + 1, skipped: 1 }],
      ['send', true, { sent: RUNS_KEPT, skipped: 1 }],
    ]);
    expect(runs[0]!.error).toBe('feed answered 503');
  });

  it('holds a run from its start, without an end until it ends, and lists only finished runs as such', async () => {
    const startedAt = new Date(Date.UTC(2026, 11, 3, 8, 0));
    try {
      const id = await recordJobStart(t.app.prisma, { name: 'recheck', startedAt, startedBy: 'recheck@host:1#space' });
      expect(await runsWithoutEnd(t.app.prisma)).toEqual([{ name: 'recheck', startedAt, startedBy: 'recheck@host:1#space' }]);
      expect((await lastJobRuns(t.app.prisma)).filter((run) => run.name === 'recheck')).toEqual([]);
      await recordJobEnd(t.app.prisma, id, { finishedAt: startedAt, ok: true, result: { asked: 3 } });
      expect(await runsWithoutEnd(t.app.prisma)).toEqual([]);
      expect((await lastJobRuns(t.app.prisma)).filter((run) => run.name === 'recheck').map((run) => run.counts)).toEqual([{ asked: 3 }]);
    } finally {
      // The other tests here list every job's runs (they run in a random order).
      await t.app.prisma.jobRunRecord.deleteMany({ where: { name: 'recheck' } });
    }
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
