// How commands talk to people: summaries on stdout (one JSON object with --json), progress bars
// on stderr only when it is a terminal, so scripts and logs never see them.
import cliProgress from 'cli-progress';
import wrapAnsi from 'wrap-ansi';
import { formatCount } from '../shared/wording.js';
import { printable } from './printable.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Lines for a person: whatever the data holds (titles, topics), no control character reaches the terminal. */
export function printLines(...lines: string[]): void {
  process.stdout.write(`${lines.map(printable).join('\n')}\n`);
}


/** A terminal's default width, which every line a command prints for a person keeps within. */
export const TERMINAL_COLUMNS = 80;

/**
 * `text` after `lead`, wrapped within TERMINAL_COLUMNS with each further line under the text, not
 * under the lead (a terminal's own wrap starts at column 0). A word longer than the room is broken.
 */
export function hangingLines(lead: string, text: string): string[] {
  const room = Math.max(20, TERMINAL_COLUMNS - lead.length);
  return wrapAnsi(printable(text), room, { hard: true })
    .split('\n')
    .map((line, i) => (i === 0 ? lead : ' '.repeat(lead.length)) + line);
}

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * cli-progress's time format, and "--" while its estimate is not a number yet: before the first
 * step it is 'INF' or 'NULL', which the default format cut to "ETA NFs".
 */
export const knownTime = (time: number | string, options: cliProgress.Options, roundTo: number): string =>
  typeof time === 'number' && Number.isFinite(time) ? cliProgress.Format.TimeFormat(time, options, roundTo) : '--';

export function progressBar(label: string, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {percentage}% ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, formatTime: knownTime },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * ", 2 left out (another paper holds their title)" after a listing's counts, or nothing: entries a
 * source gave that no paper was stored for were dropped without a word (StoreResult.leftOut).
 */
export function leftOutPart(leftOut: number): string {
  return leftOut > 0 ? `, ${formatCount(leftOut)} left out (another paper, with another abstract, holds their title)` : '';
}
