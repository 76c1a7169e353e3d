import type { Command } from 'commander';
import type { Logger } from '../../shared/logger.js';
import { z } from 'zod';
import { arxivCategoryList, DEFAULT_FEED_URL } from '../../config/index.js';
import { FEED_TIMEOUT_MS } from '../../corpus/index.js';
import { UserError } from '../../shared/errors.js';
import { EXIT, type Action, type CliContext } from '../context.js';
import { printJson, printLines } from '../output.js';
import { printable } from '../printable.js';
import { parseArgs } from '../validate.js';
import { plural } from '../../shared/wording.js';


const argsSchema = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-11-22', abort: true })
    .refine((date) => !Number.isNaN(new Date(`${date}T00:00:00Z`).getTime()) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date), 'is not a calendar date')
    .optional(),
  json: z.boolean().default(false),
  source: z.enum(['feed', 'arxiv'], { error: 'source must be feed or arxiv' }).default('feed'),
  // One category or several (cs.CL,cs.LG), checked against arXiv's taxonomy and spelt as arXiv does.
  category: arxivCategoryList.refine((categories) => categories.length > 0, 'must name an arXiv category, such as cs.CL').optional(),
  recheck: z.boolean().default(false),
});

export function registerFetch(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('fetch')
    .description(`ingest one day of the Hugging Face daily-papers feed from FEED_URL (default ${DEFAULT_FEED_URL}; default day: today, UTC), or with --source arxiv the arXiv listings of the last five submission days (as the service does) or of --date; --recheck asks arXiv again for the papers of the last 14 days`)
    .option('--date <YYYY-MM-DD>', 'the day to fetch (default: today for the feed; for arXiv the last five days, as the service does)')
    .option('--source <feed|arxiv>', 'feed (default) or arxiv: the arXiv API (ARXIV_API_URL) for --category or ARXIV_CATEGORIES')
    .option('--category <names>', 'with --source arxiv: arXiv categories instead of ARXIV_CATEGORIES, e.g. cs.CL or cs.CL,cs.LG')
    .option('--recheck', "with --source arxiv: ask arXiv again, by id, for the last 14 days' papers that have an arXiv id (the service's daily recheck job), to find withdrawals and new versions")
    .option(
      '--json',
      // With --source arxiv the result is an array: one element per category-day stored. A failed
      // one is not in it (an element of another shape would break a script that sums `new`): it is
      // named on stderr and sets the exit code, 3 or 1.
      'print only the result as JSON: {page, date, entries, new, updated, unchanged}; with --source arxiv an array of those (with category), one per category-day stored, a failed one named on stderr only (exit 3, or 1 when all failed); with --recheck {asked, answered, notFound, updated, withdrawn, failures}',
    )
    .action((options: { date?: string; json?: boolean; source?: string; category?: string; recheck?: boolean }) =>
      run(async () => {
        const args = parseArgs(argsSchema, options);
        if (args.recheck && (args.source !== 'arxiv' || args.date || args.category)) {
          throw new UserError('--recheck asks arXiv about the papers already stored, whatever their day or category: run fetch --source arxiv --recheck, without --date or --category');
        }
        const { FeedError, fetchFeed } = await import('../../corpus/index.js');
        const app = await ctx.openApp();
        try {
          const now = app.clock.now();
          const today = now.toISOString().slice(0, 10);
          const date = args.date ?? today;
          // Nothing is listed for a day that has not come: a fetch would store it as an empty day.
          if (date > today) throw new UserError(`--date ${date} is in the future (today is ${today}, UTC): nothing is listed for it yet`);
          if (args.recheck) {
            const { recheckArxivCommand } = await import('./recheck-arxiv.js');
            return await recheckArxivCommand(app, args);
          }
          if (args.source === 'arxiv') {
            const { fetchArxivCommand } = await import('./fetch-arxiv.js');
            return await fetchArxivCommand(app, args);
          }
          if (!app.config.feedUrl) throw new UserError('the daily-papers feed is off (FEED_URL=off); set FEED_URL to fetch it, or pass --source arxiv');
          const url = app.config.feedUrl;
          const result = await fetchFeed(app.db, { url, date, now, timeoutMs: FEED_TIMEOUT_MS, log: reportedHere(app.log) });
          if (args.json) printJson(result);
          else if (result.unchanged) printLines(`${result.page}: unchanged since the last fetch (${plural(result.entries, 'entry', 'entries')}), nothing to do.`);
          else printLines(`${result.page}: ${plural(result.entries, 'entry', 'entries')}, ${result.new} new, ${result.updated} updated.`);
          return EXIT.ok;
        } catch (error) {
          if (!(error instanceof FeedError)) throw error;
          process.stderr.write(`paperboy: ${printable(error.message)}; nothing was stored, run it again later.\n`);
          return EXIT.unexpected;
        } finally {
          await app.close();
        }
      }),
    );
}

/** The command says itself why a fetch failed: the feed's own warning would say it a second time. */
const reportedHere = (log: Logger) => log.child({}, { level: 'error' });
