// `paperboy fetch --source arxiv`: one day of arXiv listings, for --category or every category of
// ARXIV_CATEGORIES, through ARXIV_API_URL. Kept apart from fetch.ts, which keeps the feed.
import type { App } from '../../app.js';
import { ARXIV_TIMEOUT_MS, ArxivError, type ArxivResult, createPacer, fetchArxivDay, recentArxivDays } from '../../corpus/index.js';
import { UserError } from '../../shared/errors.js';
import { EXIT } from '../context.js';
import { leftOutPart, printJson, printLines } from '../output.js';
import { plural } from '../../shared/wording.js';

/**
 * Without --date, the days the service asks for (recentArxivDays): arXiv's API lists a paper only
 * once it is announced, a day or more after its submission, so today alone is always empty.
 */
export async function fetchArxivCommand(app: App, args: { date?: string; category?: string[]; json: boolean }): Promise<number> {
  const apiUrl = app.config.arxivApiUrl;
  if (!apiUrl) throw new UserError('arXiv is turned off here (ARXIV_API_URL=off): set ARXIV_API_URL to the arXiv API, or leave it unset for the public one');
  const categories = args.category ?? app.config.arxivCategories;
  if (categories.length === 0) throw new UserError('no arXiv category: pass --category (e.g. cs.CL) or set ARXIV_CATEGORIES');
  const pacer = createPacer();
  const results: ArxivResult[] = [];
  const failed: string[] = [];
  // In the job's words, for its last error when this run is the job's.
  const reasons: string[] = [];
  const dates = args.date ? [args.date] : recentArxivDays(app.clock.now());
  const asks = categories.flatMap((category) => dates.map((date) => ({ category, date })));
  const work = async () => {
    for (const [index, { category, date }] of asks.entries()) {
      try {
        const options = { apiUrl, category, date, now: app.clock.now(), timeoutMs: ARXIV_TIMEOUT_MS, log: app.log, pacer, quiet: true };
        results.push(await fetchArxivDay(app.db, options));
      } catch (error) {
        if (!(error instanceof ArxivError)) throw error;
        failed.push(`${category} ${date}`);
        reasons.push(`${category} ${date}: ${error.reason}`);
        process.stderr.write(`paperboy: ${category} ${date}: ${error.reason}; nothing was stored for it, run it again later.\n`);
        // Nothing answered at ARXIV_API_URL: the other category-days would each wait for the same silence.
        const rest = asks.length - index - 1;
        if (error.unreachable && rest > 0) {
          failed.push(...asks.slice(index + 1).map((ask) => `${ask.category} ${ask.date}`));
          reasons.push(`${rest} more not asked`);
          process.stderr.write(`paperboy: nothing answered at ${apiUrl} (ARXIV_API_URL): the other ${plural(rest, 'category-day')} ${rest === 1 ? 'was' : 'were'} not asked; check the setting, or run it again later.\n`);
          break;
        }
      }
    }
    if (reasons.length > 0) throw new ArxivError(apiUrl, reasons.join('; '));
    return results;
  };
  // Without --date and --category this is the `arxiv` job's work (the last five days of
  // ARXIV_CATEGORIES): recorded as that job's run, as `ingest` of SEEDS_DIR and `--recheck` are,
  // so that `status` does not say "has not run yet" right after it, nor keep an old error.
  // The failures were said above, one line each; anything else (the database) goes on up.
  const saidAbove = (error: unknown) => {
    if (!(error instanceof ArxivError)) throw error;
  };
  if (!args.date && !args.category) {
    const { recordJobRun } = await import('../../schedule/index.js');
    // The command says itself what failed: the job's warning would say it a second time.
    const log = app.log.child({}, { level: 'error' });
    await recordJobRun({ prisma: app.prisma, clock: app.clock, log }, 'arxiv', work, true).catch(saidAbove);
  } else {
    await work().catch(saidAbove);
  }
  if (args.json) printJson(results);
  else if (results.length > 0)
    printLines(
      ...results.map((r) =>
        r.unchanged ? `${r.page}: unchanged since the last fetch (${plural(r.entries, 'entry', 'entries')}), nothing to do.` : `${r.page}: ${plural(r.entries, 'entry', 'entries')}, ${r.new} new, ${r.updated} updated${leftOutPart(r.leftOut)}.`,
      ),
    );
  if (failed.length === 0) return EXIT.ok;
  return results.length > 0 ? EXIT.partial : EXIT.unexpected;
}
