import type { Command } from 'commander';
import { z } from 'zod';
import type { RosterEntry } from '../../subscriptions/index.js';
import type { Action, CliContext } from '../context.js';
import wrapAnsi from 'wrap-ansi';
import { hangingLines, printLines, TERMINAL_COLUMNS } from '../output.js';
import { printable } from '../printable.js';
import { parseArgs } from '../validate.js';
import { plural } from '../../shared/wording.js';

const STATUSES = ['pending', 'active', 'paused', 'unsubscribed', 'suspended'] as const;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const argsSchema = z
  .object({
    status: z.enum(STATUSES).optional(),
    topic: z.string().trim().min(1).optional(),
    json: z.boolean().default(false),
    csv: z.boolean().default(false),
  })
  .refine((args) => !(args.json && args.csv), { message: 'give --json or --csv, not both', path: ['csv'] });

export function registerSubscribers(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('subscribers')
    .description('list or export subscribers: address, status, topics, schedule; for suspended ones, why')
    .option('--status <status>', `only this status: ${STATUSES.join(', ')}`)
    .option('--topic <text>', 'only those with this topic (a catalogue name or slug, or free text as typed)')
    .option('--json', 'print a JSON array of {email, status, topics, likedPapers, liked, more, less, sent, lastEdition, linkKey, frequency, sendHour, sendWeekday, timeZone, digestSize, createdAt, confirmedAt, suspension}; linkKey opens each reader\'s preferences and unsubscribe links: keep the output private')
    .option('--csv', 'print CSV with a header row (email, status, topics, …, liked, more, less, sent, lastedition, linkkey; topics separated by ";", papers one per line); "subscribe --file" reads it back; linkkey opens each reader\'s preferences and unsubscribe links: keep the file private')
    .action((options: Record<string, unknown>) =>
      run(async () => {
        const args = parseArgs(argsSchema, options, { status: ['--status', `must be one of ${STATUSES.join(', ')}`] });
        const [{ readRoster, ROSTER_CSV_HEADER, rosterCsvRow }, { editionHistoryOf }] = await Promise.all([import('../../subscriptions/index.js'), import('../../delivery/index.js')]);
        const app = await ctx.openApp({ existingDatabase: true });
        try {
          const format = args.json ? json() : args.csv ? csv(ROSTER_CSV_HEADER, rosterCsvRow) : table();
          let count = 0;
          // An export carries what each reader was sent, so that a new database never sends it again.
          const history = args.json || args.csv ? editionHistoryOf(app.prisma) : undefined;
          for await (const batch of readRoster(app.prisma, { status: args.status, topic: args.topic, history })) {
            format.rows(batch, count);
            count += batch.length;
          }
          format.end(count);
        } finally {
          await app.close();
        }
      }),
    );
}

interface Format {
  /** One batch of the roster; `first` is the index of its first entry in the whole list. */
  rows(entries: RosterEntry[], first: number): void;
  end(count: number): void;
}

const schedule = (e: RosterEntry) =>
  `${e.frequency}${e.frequency === 'weekly' ? ` ${WEEKDAYS[e.sendWeekday - 1]}` : ''} ${String(e.sendHour).padStart(2, '0')}:00 ${e.timeZone}`;
/** Topics, then liked papers as a count: a reader who gave only liked papers is not shown as following nothing. */
const interests = (e: RosterEntry) => {
  const all = [...e.topics, ...(e.likedPapers > 0 ? [plural(e.likedPapers, 'liked paper')] : [])];
  return all.length > 0 ? all.map(printable) : ['(nothing)'];
};
const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '');

/**
 * Columns as wide as what they hold, a batch at a time (the roster is read in batches, never
 * whole): fixed widths let a long address or time zone (America/Argentina/ComodRivadavia) push
 * the rest of its line out of step with the others. A reader whose address, status and schedule
 * cannot share 80 columns with the others' is stacked instead: the address on a line of its own,
 * the rest under it (one such address padded every row of the list past 120 columns).
 */
function table(): Format {
  return {
    rows(entries) {
      const lines = entries.map((e) => [e.email, e.status, schedule(e)]);
      const widthsOf = (rows: string[][]) => [0, 1, 2].map((column) => Math.max(0, ...rows.map((cells) => cells[column]!.length)));
      const rowWidth = (widths: number[]) => widths.reduce((sum, width) => sum + width + 2, 0) - 2;
      const fitting = lines.filter((cells) => rowWidth(widthsOf([cells])) <= TERMINAL_COLUMNS);
      // The widest address first out, until the others fit side by side.
      const inTable = new Set(fitting);
      for (const cells of [...fitting].sort((a, b) => b[0]!.length - a[0]!.length)) {
        if (rowWidth(widthsOf([...inTable])) <= TERMINAL_COLUMNS) break;
        inTable.delete(cells);
      }
      const widths = widthsOf([...inTable]);
      // The topics wrap under their column within 80 columns (a reader's own topics ran a row to
      // 150 characters and more, which a terminal wraps from column 0, through the next columns);
      // when the other columns leave no room for them, under the row.
      const room = TERMINAL_COLUMNS - widths.reduce((sum, width) => sum + width + 2, 0);
      const longest = Math.max(...entries.flatMap((e) => interests(e).map((item) => item.length + 1)));
      const beside = room >= Math.min(longest, MIN_TOPIC_ROOM);
      printLines(
        ...lines.flatMap((cells, i) => {
          const entry = entries[i]!;
          const stacked = !inTable.has(cells);
          const row = cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
          const topics = stacked
            ? [entry.email, ...hangingLines(UNDER, `${entry.status}  ${schedule(entry)}`), ...hangingItems(UNDER, interests(entry))]
            : beside
              ? hangingItems(`${row}  `, interests(entry))
              : [row.trimEnd(), ...hangingItems(UNDER, interests(entry))];
          // Why a suspended address stopped goes under its row, wrapped within 80 columns: beside the
          // topics it ran to 130 characters and more.
          const suspension = entry.suspension;
          return suspension ? [...topics, ...hangingLines(UNDER, `suspended ${day(suspension.at)} ${suspension.reason}`)] : topics;
        }),
      );
    },
    end(count) {
      printLines(count === 0 ? 'No subscriber matches.' : `${plural(count, 'subscriber')}.`);
    },
  };
}

/** The room beside the other columns that is enough for the topics, unless every topic fits in less; with less, they go under the row. */
const MIN_TOPIC_ROOM = 24;
/** Where what goes under a row starts. */
const UNDER = '    ';

/**
 * `items` after `lead`, separated by commas and wrapped within TERMINAL_COLUMNS under the first,
 * breaking between items where one fits (a topic is read whole), within one only when it is longer
 * than the room.
 */
function hangingItems(lead: string, items: string[]): string[] {
  const room = TERMINAL_COLUMNS - lead.length;
  const lines: string[] = [];
  items.forEach((item, i) => {
    const piece = i < items.length - 1 ? `${item},` : item;
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + piece.length <= room) lines[last] += ` ${piece}`;
    else lines.push(...wrapAnsi(piece, room, { hard: true, trim: true }).split('\n'));
  });
  return lines.map((line, i) => (i === 0 ? lead : ' '.repeat(lead.length)) + line);
}

/** A JSON array written as it is read, so that exporting a large list never holds it whole. */
function json(): Format {
  return {
    rows(entries, first) {
      entries.forEach((e, i) => process.stdout.write(`${first + i === 0 ? '[' : ','}${JSON.stringify(e)}\n`));
    },
    end(count) {
      process.stdout.write(count === 0 ? '[]\n' : ']\n');
    },
  };
}

/** The list as `subscribe --file` reads it back (subscriptions/roster-csv.ts). */
function csv(header: string, row: (entry: RosterEntry) => string): Format {
  process.stdout.write(`${header}\n`);
  return {
    rows(entries) {
      for (const e of entries) process.stdout.write(`${row(e)}\n`);
    },
    end() {},
  };
}
