import type { Command } from 'commander';
import type { PrismaClient } from '../../db/index.js';
import { z } from 'zod';
import { UserError } from '../../shared/errors.js';
import { formatCount, plural, quotedAlternatives } from '../../shared/wording.js';
import type { CsvImportReport, OperatorOutcome, operatorSubscriptionSchema as OperatorSchema } from '../../subscriptions/index.js';
import { describeSchedule, hourLabel, MAX_DIGEST_SIZE, MAX_LIKED_PAPERS, optionalTopicListField, paperRefList, weekdayName } from '../../subscriptions/index.js';
import { EXIT, type Action, type CliContext } from '../context.js';
import { printJson, printLines, progressBar } from '../output.js';
import { collect, TOPIC_FLAGS } from '../flags.js';
import { printable } from '../printable.js';
import { printProblems } from '../run.js';
import { readInput } from '../files.js';
import { parseArgs } from '../validate.js';

// Topics are optional: for an address already on the list (it keeps its own), and for a reader who
// names papers they like (--like). A new address needs one of the two (NothingToFollowError), which
// only the database can tell. Built when the command runs: the subscriptions module is loaded only then.
const cliSchema = (operatorSubscriptionSchema: typeof OperatorSchema) =>
  operatorSubscriptionSchema.extend({
    topics: optionalTopicListField,
    like: paperRefList(MAX_LIKED_PAPERS),
  });

const FILE_REFUSES = [
  { key: 'topic', name: '--topic' },
  { key: 'like', name: '--like' },
  { key: 'frequency', name: '--frequency' },
  { key: 'hour', name: '--hour' },
  { key: 'weekday', name: '--weekday' },
  { key: 'timezone', name: '--timezone' },
  { key: 'size', name: '--size' },
] as const;

export function registerSubscribe(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('subscribe')
    .description('add a confirmed subscriber (operator shortcut, no confirmation email), or change one: only the options given change; or import many from a CSV file')
    .argument('[email]', 'the address to subscribe')
    .option('-t, --topic <text>', 'a topic: a catalogue name or free text (repeat, or separate with ";" or ",")', collect)
    .option('--like <paper>', 'a paper they like: arXiv id or URL, paper id, title, or a .bib file (BibTeX export; repeat for several); their digests bring papers like these', collect)
    .option('--file <people.csv>', 'import a CSV with header "email,topics" (topics separated by ";" or ","); the status and schedule columns of "paperboy subscribers --csv" are read too')
    // No commander defaults: an option left out must be told from one given, so that an address
    // already on the list keeps what it has (defaults apply to a new address only).
    .option('--frequency <daily|weekly>', 'how often (new subscriber: daily)')
    .option('--hour <0-23>', 'local hour of the digest (new subscriber: 7)')
    .option('--weekday <1-7|day>', 'weekday of weekly digests: 1 = Monday … 7 = Sunday, or the day (friday, fri) (new subscriber: 1)')
    .option('--timezone <zone>', 'IANA time zone (new subscriber: TZ)')
    .option('--size <n>', `papers per digest, 1-${MAX_DIGEST_SIZE} (new subscriber: 10)`)
    .option('--json', 'print {email, created, status, topics, liked, likedAdded, preferences, changed} as JSON')
    .action((email: string | undefined, options: Record<string, string | string[] | boolean | undefined>) =>
      run(async () => {
        if (options.file) {
          if (email) throw new UserError('Give either an email address or --file, not both.');
          // They would be silently ignored: each row says what it sets (its columns), and nothing else.
          const given = FILE_REFUSES.filter((flag) => options[flag.key] !== undefined).map((flag) => flag.name);
          if (given.length > 0) throw new UserError(`${given.join(', ')} cannot be used with --file: a file's rows say what they set, in their columns (topics, liked, frequency, hour, weekday, timezone, size), and a new address gets the defaults for the rest. Change one reader with paperboy subscribe EMAIL ${given[0]} …`);
          return importFile(ctx, String(options.file), Boolean(options.json));
        }
        const { operatorSubscriptionSchema, addSubscriber, LikedPapersProblem, NothingToFollowError } = await import('../../subscriptions/index.js');
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
          'preferences.sendWeekday': ['--weekday', 'must be 1–7 (1 = Monday) or a day (friday)'],
          'preferences.timeZone': '--timezone',
          'preferences.digestSize': ['--size', `must be 1–${MAX_DIGEST_SIZE}`],
        });
        // A .bib file is a BibTeX export (Zotero, Mendeley) read as the web form reads a pasted one.
        const like = await Promise.all(input.like.map(readBibFile));
        const app = await ctx.openApp();
        try {
          const deps = { prisma: app.prisma, clock: app.clock, defaultTimeZone: app.config.defaultTimeZone, lookupArxiv: app.lookupArxiv };
          const result = await addSubscriber(deps, { ...input, like }, 'cli').catch((error: unknown) => {
            if (error instanceof NothingToFollowError) throw new UserError('--topic: choose at least one --topic, or name papers with --like');
            throw error instanceof LikedPapersProblem ? new UserError(`--like: ${error.message}`) : error;
          });
          // Both name the address as the list keeps it (result.email): `subscribe BOB@Example.org`
          // said "Updated BOB@example.org" of the reader `subscribers` lists as bob@example.org.
          if (options.json) {
            const { created, status, topics, liked, likedAdded, preferences, changed } = result;
            printJson({ email: result.email, created, status, topics, liked, likedAdded, preferences, changed });
          } else {
            // An address already on the list is described whole: "topics: none" said nothing of the papers they like.
            const likedCount = result.created ? 0 : await app.prisma.likedPaper.count({ where: { subscriberId: result.subscriberId } });
            // A weekday given for a daily reader was kept without a word, as if it set a day.
            const weekdayUnused = options.weekday !== undefined && result.preferences.frequency === 'daily' ? [`Note: --weekday is used only by a weekly digest; theirs is daily (--frequency weekly makes it weekly, on ${weekdayName(result.preferences.sendWeekday)}).`] : [];
            printLines(...describeOutcome(result.email, result, likedCount), ...weekdayUnused, ...(await topicsFindingNothing(app, result.topics)), ...(await likedByTitleOnly(app, result)));
          }
        } finally {
          await app.close();
        }
      }),
    );
}

/**
 * The topics that find no paper among the window's at the moment, said as the web pages say it
 * (preferences, confirmation): words the papers never use would otherwise fail silently, digest
 * after digest. Nothing is said before the first ingest (every topic would find nothing).
 */
async function topicsFindingNothing(app: { prisma: PrismaClient; clock: { now(): Date } }, topics: string[], readers?: Record<string, number>): Promise<string[]> {
  const [{ hasPapers }, { topicOutlooks, NEW_WINDOW_DAYS }] = await Promise.all([import('../../corpus/index.js'), import('../../matching/index.js')]);
  if (topics.length === 0 || !(await hasPapers(app.prisma))) return [];
  const outlooks = await topicOutlooks(app.prisma, app.clock).of(topics, 0);
  // From a file, each topic once, with the readers it concerns: a note per row repeated itself.
  const whose = (label: string) => (readers?.[label] ? `, followed by ${plural(readers[label], 'reader')},` : '');
  return outlooks
    .filter((outlook) => outlook.papers === 0)
    .map((outlook) =>
      outlook.suggestion
        ? `Note: nothing matches "${outlook.label}"${whose(outlook.label)} among the last ${NEW_WINDOW_DAYS} days' papers at the moment. Did you mean "${outlook.suggestion}"? That finds papers.`
        : `Note: nothing matches "${outlook.label}"${whose(outlook.label)} among the last ${NEW_WINDOW_DAYS} days' papers at the moment${outlook.unused ? `: no paper uses ${quotedAlternatives(outlook.unused)}. Other words` : '; other words'} for it may (try them with paperboy preview --topic).`,
    );
}

/**
 * The papers just named that are known by their title alone (not in the corpus, no abstract), said
 * as the preferences page says it: a reader's favourite found on a few words brings weaker papers,
 * and the operator can give its arXiv id or a BibTeX entry instead.
 */
async function likedByTitleOnly(app: { prisma: PrismaClient; lookupArxiv: unknown }, result: { subscriberId: number; liked: string[] }): Promise<string[]> {
  if (result.liked.length === 0) return [];
  const { listLikedPapers } = await import('../../subscriptions/index.js');
  const named = new Set(result.liked);
  return (await listLikedPapers(app.prisma, result.subscriberId))
    .filter((paper) => paper.titleOnly && named.has(paper.title))
    // Its arXiv id, when known, was no help (arXiv had no abstract for it, or could not be asked): only
    // the abstract is. Nor is an id with arXiv lookups off (ARXIV_API_URL=off): one the corpus lacks is refused.
    .map((paper) => `Note: "${paper.title}" is not in the corpus and has no abstract: papers like it are found by its title's words alone; ${paper.arxivId || !app.lookupArxiv ? 'a BibTeX entry with its abstract' : 'its arXiv id or a BibTeX entry with its abstract'} finds better ones.`);
}

/** `--like refs.bib`: the file's text (it was taken for a paper titled "refs.bib"); any other PAPER as given. */
async function readBibFile(paper: string): Promise<string> {
  if (!/\.bib$/i.test(paper)) return paper;
  return readInput(paper, `--like ${paper}`, 'a BibTeX export, as Zotero or Mendeley write it');
}

/**
 * What subscribe did, in words: the topics as stored, what changed for an address already on the
 * list, and their digest now. A paper named again that was already among the ones they like is not
 * "added": it is said to be there already, and naming nothing new changes nothing.
 */
function describeOutcome(email: string, result: OperatorOutcome & { liked: string[]; likedAdded: string[]; likedCompleted: string[] }, likedCount: number): string[] {
  const quoted = (titles: string[]) => titles.map((title) => `"${title}"`).join(', ');
  const liked = result.liked.length > 0 ? [`papers like ${quoted(result.liked)}`] : [];
  const what = [...(result.topics.length > 0 ? [result.topics.join(', ')] : []), ...liked].join('; ');
  const changes = Object.entries(result.changed).map(([key, { from, to }]) => `${CHANGE_WORDS[key] ?? key} ${valueWords(key, from)} → ${valueWords(key, to)}`);
  const completed = result.likedCompleted.filter((title) => !result.likedAdded.includes(title));
  const already = result.liked.filter((title) => !result.likedAdded.includes(title) && !completed.includes(title));
  const likedChanges = [
    ...(result.likedAdded.length > 0 ? [`added papers like ${quoted(result.likedAdded)}`] : []),
    ...(completed.length > 0 ? [`added the abstract of ${quoted(completed)}`] : []),
  ];
  const first = result.created
    ? `Subscribed ${email} to: ${what}.`
    : changes.length > 0 || likedChanges.length > 0
      ? `Updated ${email}: ${[...changes, ...likedChanges].join('; ')}${already.length > 0 ? `; ${quoted(already)} ${already.length === 1 ? 'was' : 'were'} already among the papers they like` : ''}.`
      : `${email} is already subscribed to: ${what}; nothing changed.`;
  return [
    first,
    `Their digest: ${describeSchedule(result.preferences)}, at most ${plural(result.preferences.digestSize, 'paper')}${result.created ? '' : `; topics: ${result.topics.join(', ') || 'none'}${likedCount > 0 ? `; ${plural(likedCount, 'liked paper')}` : ''}`}.`,
    ...(result.status === 'paused' ? ['They have paused their digests: none is sent until they resume (from the link in their emails).'] : []),
  ];
}

const CHANGE_WORDS: Record<string, string> = { topics: 'topics', frequency: 'frequency', sendHour: 'hour', sendWeekday: 'weekday', timeZone: 'time zone', digestSize: 'papers per digest', status: 'status' };

function valueWords(key: string, value: string | number | string[]): string {
  if (Array.isArray(value)) return value.length > 0 ? value.join(', ') : 'none';
  if (key === 'sendHour') return hourLabel(Number(value));
  if (key === 'sendWeekday') return weekdayName(Number(value));
  return String(value);
}

/** A CSV import in one line, every count written alike ("1,500 of 1,500 rows", not "1500 of 1,500"). */
export function describeImport(report: CsvImportReport): string {
  const imported = report.created + report.updated + report.unchanged;
  const leftOut = report.leftOut.length > 0 ? `, ${formatCount(report.leftOut.length)} left out (never confirmed)` : '';
  return `Imported ${formatCount(imported)} of ${plural(report.rows, 'row')}: ${formatCount(report.created)} new, ${formatCount(report.updated)} updated, ${formatCount(report.unchanged)} unchanged${leftOut}, ${formatCount(report.errors.length)} rejected.`;
}

/**
 * What the `sent` columns did: papers entered as already sent, and those the corpus lacks, which are
 * not kept (a ledger row names a paper of the corpus) and so could reach the reader again.
 */
/** How many of the papers the corpus lacks are named: the rest are counted. */
const NAMED_MISSING = 3;

function sentLines(report: CsvImportReport): string[] {
  const { recorded, notInCorpus, missing } = report.sent;
  const named = missing.slice(0, NAMED_MISSING).map((ref) => `"${printable(ref)}"`).join(', ') + (missing.length > NAMED_MISSING ? ` and ${formatCount(missing.length - NAMED_MISSING)} more` : '');
  const one = missing.length === 1;
  return [
    ...(recorded > 0 ? [`Entered ${plural(recorded, 'paper')} of the sent columns as already sent: none of them is sent again to the reader who had it.`] : []),
    ...(notInCorpus > 0
      ? [
          // Papers once each, by name: "1,353 papers" was one paper in 1,353 readers' rows.
          `${plural(missing.length, 'paper')} of the sent columns, in ${plural(notInCorpus, "reader's row", "readers' rows")}, ${one ? 'is' : 'are'} not in the corpus and ${one ? 'was' : 'were'} not entered: ${named}. Once ingested, ${one ? 'it' : 'one'} could be sent again to ${notInCorpus === 1 ? 'that reader' : 'those readers'}. Ingest first (paperboy ingest, paperboy fetch), then import the file again: nothing else changes.`,
        ]
      : []),
  ];
}

/** An address on the list that the import left as it was: it does not bring back readers who left. */
function notActiveLine(file: string, row: CsvImportReport['notActive'][number]): string {
  const why = row.status === 'pending' ? 'has not confirmed yet' : `is ${row.status}`;
  if (row.created) return `${file}:${row.line}: ${row.email} ${why} according to the file's status column: kept so, and never mailed (paperboy subscribe ${row.email} activates it, on their request).`;
  return `${file}:${row.line}: ${row.email} ${why}: an import never changes a status, so it stays so (paperboy subscribe ${row.email} activates it).`;
}

/** A mark on a paper the corpus lacks: the reader was imported without it. */
function markLeftOutLine(file: string, mark: CsvImportReport['marksLeftOut'][number]): string {
  return `${file}:${mark.line}: ${mark.email}: the "${mark.verdict} like this" mark on ${JSON.stringify(mark.ref)} was not imported: the paper is not in the corpus (once it is ingested, paperboy feedback ${mark.email} --${mark.verdict} ${JSON.stringify(mark.ref)} adds it).`;
}

/** A row the file itself says is not an active reader, for an address not on the list: not imported. */
function leftOutLine(file: string, row: CsvImportReport['leftOut'][number]): string {
  return `${file}:${row.line}: ${row.email} never confirmed according to the file's status column: not imported (paperboy subscribe ${row.email} adds them, on their request).`;
}

async function importFile(ctx: CliContext, file: string, json: boolean): Promise<number> {
  const text = await readInput(file, file, 'a CSV with the header "email,topics"');
  const [{ importSubscribersCsv }, { editionHistoryOf }] = await Promise.all([import('../../subscriptions/index.js'), import('../../delivery/index.js')]);
  const app = await ctx.openApp();
  try {
    // A large file takes a while (about 7 ms a row): a bar on a terminal says it is moving.
    const progress = progressBar('import', !json);
    const report = await importSubscribersCsv(app.prisma, text, {
      defaultTimeZone: app.config.defaultTimeZone,
      now: app.clock.now(),
      history: editionHistoryOf(app.prisma),
      onProgress: (done, total) => progress.update(done, total),
    })
      // The file named first, as its rows' problems and a file that cannot be read are.
      .catch((error: unknown) => {
        throw error instanceof UserError && error.code === 'invalid_csv' ? new UserError(`${file}: ${error.message}`, error.status, error.code) : error;
      })
      .finally(() => progress.stop());
    for (const error of report.errors) printProblems(`${file}:${error.line}: ${error.message}`);
    if (json) printJson(report);
    else {
      printLines(
        describeImport(report),
        ...report.notActive.map((row) => notActiveLine(file, row)),
        ...report.leftOut.map((row) => leftOutLine(file, row)),
        ...report.marksLeftOut.map((mark) => markLeftOutLine(file, mark)),
        ...sentLines(report),
        ...(await topicsFindingNothing(app, Object.keys(report.topics), report.topics)),
      );
    }
    // Nothing imported because every row was bad is the input's fault (2), as for ingest; some, in part (3).
    if (report.errors.length > 0 && report.errors.length === report.rows) return EXIT.usage;
    return report.errors.length > 0 ? EXIT.partial : EXIT.ok;
  } finally {
    await app.close();
  }
}
