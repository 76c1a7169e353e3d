import type { Command } from 'commander';
import { z } from 'zod';
import { MAX_DIGEST_SIZE, timeZoneField, topicListField } from '../../subscriptions/index.js';
import { type Action, type CliContext } from '../context.js';
import { printJson, printLines } from '../output.js';
import { writeOutput } from '../files.js';
import { collect, TOPIC_FLAGS } from '../flags.js';
import { parseArgs } from '../validate.js';
import { plural } from '../../shared/wording.js';

const argsSchema = z.object({
  topics: topicListField,
  out: z.string().min(1, 'give a file to write, e.g. --out digest.html'),
  text: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_DIGEST_SIZE).default(10),
  timeZone: timeZoneField.optional(),
  frequency: z.enum(['daily', 'weekly'], { message: 'must be daily or weekly' }).default('daily'),
  json: z.boolean().default(false),
});

export function registerRender(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('render')
    .description('write the digest a subscriber with these topics would get now, as HTML (and optionally plain text)')
    .option('-t, --topic <text>', 'a topic: a catalogue name or free text (repeat for several)', collect)
    .requiredOption('--out <file.html>', 'where to write the HTML')
    .option('--text <file.txt>', 'also write the plain-text part')
    .option('--limit <n>', `papers in the digest (1-${MAX_DIGEST_SIZE})`, '10')
    .option('--timezone <zone>', 'the reader\'s time zone (default: TZ)')
    .option('--frequency <daily|weekly>', 'which edition: today\'s (daily) or this week\'s (weekly)', 'daily')
    .option('--json', 'print {subject, papers, trending, htmlBytes, out} as JSON')
    .action((options: { topic?: string[]; out: string; text?: string; limit: string; timezone?: string; frequency?: string; json?: boolean }) =>
      run(async () => {
        const args = parseArgs(argsSchema, {
          topics: options.topic ?? [],
          out: options.out,
          text: options.text,
          limit: options.limit,
          timeZone: options.timezone,
          frequency: options.frequency,
          json: options.json,
        }, { ...TOPIC_FLAGS, limit: ['--limit', `must be 1–${MAX_DIGEST_SIZE}`], timeZone: '--timezone', frequency: ['--frequency', 'must be daily or weekly'] });
        const [{ previewFor }, { composePreviewDigest }] = await Promise.all([import('../../matching/index.js'), import('../../digest/index.js')]);
        const app = await ctx.openApp();
        try {
          const now = app.clock.now();
          const timeZone = args.timeZone ?? app.config.defaultTimeZone;
          // The trending section as a digest of that period in that zone shows it, as `send` would.
          const preview = await previewFor(app.prisma, { topics: args.topics }, { now, limit: args.limit, reader: { timeZone, frequency: args.frequency } });
          const view = composePreviewDigest({
            ...preview,
            frequency: args.frequency,
            timeZone,
            now,
            places: args.limit,
            links: app.links.preview(),
            publicUrl: app.links.publicUrl,
            postalAddress: app.config.postalAddress,
          });
          const { papers, trending } = preview;
          const email = (await app.renderer()).digest(view);
          await writeOutput(args.out, email.html);
          if (args.text) await writeOutput(args.text, email.text);
          const htmlBytes = Buffer.byteLength(email.html);
          if (args.json) return printJson({ subject: email.subject, papers: papers.length, trending: trending.length, htmlBytes, out: args.out });
          printLines(
            `Wrote ${args.out} (${(htmlBytes / 1024).toFixed(1)} KB): "${email.subject}"`,
            // The second file written is said too: the summary accounts for everything the command did.
            ...(args.text ? [`Wrote ${args.text} (${(Buffer.byteLength(email.text) / 1024).toFixed(1)} KB): the plain-text part`] : []),
            papers.length === 0 ? 'No new paper matches these topics today: a subscriber would get no digest (this preview shows the empty state).' : `${plural(papers.length, 'paper')}, ${trending.length} trending.`,
          );
        } finally {
          await app.close();
        }
      }),
    );
}
