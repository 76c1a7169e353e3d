// npm run bench:ingest — ingest time and peak memory for a 100x corpus built from seeds/ (about
// 40,000 entries), first run and a re-run with no changes, beside parsing alone as the baseline,
// and beside the floor no storing can go under: parsing plus PostgreSQL computing each entry's
// search tsvector (the generated column) once, with nothing stored.
// Each phase runs in its own process so that its peak RSS is its own, started with the flags every
// production process has (bin/paperboy.js, `npm start`, the image): MALLOC_ARENA_MAX=2 and
// --heap-growing-percent=50, so that the peak is the one an operator's `paperboy ingest` sees.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  try {
    console.log(`corpus: ${COPIES}x seeds = ${readdirSync(dir).length} pages, ${entries} entries; database: ${backend}\n`);
    console.log('phase                    seconds   × parse   peak RSS MB   summary');
    let parseSeconds = 0;
    for (const name of ['parse-only', 'search-floor', 'ingest-first', 'ingest-rerun']) {
      const out = execFileSync(process.execPath, ['--heap-growing-percent=50', '--import', 'tsx', import.meta.filename, name, dir, db.url!], {
        encoding: 'utf8',
        env: { ...process.env, MALLOC_ARENA_MAX: '2' },
      });
      const result = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; rssMb: number; summary: unknown };
      if (name === 'parse-only') parseSeconds = result.seconds;
      const ratio = (result.seconds / parseSeconds).toFixed(2);
      console.log(`${name.padEnd(24)} ${result.seconds.toFixed(2).padStart(7)}   ${ratio.padStart(7)}   ${result.rssMb.toFixed(0).padStart(11)}   ${JSON.stringify(result.summary)}`);
    }
  } finally {
    await db.drop();
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

async function runPhase(name: string, dir: string, databaseUrl: string | undefined) {
  const files = readdirSync(dir).sort().map((f) => path.join(dir, f));
  const started = performance.now();
  let summary: unknown;
  if (name === 'parse-only') {
    let count = 0;
    for (const file of files) count += parsePage(readFileSync(file, 'utf8'), file, { today: TODAY }).entries.length;
    summary = { entries: count };
  } else if (name === 'search-floor') {
    // What no way of storing can avoid: PostgreSQL computing the generated search column
    // (to_tsvector of title and abstract) once per entry, without storing anything.
    const { withClient } = await import('../testkit/database.js');
    let count = 0;
    await withClient(databaseUrl!, async (client) => {
      for (const file of files) {
        const rows = parsePage(readFileSync(file, 'utf8'), file, { today: TODAY }).entries.map(({ title, abstract }) => ({ title, abstract }));
        count += rows.length;
        await client.query(
          `SELECT sum(length(setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('english', t.abstract), 'B')))
           FROM jsonb_to_recordset($1::jsonb) AS t(title text, abstract text)`,
          [JSON.stringify(rows)],
        );
      }
    });
    summary = { entries: count };
  } else {
    const { openDatabase, migrate } = await import('../src/db/index.js');
    const { ingestFiles } = await import('../src/corpus/index.js');
    const db = await openDatabase({ databaseUrl, dataDir: dir });
    await migrate(db);
    const t0 = performance.now();
    summary = (await ingestFiles(db.prisma, files, { now: TODAY })).summary;
    await db.close();
    process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - t0) / 1000, rssMb: process.resourceUsage().maxRSS / 1024, summary })}\n`);
    return;
  }
  process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, rssMb: process.resourceUsage().maxRSS / 1024, summary })}\n`);
}
