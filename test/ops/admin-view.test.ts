// /admin's words for a job run's counts: what happened to people, not the send run's bookkeeping.
import { describe, expect, it } from 'vitest';
import { adminView } from '../../src/ops/admin-view.js';
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
  });
});
