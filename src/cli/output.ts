// How commands talk to people: summaries on stdout (one JSON object with --json), progress bars
// on stderr only when it is a terminal, so scripts and logs never see them.
import cliProgress from 'cli-progress';
import { printable } from './printable.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Lines for a person: whatever the data holds (titles, topics), no control character reaches the terminal. */
export function printLines(...lines: string[]): void {
  process.stdout.write(`${lines.map(printable).join('\n')}\n`);
}


export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function progressBar(label: string, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {percentage}% ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
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
