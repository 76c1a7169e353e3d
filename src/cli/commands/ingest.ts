import type { Command } from 'commander';
import { z } from 'zod';
import { ingestFiles, listPageFiles } from '../../corpus/index.js';
import { EXIT, type CliContext } from '../context.js';
import { printJson, printLines, progressBar } from '../output.js';
import { parseArgs } from '../validate.js';

const argsSchema = z.object({
  paths: z.array(z.string().min(1)),
  json: z.boolean().default(false),
});

export function registerIngest(program: Command, ctx: CliContext, run: (action: () => Promise<number | void>) => void) {
  program
    .command('ingest')
    .description('ingest corpus pages (files or directories of *.txt); default: the seeds directory')
    .argument('[paths...]', 'page files or directories')
    .option('--json', 'print only the summary {pages, entries, new, updated, skipped} as JSON')
    .action((paths: string[], options: { json?: boolean }) =>
      run(async () => {
        const args = parseArgs(argsSchema, { paths, json: options.json });
        const app = await ctx.openApp();
        try {
          const files = await listPageFiles(args.paths.length > 0 ? args.paths : [app.config.seedsDir]);
          const progress = progressBar('ingest', !args.json && files.length > 1);
          const report = await ingestFiles(app.prisma, files, {
            now: app.clock.now(),
            maxPageBytes: app.config.maxPageBytes,
            onProgress: (done, total) => progress.update(done, total),
          });
          progress.stop();
          for (const error of report.errors) process.stderr.write(`paperboy: ${error.file}${error.line > 0 ? `:${error.line}` : ''}: ${error.message}\n`);
          const s = report.summary;
          if (args.json) printJson(s);
          else
            printLines(
              `Ingested ${s.pages} page(s): ${s.entries} entries, ${s.new} new, ${s.updated} updated, ${s.skipped} unchanged.`,
              ...(report.errors.length ? [`${report.errors.length} page(s) could not be ingested and were left out (see above).`] : []),
            );
          return report.errors.length > 0 ? EXIT.usage : EXIT.ok;
        } finally {
          await app.close();
        }
      }),
    );
}
