// `paperboy fetch` (the daily-papers feed): one day with --date, else the days the service's
// `fetch` job asks for, recorded as that job's run. Kept apart from fetch.ts, which parses the flags.
import type { App } from '../../app.js';
import { FEED_TIMEOUT_MS, FeedError, type FeedResult, fetchFeed, recentFeedDays } from '../../corpus/index.js';
import { EXIT } from '../context.js';
import { leftOutPart, printJson, printLines } from '../output.js';
import { printable } from '../printable.js';
import { plural } from '../../shared/wording.js';

export async function fetchFeedCommand(app: App, url: string, args: { date?: string; json: boolean }): Promise<number> {
  const now = app.clock.now();
  // The command says itself why a fetch failed: the feed's own warning would say it a second time.
  const log = app.log.child({}, { level: 'error' });
  if (args.date) {
    try {
      const result = await fetchFeed(app.db, { url, date: args.date, now, timeoutMs: FEED_TIMEOUT_MS, log });
      if (args.json) printJson(result);
      else printLines(describe(result));
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof FeedError)) throw error;
      process.stderr.write(`paperboy: ${printable(error.message)}; nothing was stored, run it again later.\n`);
      return EXIT.unexpected;
    }
  }
  // Without --date this is the `fetch` job's work (today and the day before, UTC:
  // recentFeedDays): recorded as that job's run, as `fetch --source arxiv` is the arxiv
  // job's, so that `status` does not say "has not run yet" right after it, nor keep an old error.
  const dates = recentFeedDays(now);
  const results: FeedResult[] = [];
  let failed = 0;
  const work = async () => {
    // In the job's words (as fetchRecentFeed words them), for its last error.
    const reasons: string[] = [];
    for (const date of dates) {
      try {
        results.push(await fetchFeed(app.db, { url, date, now, timeoutMs: FEED_TIMEOUT_MS, log, quiet: true }));
      } catch (error) {
        if (!(error instanceof FeedError)) throw error;
        failed += 1;
        reasons.push(`${date}: ${error.reason}`);
        process.stderr.write(`paperboy: ${printable(error.message)}; nothing was stored for it, run it again later.\n`);
      }
    }
    if (reasons.length > 0) throw new FeedError(url, reasons.join('; '));
    return results;
  };
  const { recordJobRun } = await import('../../schedule/index.js');
  // The failures were said above, one line each; anything else (the database) goes on up.
  await recordJobRun({ prisma: app.prisma, clock: app.clock, log }, 'fetch', work, true).catch((error: unknown) => {
    if (!(error instanceof FeedError)) throw error;
  });
  if (args.json) printJson(results);
  else if (results.length > 0) printLines(...results.map(describe));
  if (failed === 0) return EXIT.ok;
  return results.length > 0 ? EXIT.partial : EXIT.unexpected;
}

const describe = (result: FeedResult) =>
  result.unchanged
    ? `${result.page}: unchanged since the last fetch (${plural(result.entries, 'entry', 'entries')}), nothing to do.`
    : `${result.page}: ${plural(result.entries, 'entry', 'entries')}, ${result.new} new, ${result.updated} updated${leftOutPart(result.leftOut)}.`;
