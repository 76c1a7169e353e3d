import type { Command } from 'commander';
import { z } from 'zod';
import { arxivCategoryList, DEFAULT_FEED_URL } from '../../config/index.js';
import { UserError } from '../../shared/errors.js';
import { type Action, type CliContext } from '../context.js';
import { parseArgs } from '../validate.js';


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
    .description(`ingest the Hugging Face daily-papers feed from FEED_URL (default ${DEFAULT_FEED_URL}): the day --date names, or without it today and yesterday (UTC) as the service does, recorded as the fetch job's run for status; or with --source arxiv the arXiv listings of the last five submission days (as the service does) or of --date; --recheck asks arXiv again for the papers of the last 14 days`)
    .option('--date <YYYY-MM-DD>', 'the day to fetch (default: as the service does, today and yesterday for the feed, the last five days for arXiv)')
    .option('--source <feed|arxiv>', 'feed (default) or arxiv: the arXiv API (ARXIV_API_URL) for --category or ARXIV_CATEGORIES')
    .option('--category <names>', 'with --source arxiv: arXiv categories instead of ARXIV_CATEGORIES, e.g. cs.CL or cs.CL,cs.LG')
    .option('--recheck', "with --source arxiv: ask arXiv again, by id, for the last 14 days' papers that have an arXiv id (the service's daily recheck job), to find withdrawals and new versions")
    .option(
      '--json',
      // Without --date, or with --source arxiv, the result is an array: one element per day (or
      // category-day) stored. A failed one is not in it (an element of another shape would break a script that sums `new`): it is
      // named on stderr and sets the exit code, 3 or 1.
      'print only the result as JSON: {page, date, entries, new, updated, unchanged} for a --date; without --date an array of those, one per day stored; with --source arxiv an array of those (with category), one per category-day stored; a failed day is named on stderr only (exit 3, or 1 when all failed); with --recheck {asked, answered, notFound, updated, withdrawn, failures}',
    )
    .action((options: { date?: string; json?: boolean; source?: string; category?: string; recheck?: boolean }) =>
      run(async () => {
        const args = parseArgs(argsSchema, options);
        // Each refusal names the flag that is wrong: `--recheck` alone was told to drop a --date or
        // --category it did not have, and `--category cs.LG` without --source read the feed instead.
        if (args.recheck && args.source !== 'arxiv') throw new UserError('--recheck asks arXiv: run fetch --source arxiv --recheck');
        if (args.recheck && (args.date || args.category)) {
          throw new UserError('--recheck asks arXiv about the papers already stored, whatever their day or category: run fetch --source arxiv --recheck, without --date or --category');
        }
        if (args.category && args.source !== 'arxiv') throw new UserError(`--category lists arXiv categories: run fetch --source arxiv --category ${args.category.join(',')}`);
        const app = await ctx.openApp();
        try {
          const today = app.clock.now().toISOString().slice(0, 10);
          // Nothing is listed for a day that has not come: a fetch would store it as an empty day.
          if (args.date && args.date > today) throw new UserError(`--date ${args.date} is in the future (today is ${today}, UTC): nothing is listed for it yet`);
          if (args.recheck) {
            const { recheckArxivCommand } = await import('./recheck-arxiv.js');
            return await recheckArxivCommand(app, args);
          }
          if (args.source === 'arxiv') {
            const { fetchArxivCommand } = await import('./fetch-arxiv.js');
            return await fetchArxivCommand(app, args);
          }
          // arXiv named as the way out only where it is on: with ARXIV_API_URL=off it was refused next.
          if (!app.config.feedUrl) throw new UserError(`the daily-papers feed is off (FEED_URL=off); set FEED_URL to fetch it${app.config.arxivApiUrl ? ', or pass --source arxiv' : ''}`);
          const { fetchFeedCommand } = await import('./fetch-feed.js');
          return await fetchFeedCommand(app, app.config.feedUrl, args);
        } finally {
          await app.close();
        }
      }),
    );
}

