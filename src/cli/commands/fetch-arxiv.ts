// `paperboy fetch --source arxiv`: one day of arXiv listings, for --category or every category of
// ARXIV_CATEGORIES, through ARXIV_API_URL. Kept apart from fetch.ts, which keeps the feed.
import type { App } from '../../app.js';
import { ARXIV_TIMEOUT_MS, ArxivError, type ArxivResult, createPacer, fetchArxivDay, recentArxivDays } from '../../corpus/index.js';
import { UserError } from '../../shared/errors.js';
import { EXIT } from '../context.js';
import { printJson, printLines } from '../output.js';
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
  const dates = args.date ? [args.date] : recentArxivDays(app.clock.now());
  const asks = categories.flatMap((category) => dates.map((date) => ({ category, date })));
  for (const [index, { category, date }] of asks.entries()) {
    try {
      const options = { apiUrl, category, date, now: app.clock.now(), timeoutMs: ARXIV_TIMEOUT_MS, log: app.log, pacer, quiet: true };
      results.push(await fetchArxivDay(app.db, options));
    } catch (error) {
      if (!(error instanceof ArxivError)) throw error;
      failed.push(`${category} ${date}`);
      process.stderr.write(`paperboy: ${category} ${date}: ${error.reason}; nothing was stored for it, run it again later.\n`);
      // Nothing answered at ARXIV_API_URL: the other category-days would each wait for the same silence.
      const rest = asks.length - index - 1;
      if (error.unreachable && rest > 0) {
        failed.push(...asks.slice(index + 1).map((ask) => `${ask.category} ${ask.date}`));
        process.stderr.write(`paperboy: nothing answered at ${apiUrl} (ARXIV_API_URL): the other ${plural(rest, 'category-day')} ${rest === 1 ? 'was' : 'were'} not asked; check the setting, or run it again later.\n`);
        break;
      }
    }
  }
  if (args.json) printJson(results);
  else if (results.length > 0)
    printLines(
      ...results.map((r) =>
        r.unchanged ? `${r.page}: unchanged since the last fetch (${plural(r.entries, 'entry', 'entries')}), nothing to do.` : `${r.page}: ${plural(r.entries, 'entry', 'entries')}, ${r.new} new, ${r.updated} updated.`,
      ),
    );
  if (failed.length === 0) return EXIT.ok;
  return results.length > 0 ? EXIT.partial : EXIT.unexpected;
}
