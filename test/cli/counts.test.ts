// Counts in a command's summary are written alike within one line: "1,500 of 1,500 rows: 1,500
// new", never "1500 of 1,500". The summaries are built by the commands' own functions, checked
// here without a database (the commands themselves run in summaries.test.ts and subscribe.test.ts).
import { describe, expect, it } from 'vitest';
import { alreadyHadOf, notDueOf, type SendReport } from '../../src/delivery/index.js';
import { describeSend } from '../../src/cli/commands/send.js';
import { describeImport } from '../../src/cli/commands/subscribe.js';
import { describeRetry } from '../../src/cli/commands/retry.js';
import type { RetryReport } from '../../src/delivery/index.js';

const none = { sent: 0, skipped: 0, failed: 0, bounced: 0 };

/** A run's report, with its derived counts as the run makes them. */
function report(change: Partial<SendReport>): SendReport {
  const made = {
    mode: 'due', subscribers: 0, planned: 0, owed: 0, earlier: { ...none }, early: { ...none }, aheadOpen: 0, editions: 1,
    sent: 0, skipped: 0, retry: 0, refused: 0, failed: 0, bounced: 0, 'lost-claim': 0, released: 0, erased: 0, error: 0, pending: 0, claimedElsewhere: 0, recordedFromJournal: 0,
    skippedFor: { nothingNew: 0, withdrawn: 0, inactive: 0 },
    planMs: 0, ms: 0,
    ...change,
  } as SendReport;
  return { ...made, notDue: notDueOf(made), alreadyHad: alreadyHadOf(made) };
}

describe('counts in summaries', () => {
  it('writes every count of a send the same way, thousands grouped', () => {
    const lines = describeSend(report({ subscribers: 4200, owed: 4200, sent: 1230, skipped: 1500, skippedFor: { nothingNew: 1500, withdrawn: 0, inactive: 0 }, failed: 1010, bounced: 0, pending: 460 }), null);
    expect(lines).toEqual(['4,200 active subscribers considered: 1,230 digests sent, 1,500 skipped (no new paper matched their topics or liked papers), 1,010 failed, 460 still pending (the next scheduled send retries them).']);
    const earlier = describeSend(report({ subscribers: 2503, owed: 2503, sent: 1230, earlier: { ...none, sent: 1273 } }), null);
    expect(earlier).toEqual(['2,503 active subscribers considered: 1,230 digests sent, 1,273 already had this edition.']);
  });

  it('counts the digests another run finished meanwhile, so the parts add up to the total', () => {
    // Two `send --now` at once, 2,500 new readers: each printed "1,300 digests sent, 2,500 already had this edition" of 5,000.
    const lines = describeSend(report({ subscribers: 5000, owed: 5000, sent: 1300, earlier: { ...none, sent: 2500 } }), null);
    expect(lines).toEqual(['5,000 active subscribers considered: 1,300 digests sent, 2,500 already had this edition, 1,200 handled by another run meanwhile.']);
    // What a killed run's journal said was sent is not "another run": no other run was going.
    const journaled = describeSend(report({ subscribers: 200, owed: 200, sent: 197, recordedFromJournal: 3 }), null);
    expect(journaled).toEqual(['200 active subscribers considered: 197 digests sent, 3 sent by an earlier run that stopped before recording them (recorded from its journal, not sent again).']);
    // Nor is a reader erased while the run went (their delivery went with them, unsent).
    const erased = describeSend(report({ subscribers: 200, owed: 200, sent: 199, erased: 1 }), null);
    expect(erased).toEqual(['200 active subscribers considered: 199 digests sent, 1 erased during the run (not sent).']);
  });

  it('does not say "nothing was due" while digests of the edition failed earlier', () => {
    const lines = describeSend(report({ subscribers: 307, owed: 307, earlier: { ...none, sent: 301, failed: 3, bounced: 3 } }), null);
    expect(lines).toEqual(['307 active subscribers considered: 0 digests sent, 301 already had this edition, 3 failed earlier for this edition (paperboy retry --failed), 3 refused earlier by the server (never retried).']);
    expect(describeSend(report({ subscribers: 307, owed: 307, earlier: { ...none, sent: 307 } }), null)).toEqual(['Nothing to send: all 307 active subscribers already had this edition (paperboy status says when the next are due).']);
    expect(describeSend(report({ subscribers: 307, owed: 307, earlier: { ...none, sent: 300, skipped: 7 } }), null)).toEqual([
      'Nothing to send: all 307 active subscribers already had this edition (or had nothing new for it) (paperboy status says when the next are due).',
    ]);
    // One reader is not "all 1 active subscriber", nor "none of the 1".
    expect(describeSend(report({ subscribers: 1, owed: 1, earlier: { ...none, sent: 1 } }), null)).toEqual(['Nothing to send: the only active subscriber already had this edition (paperboy status says when the next are due).']);
    // Readers whose hour has not come are not due: "nothing was due".
    expect(describeSend(report({ subscribers: 3, owed: 1, earlier: { ...none, sent: 1 } }), null)).toEqual(['Nothing was due: none of the 3 active subscribers is owed a digest now (paperboy status says when the next are).']);
  });

  it('says why each skipped digest was skipped', () => {
    // A digest whose papers were all withdrawn since it was built is not "no new paper matched":
    // that would send the operator to the corpus or the reader's topics for the wrong cause.
    const lines = describeSend(report({ subscribers: 5, owed: 5, sent: 1, skipped: 4, skippedFor: { nothingNew: 2, withdrawn: 1, inactive: 1 } }), null);
    expect(lines).toEqual([
      '5 active subscribers considered: 1 digest sent, 2 skipped (no new paper matched their topics or liked papers), 1 skipped (every paper of their digest was withdrawn on arXiv after it was built), 1 skipped (paused, unsubscribed or suspended since their digest was planned).',
    ]);
  });

  it('counts a retried digest that was skipped, so the parts add up to what was retried', () => {
    const retried = {
      reopened: 3, editions: 1, sent: 1, skipped: 2, skippedFor: { nothingNew: 0, withdrawn: 1, inactive: 1 }, failed: 0, bounced: 0, pending: 0,
      retry: 0, refused: 0, 'lost-claim': 0, released: 0, error: 0, claimedElsewhere: 0,
    } as RetryReport;
    // On an embedded database the command opened itself no service runs: no scheduled send comes.
    expect(describeRetry({ ...retried, sent: 0, pending: 1 }, false)[1]).toBe('1 still pending: paperboy send retries them, or paperboy serve once it runs.');
    expect(describeRetry({ ...retried, sent: 0, pending: 1 })[1]).toBe('1 still pending: the next scheduled send retries them.');
    expect(describeRetry(retried)).toEqual([
      '3 failed deliveries in 1 edition retried: 1 sent, 1 skipped (every paper of their digest was withdrawn on arXiv after it was built), 1 skipped (paused, unsubscribed or suspended since their digest was planned), 0 failed again, 0 refused by the server.',
    ]);
  });

  it('writes every count of a CSV import the same way', () => {
    expect(describeImport({ rows: 1500, created: 1200, updated: 300, unchanged: 0, notActive: [], leftOut: [], errors: [], topics: {}, marksLeftOut: [], sent: { recorded: 0, notInCorpus: 0, missing: [] } })).toBe('Imported 1,500 of 1,500 rows: 1,200 new, 300 updated, 0 unchanged, 0 rejected.');
    const leftOut = [{ line: 2, email: 'never@example.org', status: 'pending' as const }];
    expect(describeImport({ rows: 1500, created: 1199, updated: 300, unchanged: 0, notActive: [], leftOut, errors: [], topics: {}, marksLeftOut: [], sent: { recorded: 0, notInCorpus: 0, missing: [] } })).toBe(
      'Imported 1,499 of 1,500 rows: 1,199 new, 300 updated, 0 unchanged, 1 left out (never confirmed), 0 rejected.',
    );
  });
});
