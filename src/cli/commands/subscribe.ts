import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { UserError } from '../../shared/errors.js';
import type { operatorSubscriptionSchema as OperatorSchema } from '../../subscriptions/index.js';
import { MAX_DIGEST_SIZE, MAX_LIKED_PAPERS, optionalTopicListField, paperRefList } from '../../subscriptions/index.js';
import { EXIT, type Action, type CliContext } from '../context.js';
import { printJson, printLines } from '../output.js';
import { collect, TOPIC_FLAGS, timeZoneRule } from '../flags.js';
import { printProblems } from '../run.js';
import { parseArgs } from '../validate.js';

// Topics are optional for a reader who names papers they like (--like), and one of the two is needed.
// Built when the command runs: the subscriptions module is loaded only then.
const cliSchema = (operatorSubscriptionSchema: typeof OperatorSchema) =>
  operatorSubscriptionSchema
    .extend({
      topics: optionalTopicListField,
      like: paperRefList(MAX_LIKED_PAPERS),
    })
    .refine((args) => args.topics.length > 0 || args.like.length > 0, { message: 'choose at least one --topic, or name papers with --like', path: ['topic'] });

export function registerSubscribe(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('subscribe')
    .description('add a confirmed subscriber (operator shortcut, no confirmation email), or import many from a CSV file')
    .argument('[email]', 'the address to subscribe')
    .option('-t, --topic <text>', 'a topic: a catalogue name or free text (repeat, or separate with ";" or ",")', collect)
    .option('--like <paper>', 'a paper they like: arXiv id or URL, paper id, or title (repeat for several); their digests bring papers like it', collect)
    .option('--file <people.csv>', 'import a CSV with header "email,topics" (topics separated by ";" or ",")')
    .option('--frequency <daily|weekly>', 'how often', 'daily')
    .option('--hour <0-23>', 'local hour of the digest', '7')
    .option('--weekday <1-7>', 'ISO weekday for weekly digests (1 = Monday)', '1')
    .option('--timezone <zone>', 'IANA time zone (default: TZ)')
    .option('--size <n>', `papers per digest (1-${MAX_DIGEST_SIZE})`, '10')
    .option('--json', 'print the result as JSON')
    .action((email: string | undefined, options: Record<string, string | string[] | boolean | undefined>) =>
      run(async () => {
        if (options.file) {
          if (email) throw new UserError('Give either an email address or --file, not both.');
          return importFile(ctx, String(options.file), Boolean(options.json));
        }
        const { operatorSubscriptionSchema, addSubscriber, LikedPapersProblem } = await import('../../subscriptions/index.js');
        if (!email) throw new UserError('Give an email address (paperboy subscribe you@example.org --topic "diffusion models") or --file people.csv.');
        const input = parseArgs(cliSchema(operatorSubscriptionSchema), {
          email,
          topics: options.topic ?? [],
          like: options.like ?? [],
          preferences: {
            frequency: options.frequency,
            sendHour: options.hour,
            sendWeekday: options.weekday,
            timeZone: options.timezone,
            digestSize: options.size,
          },
        }, {
          email: 'EMAIL',
          ...TOPIC_FLAGS,
          'preferences.frequency': ['--frequency', 'must be daily or weekly'],
          'preferences.sendHour': ['--hour', 'must be 0–23'],
          'preferences.sendWeekday': ['--weekday', 'must be 1–7 (1 = Monday)'],
          'preferences.timeZone': ['--timezone', timeZoneRule],
          'preferences.digestSize': ['--size', `must be 1–${MAX_DIGEST_SIZE}`],
        });
        const app = await ctx.openApp();
        try {
          const deps = { prisma: app.prisma, clock: app.clock, defaultTimeZone: app.config.defaultTimeZone, lookupArxiv: app.lookupArxiv };
          const result = await addSubscriber(deps, input, 'cli').catch((error: unknown) => {
            throw error instanceof LikedPapersProblem ? new UserError(`--like: ${error.message}`) : error;
          });
          const likes = result.liked;
          // The topics as stored, not as typed: "LLM" is kept as the catalogue's "Large language models".
          if (options.json) printJson({ email: input.email, created: result.created, topics: result.topics, liked: likes });
          else {
            const what = [...(result.topics.length > 0 ? [result.topics.join(', ')] : []), ...(likes.length > 0 ? [`papers like ${likes.map((t) => `"${t}"`).join(', ')}`] : [])];
            printLines(`${result.created ? 'Subscribed' : 'Updated'} ${input.email} to: ${what.join('; ')}.`);
          }
        } finally {
          await app.close();
        }
      }),
    );
}

async function importFile(ctx: CliContext, file: string, json: boolean): Promise<number> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UserError(`${file}: cannot read the file`);
  });
  const { importSubscribersCsv } = await import('../../subscriptions/index.js');
  const app = await ctx.openApp();
  try {
    const report = await importSubscribersCsv(app.prisma, text, { defaultTimeZone: app.config.defaultTimeZone, now: app.clock.now() });
    for (const error of report.errors) printProblems(`${file}:${error.line}: ${error.message}`);
    if (json) printJson(report);
    else printLines(`Imported ${report.created + report.updated} of ${report.rows} row(s): ${report.created} new, ${report.updated} updated, ${report.errors.length} rejected.`);
    return report.errors.length > 0 ? EXIT.partial : EXIT.ok;
  } finally {
    await app.close();
  }
}
