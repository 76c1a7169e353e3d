import type { Command } from 'commander';
import { z } from 'zod';
import { EXIT, type Action, type CliContext } from '../context.js';
import { leftOutPart, printJson, printLines, progressBar } from '../output.js';
import { printProblems } from '../run.js';
import { parseArgs } from '../validate.js';
import { formatCount, plural } from '../../shared/wording.js';
import { UserError } from '../../shared/errors.js';
import { abortOnSignals } from '../../shared/signals.js';
import type { SchedulerDeps } from '../../schedule/index.js';

const argsSchema = z.object({
  paths: z.array(z.string().min(1)),
  json: z.boolean().default(false),
});

export function registerIngest(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('ingest')
    .description('ingest corpus pages (files or directories of *.txt); without paths, SEEDS_DIR (default ./seeds), which is the ingest job\'s work and recorded as its run for status')
    .argument('[paths...]', 'page files or directories (default: SEEDS_DIR)')
    .option('--json', 'print only the summary {pages, entries, new, updated, skipped, leftOut, failed: [{file, line, message}], notReached} as JSON (line 0: the page as a whole; notReached: pages not read because Ctrl-C or SIGTERM stopped the run)')
    .action((paths: string[], options: { json?: boolean }) =>
      run(async () => {
        const args = parseArgs(argsSchema, { paths, json: options.json });
        const { ingestFiles, listPageFiles } = await import('../../corpus/index.js');
        const app = await ctx.openApp();
        try {
          const files = await listPageFiles(args.paths.length > 0 ? args.paths : [app.config.seedsDir], args.paths.length === 0 ? { allowEmpty: true, setting: 'SEEDS_DIR' } : {});
          // The folder was not typed: name the setting it came from. Nothing to do is not done.
          if (files.length === 0) {
            throw new UserError(`SEEDS_DIR ${app.config.seedsDir} holds no corpus pages (*.txt): nothing to ingest (the service runs with it empty when the feed or arXiv brings the papers)`);
          }
          const progress = progressBar('ingest', !args.json && files.length > 1);
          // Ctrl-C ended the process without a word, a part of the pages stored: now the pages being
          // stored finish, and the summary says what is left (a second signal still ends it at once).
          const shutdown = abortOnSignals();
          const ingest = () =>
            ingestFiles(app.db, files, { now: app.clock.now(), maxPageBytes: app.config.maxPageBytes, onProgress: (done, total) => progress.update(done, total), signal: shutdown.signal });
          const report = await (args.paths.length > 0 ? ingest() : asIngestJob(app, ingest)).finally(() => shutdown.dispose());
          progress.stop();
          for (const error of report.errors) printProblems(`${error.file}${error.line > 0 ? `:${error.line}` : ''}: ${error.message}`);
          const s = report.summary;
          // The pages left out too: a script that read the summary alone saw only an exit code 3.
          if (args.json) printJson({ ...s, failed: report.errors.map(({ file, line, message }) => ({ file, line, message })), notReached: report.notReached });
          else
            printLines(
              // "updated" read as changed papers on a first ingest, where it counts the entries of a
              // paper another page already listed: merged into it (and changed, where it differs).
              `Ingested ${plural(s.pages, 'page')}: ${plural(s.entries, 'entry', 'entries')}, ${formatCount(s.new)} new, ${formatCount(s.updated)} listings of papers already in (merged into them), ${formatCount(s.skipped)} unchanged${leftOutPart(s.leftOut)}.`,
              ...(report.errors.length ? [`${plural(report.errors.length, 'page')} could not be ingested and ${report.errors.length === 1 ? 'was' : 'were'} left out (see above).`] : []),
              ...(report.notReached > 0 ? [`Stopped (Ctrl-C or SIGTERM) before ${formatCount(report.notReached)} of ${plural(files.length, 'page')}: what was stored stays; the same command again finishes the rest (stored pages are skipped as unchanged).`] : []),
            );
          if (report.notReached > 0) return EXIT.partial;
          // Some pages in and some not is done in part; none in at all is the input's fault.
          if (report.errors.length === 0) return EXIT.ok;
          return files.length > report.errors.length ? EXIT.partial : EXIT.usage;
        } finally {
          await app.close();
        }
      }),
    );
}

/**
 * SEEDS_DIR is the ingest job's work: `paperboy ingest` of it is recorded as that job's run (as
 * `paperboy send` is the send job's), so that `status` does not say "has not run yet" right after.
 */
async function asIngestJob<R extends { summary: object }>(deps: SchedulerDeps, ingest: () => Promise<R>): Promise<R> {
  const { recordJobRun } = await import('../../schedule/index.js');
  let report: R | undefined;
  await recordJobRun(deps, 'ingest', async () => (report = await ingest()).summary);
  return report!;
}
