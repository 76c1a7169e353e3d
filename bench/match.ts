// npm run bench:match — matching time and peak memory for 1k, 10k and 100k subscribers over a
// 40,000-paper synthetic corpus built from the samples (bench/lib/synthetic.ts), on PostgreSQL,
// first as without feedback, then with a tenth of the subscribers having rated papers.
// Each size runs in its own process (so its peak RSS is its own) and does what a send run does
// per subscriber: read their interests (in batches of 1000) and call matcher.pick, 8 at a time.
import { execFileSync } from 'node:child_process';
import { migrate, openDatabase } from '../src/db/index.js';
import { createMatcher, syncCatalogue } from '../src/matching/index.js';
import { forEachLimit } from '../src/shared/concurrency.js';
import { createTestDatabase } from '../testkit/database.js';
import { addFeedback, BENCH_NOW, buildCorpus, buildSubscribers } from './lib/synthetic.js';

const PAPERS = Number(process.env.BENCH_PAPERS ?? 40_000);
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const CONCURRENCY = 8;

if (process.argv[2] === 'phase') {
  await phase(process.argv[3]!, Number(process.argv[4]));
} else {
  await orchestrate();
}

async function orchestrate() {
  const db = await createTestDatabase('postgres');
  try {
    const database = await openDatabase({ databaseUrl: db.url, dataDir: db.dataDir });
    await migrate(database);
    await syncCatalogue(database.prisma);
    await database.close();
    let started = Date.now();
    await buildCorpus(db.url!, PAPERS);
    console.log(`corpus: ${PAPERS} papers built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    started = Date.now();
    const { distinctTopicSets } = await buildSubscribers(db.url!, Math.max(...SIZES));
    console.log(`subscribers: ${Math.max(...SIZES)} with ${distinctTopicSets} distinct topic sets, built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    // Each size twice: as today (no reader has feedback), then with a tenth of the readers having
    // rated 10 papers (a twentieth also 2 liked papers), which the matcher's reader model serves.
    const runs = new Map<string, Record<string, number>>();
    const runPhase = (size: number) => {
      const out = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, 'phase', db.url!, String(size)], { encoding: 'utf8', maxBuffer: 1 << 24 });
      return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
    };
    // Each phase's line as soon as it is done: a 100,000-subscriber run takes long on a shared machine.
    const report = (key: string, r: Record<string, number>) => console.log(`${key}: ${JSON.stringify(r)}`);
    for (const size of SIZES) {
      runs.set(`plain:${size}`, runPhase(size));
      report(`plain:${size}`, runs.get(`plain:${size}`)!);
    }
    const feedback = await addFeedback(db.url!, Math.max(...SIZES));
    console.log(`feedback: ${feedback.readers} readers with ${feedback.ratings} ratings and ${feedback.liked} liked papers\n`);
    for (const size of SIZES) {
      runs.set(`feedback:${size}`, runPhase(size));
      report(`feedback:${size}`, runs.get(`feedback:${size}`)!);
    }
    console.log('subscribers   feedback    seconds   CPU s   per subscriber   peak RSS MB   topic sets   digests   papers/digest   trending/digest');
    for (const size of SIZES) {
      for (const kind of ['plain', 'feedback']) {
        const r = runs.get(`${kind}:${size}`)!;
        const base = runs.get(`plain:${size}`)!;
        const ratio = kind === 'plain' ? '' : ` (×${(r.seconds! / base.seconds!).toFixed(2)} time, ×${(r.cpuSeconds! / base.cpuSeconds!).toFixed(2)} CPU, ×${(r.rssMb! / base.rssMb!).toFixed(2)} memory)`;
        console.log(
          `${String(size).padStart(11)}   ${(kind === 'plain' ? 'none' : 'a tenth').padStart(8)}   ${r.seconds!.toFixed(1).padStart(7)}   ${r.cpuSeconds!.toFixed(1).padStart(5)}   ${`${((r.seconds! * 1000) / size).toFixed(2)} ms`.padStart(14)}   ${r.rssMb!.toFixed(0).padStart(11)}   ${String(r.sets).padStart(10)}   ${String(r.digests).padStart(7)}   ${r.papers!.toFixed(1).padStart(13)}   ${r.trending!.toFixed(1).padStart(15)}${ratio}`,
        );
      }
    }
  } finally {
    await db.drop();
  }
}

async function phase(url: string, size: number) {
  const database = await openDatabase({ databaseUrl: url, dataDir: '/tmp' });
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  const matcher = createMatcher(database.prisma, { now: BENCH_NOW });
  const sets = new Set<string>();
  let digests = 0;
  let papers = 0;
  let trending = 0;
  for (let cursor = 0, done = 0; done < size; ) {
    const batch = await database.prisma.subscriber.findMany({
      where: { status: 'active', id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take: Math.min(1000, size - done),
      select: { id: true, digestSize: true, interests: { select: { label: true }, orderBy: { id: 'asc' } } },
    });
    if (batch.length === 0) break;
    cursor = batch.at(-1)!.id;
    done += batch.length;
    await forEachLimit(batch, CONCURRENCY, async (subscriber) => {
      const topics = subscriber.interests.map((interest) => interest.label);
      sets.add([...topics].sort().join('|'));
      const pick = await matcher.pick({ subscriberId: subscriber.id, topics, limit: subscriber.digestSize });
      if (pick.papers.length > 0) digests++;
      papers += pick.papers.length;
      trending += pick.trending.length;
    });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // CPU time of this process: on a shared machine the wall time also counts other people's work.
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await database.close();
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ seconds, cpuSeconds, rssMb, sets: sets.size, digests, papers: papers / Math.max(1, digests), trending: trending / Math.max(1, digests) }));
}
