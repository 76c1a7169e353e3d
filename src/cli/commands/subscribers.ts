import type { Command } from 'commander';
import { z } from 'zod';
import type { RosterEntry } from '../../subscriptions/index.js';
import type { Action, CliContext } from '../context.js';
import { printLines } from '../output.js';
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
    .option('--json', 'print a JSON array of {email, status, topics, likedPapers, frequency, sendHour, sendWeekday, timeZone, digestSize, createdAt, confirmedAt, suspension}')
    .option('--csv', 'print CSV with a header row (email,status,topics,…; topics separated by ";")')
    .action((options: Record<string, unknown>) =>
      run(async () => {
        const args = parseArgs(argsSchema, options, { status: ['--status', `must be one of ${STATUSES.join(', ')}`] });
        const { readRoster } = await import('../../subscriptions/index.js');
        const app = await ctx.openApp();
        try {
          const format = args.json ? json() : args.csv ? csv() : table();
          let count = 0;
          for await (const batch of readRoster(app.prisma, { status: args.status, topic: args.topic })) {
            for (const entry of batch) format.row(entry, count++);
          }
          format.end(count);
        } finally {
          await app.close();
        }
      }),
    );
}

interface Format {
  row(entry: RosterEntry, index: number): void;
  end(count: number): void;
}

const schedule = (e: RosterEntry) =>
  `${e.frequency}${e.frequency === 'weekly' ? ` ${WEEKDAYS[e.sendWeekday - 1]}` : ''} ${String(e.sendHour).padStart(2, '0')}:00 ${e.timeZone}`;
/** Topics, then liked papers as a count: a reader who gave only liked papers is not shown as following nothing. */
const interests = (e: RosterEntry) => [...e.topics, ...(e.likedPapers > 0 ? [plural(e.likedPapers, 'liked paper')] : [])].join(', ') || '(nothing)';
const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '');

function table(): Format {
  return {
    row(e) {
      const why = e.suspension ? `   suspended ${day(e.suspension.at)} ${e.suspension.reason}` : '';
      printLines(`${e.email.padEnd(32)} ${e.status.padEnd(12)} ${schedule(e).padEnd(28)} ${interests(e)}${why}`);
    },
    end(count) {
      printLines(count === 0 ? 'No subscriber matches.' : `${plural(count, 'subscriber')}.`);
    },
  };
}

/** A JSON array written as it is read, so that exporting a large list never holds it whole. */
function json(): Format {
  return {
    row(e, index) {
      process.stdout.write(`${index === 0 ? '[' : ','}${JSON.stringify(e)}\n`);
    },
    end(count) {
      process.stdout.write(count === 0 ? '[]\n' : ']\n');
    },
  };
}

const CSV_COLUMNS = ['email', 'status', 'topics', 'frequency', 'hour', 'weekday', 'timezone', 'size', 'subscribed', 'confirmed', 'suspended', 'reason'];

function csv(): Format {
  process.stdout.write(`${CSV_COLUMNS.join(',')}\n`);
  return {
    row(e) {
      const cells = [e.email, e.status, e.topics.join(';'), e.frequency, e.sendHour, e.sendWeekday, e.timeZone, e.digestSize, day(e.createdAt), day(e.confirmedAt), day(e.suspension?.at ?? null), e.suspension?.reason ?? ''];
      process.stdout.write(`${cells.map((cell) => csvCell(String(cell))).join(',')}\n`);
    },
    end() {},
  };
}

/**
 * RFC 4180 quoting; and a cell a spreadsheet would run as a formula (a topic typed as
 * "=HYPERLINK(…)" on the web form) gets a leading apostrophe, so that it stays text.
 */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
