// npm run bench:cli — start-up time of the `paperboy` command, median of BENCH_ROUNDS runs (default
// 15), interleaved so that a busy moment of the shared machine falls on every line alike:
//   node -e 0                    the floor: Node starting and stopping with nothing to do;
//   paperboy --help / --version  the launcher and the command line, no command module loaded;
//   paperboy status --help       one command's definition loaded, still no database or mailer;
//   npx paperboy --help          the same help through npx, whose own start-up dominates.
// Each runs as the shipped command does (bin/paperboy.js's first line: its Node flags and
// environment), on dist/ when it is current (npm run build runs first).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN, shippedEnv, shippedNodeFlags } from '../testkit/paths.js';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 15));
const REPO = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, ...shippedEnv() };
const paperboy = (...args: string[]) => [process.execPath, ...shippedNodeFlags(), BIN, ...args];

const CASES: Array<[label: string, argv: string[]]> = [
  ['node -e 0 (baseline)', [process.execPath, '-e', '0']],
  ['paperboy --help', paperboy('--help')],
  ['paperboy --version', paperboy('--version')],
  ['paperboy status --help', paperboy('status', '--help')],
  ['npx paperboy --help', ['npx', '--no-install', 'paperboy', '--help']],
];

function timeOnce(argv: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(argv[0]!, argv.slice(1), { cwd: REPO, env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const times = new Map<string, number[]>(CASES.map(([label]) => [label, []]));
for (let round = 0; round < ROUNDS; round++) {
  // npx takes seconds: a third of the rounds are enough to know it.
  for (const [label, argv] of CASES) if (!label.startsWith('npx') || round % 3 === 0) times.get(label)!.push(timeOnce(argv));
}
const floor = median(times.get(CASES[0]![0])!);
console.log(`start-up, median of ${ROUNDS} runs (npx: ${Math.ceil(ROUNDS / 3)}), on ${process.version}`);
for (const [label] of CASES) {
  const ms = median(times.get(label)!);
  console.log(`${label.padEnd(26)} ${(ms / 1000).toFixed(3).padStart(7)} s   ${(ms / floor).toFixed(1).padStart(5)}× node -e 0`);
}
