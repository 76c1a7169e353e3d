// npm run bench:send [-- 10000 100000] — digests per second through a real SMTP server in another
// process, for each subscriber count, in one run:
//   end to end   `paperboy send --now`, the shipped command as an operator runs it (compiled
//                dist/, its own V8 flags): plan, claim, match and build, render, SMTP, record;
//   built        the same command again once every digest is built (the resend path): end to end
//                minus matching, to show which part of the pipeline costs what;
//   raw ceiling  nodemailer alone, same pool options and in-flight limit, sending messages the
//                engine rendered beforehand, to the same sink.
// Each phase runs in its own process, so its peak RSS is its own (VmHWM, all threads). Rates use
// the run's own time as the command logs it (start-up, about 2 s, is left out); CPU includes it.
// PostgreSQL: TEST_DATABASE_URL or postgresql://postgres@127.0.0.1:5432 (a fresh database per
// size, dropped afterwards). BENCH_ROUNDS=3 runs the three phases three times, interleaved, and
// takes the ratios of the medians: on a shared machine one run of a path can be 15–25% off.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, withClient } from '../testkit/database.js';
import { BIN, shippedEnv, shippedNodeFlags } from '../testkit/paths.js';
import { databaseCpuMs, machineShares, machineTicks, watchProcess, type ProcessReadings } from './lib/proc.js';

const POOL = Number(process.env.BENCH_POOL ?? 5);
/**
 * BENCH_ROUNDS: how many times each size's phases run, interleaved (e2e, built, raw, e2e, …), the
 * ratio then taken of the medians. Runs of one path on this shared machine vary by 15–25%.
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const PHASES = (
  [
    ['e2e', 'end to end (plan+claim+match+render+SMTP)'],
    ['built', 'end to end, digests already built'],
    ['raw', 'raw ceiling: nodemailer alone'],
  ] as const
).filter(([name]) => !process.env.BENCH_PHASES || process.env.BENCH_PHASES.split(',').includes(name));
const REPO = path.resolve(import.meta.dirname, '..');
const BENCH_SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';

interface PhaseResult {
  seconds: number;
  digests: number;
  rssMb: number;
  /** RSS when sending started: the code and templates loaded, nothing sent. */
  rssBeforeMb: number;
  /** The command's: its whole process, start-up included. The raw ceiling's: its timed sending only. */
  cpuMsPerDigest: number;
  /**
   * CPU ms per digest of the sending process's main thread and of its other threads, busiest
   * first, over the whole process (for the raw ceiling, its start-up and the rendering of its
   * sample digests too: their sum can exceed its cpuMsPerDigest).
   */
  threads?: { main: number; others: number[] };
  detail?: unknown;
}

const [flag, phase, databaseUrl, smtpUrl] = process.argv.slice(2);
if (flag === '--phase') {
  const { runPhase } = await import('./send-phases.js');
  const result: PhaseResult = await runPhase(phase!, { databaseUrl: databaseUrl!, smtpUrl: smtpUrl!, poolSize: POOL, env: benchEnv(databaseUrl!, smtpUrl!) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} else {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  await orchestrate(sizes.length > 0 ? sizes : [10_000, 100_000]);
}

function benchEnv(databaseUrl: string, smtpUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    SMTP_URL: smtpUrl,
    SMTP_POOL_SIZE: String(POOL),
    APP_SECRET: BENCH_SECRET,
    PUBLIC_URL: 'https://papers.example.org',
    MAIL_FROM: 'Paperboy <digest@papers.example.org>',
    DATA_DIR: path.join(tmpdir(), 'paperboy-bench-send'),
    SEEDS_DIR: path.join(REPO, 'seeds'),
    LOG_LEVEL: 'warn',
  };
}

async function orchestrate(sizes: number[]) {
  const sink = await startSinkProcess();
  console.log(
    `Send benchmark: PostgreSQL ${new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://127.0.0.1:5432').host}, SMTP sink in its own process, ` +
      `pool of ${POOL} SMTP connections, Node ${process.version}, ${cpus().length} CPUs\n`,
  );
  console.log('subscribers  path                                   digests   seconds  digests/s  RSS MB: start  peak  sender CPU ms/digest  sink accepted  CPU ms/digest: database  sink');
  try {
    for (const size of sizes) {
      const db = await createTestDatabase('postgres');
      try {
        const papers = await seed(db.url!, size);
        const runs = new Map<string, PhaseResult[]>();
        let tables = '';
        for (let round = 1; round <= ROUNDS; round++) {
          if (round > 1) await forgetDeliveries(db.url!);
          for (const [name, label] of PHASES) {
            const result = await measurePhase(name, label, size, db.url!, sink);
            runs.set(name, [...(runs.get(name) ?? []), result]);
            if (name === 'e2e' && round === 1) tables = await tableSizes(db.url!);
          }
        }
        if (tables) console.log(`${''.padStart(11)}  database after the end-to-end run: ${tables}`);
        const of = (name: string) => runs.get(name) ?? [];
        const [e2e, built, raw] = [of('e2e'), of('built'), of('raw')];
        if (!e2e.length || !built.length || !raw.length) continue;
        const [e2eRate, builtRate, rawRate] = [e2e, built, raw].map((results) => median(results.map(rate))) as [number, number, number];
        if (ROUNDS > 1) {
          const spread = (results: PhaseResult[], middle: number) => `median ${middle.toFixed(0)}/s (${results.map((r) => rate(r).toFixed(0)).join(', ')})`;
          console.log(
            `${''.padStart(11)}  ${ROUNDS} rounds, interleaved: end to end ${spread(e2e, e2eRate)}, already built ${spread(built, builtRate)}, raw ceiling ${spread(raw, rawRate)}`,
          );
        }
        console.log(
          `${''.padStart(11)}  ratio to the raw ceiling${ROUNDS > 1 ? ' (of the medians)' : ''}: end to end ${((100 * e2eRate) / rawRate).toFixed(0)}%, already built ${((100 * builtRate) / rawRate).toFixed(0)}%` +
            `  (corpus: ${papers} papers; e2e detail: ${JSON.stringify(e2e[0]!.detail)})\n`,
        );
      } finally {
        await db.drop();
      }
    }
  } finally {
    sink.stop();
  }
}

/** Runs one phase against the seeded database and prints its two lines. */
async function measurePhase(name: string, label: string, size: number, databaseUrl: string, sink: Sink): Promise<PhaseResult> {
  if (name === 'built') await reopenAll(databaseUrl);
  await sink.request('reset');
  const dbCpuBefore = databaseCpuMs();
  const machineBefore = machineTicks();
  const result = name === 'raw' ? await runPhaseProcess(name, databaseUrl, sink.url) : await runSendCommand(databaseUrl, sink.url);
  const machine = machineShares(machineBefore);
  const stats = (await sink.request('stats')) as { accepted: number; cpuMs: number };
  const dbCpu = (databaseCpuMs() - dbCpuBefore) / Math.max(1, result.digests);
  const sinkCpu = stats.cpuMs / Math.max(1, stats.accepted);
  console.log(
    `${size.toLocaleString('en-US').padStart(11)}  ${label.padEnd(38)} ${String(result.digests).padStart(8)} ${result.seconds.toFixed(1).padStart(9)} ${rate(result).toFixed(0).padStart(10)} ${result.rssBeforeMb.toFixed(0).padStart(14)} ${result.rssMb.toFixed(0).padStart(5)} ${result.cpuMsPerDigest.toFixed(2).padStart(21)} ${String(stats.accepted).padStart(14)} ${dbCpu.toFixed(2).padStart(13)} ${sinkCpu.toFixed(2).padStart(9)}`,
  );
  const threads = result.threads ? `main ${result.threads.main.toFixed(2)}, others ${result.threads.others.map((ms) => ms.toFixed(2)).join(' ')}` : '';
  console.log(
    `${''.padStart(11)}  sender CPU ms/digest by thread: ${threads}; machine CPU: busy ${machine.busy.toFixed(0)}%, idle ${machine.idle.toFixed(0)}%, stolen ${machine.stolen.toFixed(0)}%`,
  );
  return result;
}

function rate(result: PhaseResult): number {
  return result.digests / result.seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** BENCH_NODE_OPTIONS: extra flags for the measured processes, e.g. --cpu-prof to see where time goes. */
function benchNodeOptions(): string[] {
  return process.env.BENCH_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
}

/** A phase of send-phases.ts (the raw ceiling) in a process of its own; it prints its result as JSON. */
async function runPhaseProcess(name: string, databaseUrl: string, smtpUrl: string): Promise<PhaseResult> {
  const child = spawn(process.execPath, [...benchNodeOptions(), '--import', 'tsx', import.meta.filename, '--phase', name, databaseUrl, smtpUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const { code, readings } = await watchProcess(child, () => false);
  if (code !== 0) throw new Error(`the ${name} phase exited with ${code}`);
  const result = JSON.parse(out.trim().split('\n').pop()!) as PhaseResult;
  return { ...result, threads: perDigest(readings.threads, result.digests) };
}

function perDigest(threads: ProcessReadings['threads'], digests: number): PhaseResult['threads'] {
  const per = (ms: number) => ms / Math.max(1, digests);
  return { main: per(threads.mainMs), others: threads.othersMs.map(per).filter((ms) => ms >= 0.005) };
}

/**
 * `paperboy send --now --json` in a process of its own, started with the Node flags and the
 * environment of the command's first line (as running it directly would) and any of BENCH_NODE_OPTIONS. Memory and
 * CPU are read from /proc while it runs; the last reading before it exits is within 100 ms of the end.
 */
async function runSendCommand(databaseUrl: string, smtpUrl: string): Promise<PhaseResult> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...shippedEnv(), ...benchEnv(databaseUrl, smtpUrl), LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, [...shippedNodeFlags(), ...benchNodeOptions(), BIN, 'send', '--now', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (logs += chunk));
  child.stdout.resume();
  // RSS once the command is set up (code loaded, templates compiled): its mailer says so.
  const { code, readings } = await watchProcess(child, () => logs.includes('mail goes to the SMTP server'));
  const finished = logs
    .split('\n')
    .filter((line) => line.includes('"send run finished"'))
    .map((line) => JSON.parse(line) as { ms: number; sent: number; planned: number; skipped: number; failed: number; planMs: number })[0];
  if (!finished) throw new Error(`paperboy send exited with ${code} and no report:\n${logs.slice(-2000)}`);
  return {
    seconds: finished.ms / 1000,
    digests: finished.sent,
    rssMb: readings.peakKb / 1024,
    rssBeforeMb: readings.startKb / 1024,
    cpuMsPerDigest: readings.cpuMs / Math.max(1, finished.sent),
    threads: perDigest(readings.threads, finished.sent),
    detail: { planned: finished.planned, skipped: finished.skipped, failed: finished.failed, planSeconds: finished.planMs / 1000 },
  };
}

/** Migrates, ingests the seed corpus and adds `count` active subscribers with one or two topics. */
async function seed(databaseUrl: string, count: number): Promise<number> {
  const { openApp } = await import('../src/main.js');
  const { loadConfig } = await import('../src/config/index.js');
  const { ingestFiles, listPageFiles } = await import('../src/corpus/index.js');
  const { createLogger } = await import('../src/shared/logger.js');
  const env = benchEnv(databaseUrl, 'smtp://127.0.0.1:1');
  const app = await openApp({ config: loadConfig(env), log: createLogger('warn') });
  try {
    await ingestFiles(app.db, await listPageFiles([env.SEEDS_DIR!]), { now: new Date() });
  } finally {
    await app.close();
  }
  return withClient(databaseUrl, async (client) => {
    await client.query(
      `INSERT INTO "Subscriber" (email, status, "linkKey", "confirmedAt", "createdAt")
       SELECT 'reader' || i || '@bench.example', 'active', md5('bench' || i), now(), now() FROM generate_series(1, $1::int) i`,
      [count],
    );
    // Topic k for subscriber i: i mod the catalogue size; every third one gets a second topic.
    const topics = `(SELECT slug, name, (row_number() OVER (ORDER BY position, slug)) - 1 AS k, count(*) OVER () AS n FROM "Topic") t`;
    await client.query(`INSERT INTO "Interest" ("subscriberId", "topicSlug", label) SELECT s.id, t.slug, t.name FROM "Subscriber" s JOIN ${topics} ON t.k = s.id % t.n`);
    await client.query(
      `INSERT INTO "Interest" ("subscriberId", "topicSlug", label) SELECT s.id, t.slug, t.name FROM "Subscriber" s JOIN ${topics} ON t.k = (s.id * 7 + 3) % t.n
       WHERE s.id % 3 = 0 ON CONFLICT DO NOTHING`,
    );
    await client.query('VACUUM ANALYZE');
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM "Paper"');
    return rows[0]!.n;
  });
}

/** On-disk size of the delivery tables, tables and indexes together, for the scaling figures. */
async function tableSizes(databaseUrl: string): Promise<string> {
  return withClient(databaseUrl, async (client) => {
    await client.query('ANALYZE');
    const { rows } = await client.query<{ name: string; mb: number; rows: number }>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) / 1048576.0 AS mb, c.reltuples::bigint AS rows
       FROM pg_class c WHERE c.relname IN ('Delivery', 'DeliveryContent', 'SentPaper') ORDER BY c.relname`,
    );
    return rows.map((r) => `${r.name} ${Number(r.mb).toFixed(0)} MB (${Number(r.rows).toLocaleString('en-US')} rows)`).join(', ');
  });
}

/** Forgets every edition and what it sent, so that the next end-to-end run plans and builds anew. */
async function forgetDeliveries(databaseUrl: string): Promise<void> {
  return withClient(databaseUrl, async (client) => {
    await client.query(`TRUNCATE "SentPaper", "DeliveryContent", "Delivery", "Edition"`);
    await client.query('VACUUM ANALYZE');
  });
}

/** Puts every delivery back in the queue with its content kept: the next run only renders and sends. */
async function reopenAll(databaseUrl: string): Promise<void> {
  return withClient(databaseUrl, async (client) => {
    await client.query(`UPDATE "Delivery" SET status = 'pending', "sentAt" = NULL, "smtpResponse" = NULL, "nextAttemptAt" = now() WHERE status = 'sent'`);
    await client.query(`UPDATE "Edition" SET "completedAt" = NULL`);
    await client.query('VACUUM ANALYZE "Delivery"');
  });
}

interface Sink {
  url: string;
  request(type: string): Promise<unknown>;
  stop(): void;
}

async function startSinkProcess(): Promise<Sink> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'smtp-sink.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<Record<string, unknown>>((resolve) => child.once('message', (m) => resolve(m as Record<string, unknown>)));
  const ready = await next();
  return {
    url: ready.url as string,
    async request(type) {
      const reply = next();
      child.send({ type });
      return reply;
    },
    stop: () => child.kill(),
  };
}
