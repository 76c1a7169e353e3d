// /admin's words for a job run's counts: what happened to people, not the send run's bookkeeping;
// and a run that recorded no end, shown as `paperboy status` shows it: gone once its process is.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { claimantName } from '../../src/delivery/claimant.js';
import { adminView } from '../../src/ops/admin-view.js';
import { GONE, NO_END, NO_END_RECORDED, noEndWords, unfinishedSince } from '../../src/ops/unfinished-run.js';
import { countsOf } from '../../src/schedule/job-history.js';

const none = { sent: 0, skipped: 0, failed: 0, bounced: 0 };
/** A send run's result as the send job records it: 5 of 8 already had the edition, 2 sent, 1 refused by policy. */
const sendResult = {
  mode: 'due', subscribers: 8, planned: 0, owed: 8, earlier: { ...none, sent: 5 }, early: none, notDue: 0, alreadyHad: 5, editions: 1,
  sent: 2, skipped: 0, retry: 0, refused: 1, failed: 0, bounced: 0, 'lost-claim': 0, released: 0, error: 0, pending: 0, claimedElsewhere: 0, planMs: 3, ms: 40,
};
const empty = { subscribers: [], editions: [], failures: [], topics: [], jobs: [], withoutEnd: [] };

describe('/admin job runs', () => {
  it('leaves out the planning counters and names the rare ones only when they happened', () => {
    const at = new Date('2026-12-03T09:18:00Z');
    const run = { name: 'send', startedAt: at, finishedAt: at, ok: true, error: null, counts: countsOf(sendResult)! };
    const view = adminView(empty, [run], 'UTC');
    const counts = view.jobs.find((job) => job.name === 'send')!.runs[0]!.counts;
    // Not "8 owed · 0 planned · 1 editions" beside "2 sent", which read as 8 digests due and lost.
    // The 5 who already had the edition are said, as `paperboy send` says it: "8 subscribers · 2 sent"
    // left them unexplained.
    expect(counts).toBe("8 subscribers · 2 sent · 0 skipped · 0 failed · 0 bounced · 0 pending · 5 already had this edition · 1 refused by the relay's policy");
    // Nor "· 3 aheadOpen" (a counter's name), nor "5,537 to retry" of attempts read as digests.
    const busier = adminView(empty, [{ ...run, counts: countsOf({ ...sendResult, aheadOpen: 3, retry: 5537 })! }], 'UTC');
    const words = busier.jobs.find((job) => job.name === 'send')!.runs[0]!.counts;
    expect(words).not.toContain('aheadOpen');
    expect(words).toContain('5,537 temporary failures (retried)');
    // The journal's count, in the words `paperboy send` uses, and only when it recorded something.
    const recovered = (n: number) => adminView(empty, [{ ...run, counts: countsOf({ ...sendResult, recordedFromJournal: n })! }], 'UTC').jobs.find((job) => job.name === 'send')!.runs[0]!.counts;
    expect(recovered(0)).not.toMatch(/journal/i);
    expect(recovered(5)).toContain('5 sent by an earlier run that stopped before recording them (recorded from its journal, not sent again)');
  });
});

describe('/admin counts in words', () => {
  const at = new Date('2026-12-03T09:18:00Z');
  const countsFor = (name: string, result: unknown) =>
    adminView(empty, [{ name, startedAt: at, finishedAt: at, ok: true, error: null, counts: countsOf(result)! }], 'UTC').jobs.find((job) => job.name === name)!.runs[0]!.counts;

  it('says one subscriber, one page, one entry, not "1 subscribers · 1 pages"', () => {
    const oneReader = { ...sendResult, subscribers: 1, owed: 1, earlier: none, alreadyHad: 0, sent: 1, refused: 0, retry: 1 };
    expect(countsFor('send', oneReader)).toBe('1 subscriber · 1 sent · 0 skipped · 0 failed · 0 bounced · 0 pending · 1 temporary failure (retried)');
    expect(countsFor('ingest', { pages: 1, entries: 1, new: 1, updated: 0, skipped: 0 })).toBe('1 page · 1 entry · 1 new · 0 updated · 0 unchanged');
  });

  it("names the re-check's ids arXiv does not know in words, not by the counter's name", () => {
    // What the recheck job records, as `paperboy fetch --source arxiv --recheck --json` prints it.
    const words = countsFor('recheck', { asked: 4, answered: 1, notFound: 3, updated: 0, withdrawn: 0, failures: [] });
    expect(words).toBe('4 asked · 1 answered · 3 unknown to arXiv · 0 updated · 0 withdrawn');
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
    expect(runs[0]).toEqual({ text: 'Thu, 3 Dec 2026, 21:00', iso: '2026-12-03T12:00:00.000Z', unfinished: NO_END, processGone: false });
    expect(`${runs[0]!.unfinished!.label}: ${runs[0]!.unfinished!.reason}`).toBe(NO_END_RECORDED);
    expect(runs[1]).toMatchObject({ ok: true, counts: '2 pages' });
  });

  it('shows it for a job whose first run has not ended, and nothing extra for one that ended', () => {
    const first = adminView({ ...empty, jobs: [{ ...job('2026-12-03T12:00:00Z', null), okAt: null }] }, [], 'UTC');
    expect(first.jobs.find((j) => j.name === 'fetch')!.runs).toEqual([{ text: 'Thu, 3 Dec 2026, 12:00', iso: '2026-12-03T12:00:00.000Z', unfinished: NO_END, processGone: false }]);
    const ended = adminView({ ...empty, jobs: [job('2026-12-03T06:00:00Z', '2026-12-03T06:00:05Z')] }, [earlier], 'UTC');
    expect(ended.jobs.find((j) => j.name === 'fetch')!.runs.map((run) => run.unfinished)).toEqual([undefined]);
  });

  // A pid of this machine that existed and is gone, as a kill -9 leaves it; and this process, alive.
  const gone = claimantName('fetch', spawnSync(process.execPath, ['-e', '']).pid);
  const alive = claimantName('fetch');

  it('says the last run did not finish once its process is gone, and no end recorded while it lives', () => {
    const last = { name: 'fetch', startedAt: new Date('2026-12-03T12:00:00Z') };
    const shown = (startedBy: string) =>
      adminView({ ...empty, jobs: [job('2026-12-03T12:00:00Z', '2026-12-03T06:00:05Z')], withoutEnd: [{ ...last, startedBy }] }, [earlier], 'UTC').jobs.find((j) => j.name === 'fetch')!.runs;
    expect(shown(gone)[0]).toMatchObject({ iso: '2026-12-03T12:00:00.000Z', unfinished: GONE, processGone: true });
    expect(`${GONE.label}: ${GONE.reason}`).toBe(noEndWords(true));
    expect(shown(alive)[0]).toMatchObject({ iso: '2026-12-03T12:00:00.000Z', unfinished: NO_END, processGone: false });
  });

  it('lists earlier runs that recorded no end in their place by start, not only finished ones', () => {
    // 06:00 finished; 07:00 killed; 08:00 by a live process, no end yet; 09:00, the last, finished.
    const finished = (hour: string) => ({ ...earlier, startedAt: new Date(`2026-12-03T${hour}:00:00Z`), finishedAt: new Date(`2026-12-03T${hour}:00:05Z`) });
    const view = adminView(
      {
        ...empty,
        jobs: [job('2026-12-03T09:00:00Z', '2026-12-03T09:00:05Z')],
        withoutEnd: [
          { name: 'fetch', startedAt: new Date('2026-12-03T08:00:00Z'), startedBy: alive },
          { name: 'fetch', startedAt: new Date('2026-12-03T07:00:00Z'), startedBy: gone },
        ],
      },
      [finished('09'), finished('06')],
      'UTC',
    );
    const runs = view.jobs.find((j) => j.name === 'fetch')!.runs;
    expect(runs.map((run) => [run.iso, run.unfinished?.label ?? run.ok])).toEqual([
      ['2026-12-03T09:00:05.000Z', true],
      ['2026-12-03T08:00:00.000Z', NO_END.label],
      ['2026-12-03T07:00:00.000Z', GONE.label],
      ['2026-12-03T06:00:05.000Z', true],
    ]);
  });

  it('is the same verdict `paperboy status` reaches', () => {
    expect(unfinishedSince({ startedAt: new Date('2026-12-03T12:00:00Z'), finishedAt: new Date('2026-12-03T06:00:05Z') })).toEqual(new Date('2026-12-03T12:00:00Z'));
    expect(unfinishedSince({ startedAt: new Date('2026-12-03T12:00:00Z'), finishedAt: null })).toEqual(new Date('2026-12-03T12:00:00Z'));
    expect(unfinishedSince({ startedAt: new Date('2026-12-03T12:00:00Z'), finishedAt: new Date('2026-12-03T12:00:00Z') })).toBeNull();
    expect(unfinishedSince({ startedAt: null, finishedAt: null })).toBeNull();
  });
});
