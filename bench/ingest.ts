// npm run bench:ingest — ingest time and peak memory for a 100x corpus built from seeds/ (about
// 40,000 entries), first run and a re-run with no changes, beside parsing alone as the baseline,
// and beside parsing plus PostgreSQL computing each entry's search tsvector once on one
// connection, with nothing stored (what every way of storing has to pay, on however many cores).
// The first ingest runs twice, on two fresh databases: with the pages stored one transaction at a
// time (one writer), and as a service or `paperboy ingest` stores them (Database.writers, two on a
// server), so the gain from the second writer is measured in the same run.
// Besides wall time, each phase's CPU time (the Node process and the PostgreSQL backends serving
// it, from /proc when the server is on this machine): on a machine shared with other work, wall
// time swings with the load, and the CPU figures say whether the work itself changed.
// Each phase runs in its own process so that its peak RSS is its own, started with the flags every
// production process has (bin/paperboy.js, `npm start`, the image): MALLOC_ARENA_MAX=2 and
// --heap-growing-percent=50, so that the peak is the one an operator's `paperboy ingest` sees.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parsePage } from '../src/corpus/parse.js';

const COPIES = Number(process.env.BENCH_COPIES ?? 100);
const SEEDS = path.resolve(import.meta.dirname, '../seeds');
const TODAY = new Date('2026-11-22T00:00:00Z');

const phase = process.argv[2];
if (phase) {
  await runPhase(phase, process.argv[3]!, process.argv[4]);
} else {
  await orchestrate();
}

async function orchestrate() {
  const dir = path.join(tmpdir(), `paperboy-bench-ingest-${process.pid}`);
  const entries = buildCorpus(dir);
  const backend = process.env.DATABASE_URL ? 'postgres' : 'postgres (127.0.0.1, fresh database)';
  const { createTestDatabase } = await import('../testkit/database.js');
  const db = await createTestDatabase('postgres');
  const oneWriterDb = await createTestDatabase('postgres');
  try {
    console.log(`corpus: ${COPIES}x seeds = ${readdirSync(dir).length} pages, ${entries} entries; database: ${backend}\n`);
    console.log('phase                    seconds   × parse   CPU s (node + db)   CPU × parse   peak RSS MB   summary');
    let parseSeconds = 0;
    let parseCpu = 0;
    let vectorCpu: number | null = null;
    // A first, unreported parse warms what every phase's process shares (tsx's compile cache, the
    // disk cache of the pages): measured cold, the baseline came out half again as slow as warm
    // (2.27 s against 1.5 s), which flattered every ratio below it.
    for (const name of ['warm-up', 'parse-only', 'search-floor', 'ingest-one-writer', 'ingest-first', 'ingest-rerun']) {
      const url = name === 'ingest-one-writer' ? oneWriterDb.url! : db.url!;
      const phase = name === 'warm-up' ? 'parse-only' : name;
      const out = execFileSync(process.execPath, ['--heap-growing-percent=50', '--import', 'tsx', import.meta.filename, phase, dir, url], {
        encoding: 'utf8',
        env: { ...process.env, MALLOC_ARENA_MAX: '2' },
      });
      const result = JSON.parse(out.trim().split('\n').pop()!) as PhaseResult;
      if (name === 'warm-up') continue;
      const cpu = result.cpu.node + (result.cpu.db ?? 0);
      if (name === 'parse-only') [parseSeconds, parseCpu] = [result.seconds, cpu];
      if (name === 'search-floor') vectorCpu = result.cpu.db;
      const ratio = (result.seconds / parseSeconds).toFixed(2);
      const cpuText = `${cpu.toFixed(2)} (${result.cpu.node.toFixed(2)} + ${result.cpu.db === null ? '?' : result.cpu.db.toFixed(2)})`;
      console.log(
        `${name.padEnd(24)} ${result.seconds.toFixed(2).padStart(7)}   ${ratio.padStart(7)}   ${cpuText.padStart(17)}   ${(cpu / parseCpu).toFixed(2).padStart(11)}   ${result.rssMb.toFixed(0).padStart(11)}   ${JSON.stringify(result.summary)}`,
      );
    }
    if (vectorCpu !== null) {
      // What no way of storing can go below: parsing the pages and PostgreSQL computing the vectors,
      // spread perfectly over every core, with nothing else to do.
      const cores = availableParallelism();
      const floor = (parseCpu + vectorCpu) / cores / parseSeconds;
      console.log(`\nfloor on ${cores} cores: (parse CPU + vectors' CPU) / ${cores} = ${((parseCpu + vectorCpu) / cores).toFixed(2)} s = ${floor.toFixed(2)}× parse, with storing free and perfectly parallel`);
    }
  } finally {
    await db.drop();
    await oneWriterDb.drop();
  }
}

/** Writes COPIES variants of every seed page; each copy's titles are made distinct papers. */
function buildCorpus(dir: string): number {
  mkdirSync(dir, { recursive: true });
  let entries = 0;
  for (const file of readdirSync(SEEDS).filter((f) => f.endsWith('.txt'))) {
    const text = readFileSync(path.join(SEEDS, file), 'utf8');
    const page = parsePage(text, file, { today: TODAY });
    const titleLines = new Set(page.entries.map((e) => e.line - 1));
    const lines = text.split('\n');
    for (let copy = 0; copy < COPIES; copy++) {
      const variant = lines.map((line, i) => (titleLines.has(i) ? `${line} (variant ${copy})` : line));
      writeFileSync(path.join(dir, `${String(copy).padStart(3, '0')}_${file}`), variant.join('\n'));
      entries += page.entries.length;
    }
  }
  return entries;
}

interface PhaseResult {
  seconds: number;
  /** CPU seconds; db is null when the server's processes cannot be read (not on this machine). */
  cpu: { node: number; db: number | null };
  rssMb: number;
  summary: unknown;
}

async function runPhase(name: string, dir: string, databaseUrl: string | undefined) {
  const files = readdirSync(dir).sort().map((f) => path.join(dir, f));
  let timed: { seconds: number; node: number; db: number | null; summary: unknown };
  if (name === 'parse-only') {
    timed = await measure(async () => 0, async () => {
      let count = 0;
      for (const file of files) count += parsePage(readFileSync(file, 'utf8'), file, { today: TODAY }).entries.length;
      return { entries: count };
    });
  } else if (name === 'search-floor') {
    // PostgreSQL computing the search vector (paper_search(): title A, abstract B) once per entry, on one
    // connection, storing nothing. Migrated first (untimed), for the one definition of the vector;
    // the first ingest, later on the same database, migrates untimed too, so it finds nothing to do.
    const { openDatabase, migrate } = await import('../src/db/index.js');
    const migrated = await openDatabase({ databaseUrl, dataDir: dir });
    await migrate(migrated);
    await migrated.close();
    const { withClient } = await import('../testkit/database.js');
    timed = await withClient(databaseUrl!, (client) =>
      measure(
        async () => databaseCpu((sql) => client.query(sql).then((r) => r.rows)),
        async () => {
          let count = 0;
          for (const file of files) {
            const rows = parsePage(readFileSync(file, 'utf8'), file, { today: TODAY }).entries.map(({ title, abstract }) => ({ title, abstract }));
            count += rows.length;
            await client.query(
              `SELECT sum(length(paper_search(t.title, t.abstract)))
               FROM jsonb_to_recordset($1::jsonb) AS t(title text, abstract text)`,
              [JSON.stringify(rows)],
            );
          }
          return { entries: count };
        },
      ),
    );
  } else {
    const { openDatabase, migrate } = await import('../src/db/index.js');
    const { ingestFiles } = await import('../src/corpus/index.js');
    const db = await openDatabase({ databaseUrl, dataDir: dir });
    await migrate(db);
    timed = await measure(
      () => databaseCpu((sql) => db.prisma.$queryRawUnsafe(sql)),
      async () => (await ingestFiles(name === 'ingest-one-writer' ? { ...db, writers: 1 } : db, files, { now: TODAY })).summary,
    );
    await db.close();
  }
  const result: PhaseResult = { seconds: timed.seconds, cpu: { node: timed.node, db: timed.db }, rssMb: process.resourceUsage().maxRSS / 1024, summary: timed.summary };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Wall time, this process's CPU time and the database backends' CPU time spent in `work`. */
async function measure(databaseCpuNow: () => Promise<number | null>, work: () => Promise<unknown>) {
  const db0 = await databaseCpuNow();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await work();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const db1 = await databaseCpuNow();
  return { seconds, node: (cpu.user + cpu.system) / 1e6, db: db1 === null ? null : db1 - (db0 ?? 0), summary };
}

/** CPU seconds used so far by the backends connected to this database, or null off this machine. */
async function databaseCpu(query: (sql: string) => Promise<Array<{ pid: number }>>): Promise<number | null> {
  const rows = await query('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  try {
    let ticks = 0;
    for (const { pid } of rows) {
      // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100/s).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / 100;
  } catch {
    return null;
  }
}
