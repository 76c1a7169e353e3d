// Does POST /subscribe tell, by its timing, whether an address is new, pending or already active?
// For each code tree measured, ROUNDS requests per state, as JSON and as a form, interleaved in a
// seeded random order on one server (PostgreSQL, in-process SMTP sink); prints the medians per
// state and Mann-Whitney p-values between states (a small p means the states can be told apart).
//
// Usage: npm run bench:subscribe-timing [-- rounds answerMs]
//   BENCH_BASELINE_DIR=/path/to/an/older/checkout measures that tree first, in the same run, as
//   the baseline (e.g. `git archive main | tar -x -C /tmp/before`, node_modules linked, its Prisma
//   client generated). Without it the baseline is this tree with the fixed answer time off
//   (subscribeAnswerMs 0: the email is handed off and the answer leaves at once).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { mannWhitneyP, median } from './lib/stats.js';

const ROUNDS = Number(process.argv[2] ?? 200);
const ANSWER_MS = Number(process.argv[3] ?? 400);
const HERE = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
type State = 'new' | 'pending' | 'active';
const STATES: State[] = ['new', 'pending', 'active'];

interface Tree {
  label: string;
  root: string;
  web: Record<string, unknown>;
}

async function measure(tree: Tree) {
  const load = (file: string) => import(path.join(tree.root, file));
  // A baseline tree older than testkit/ kept these helpers under test/helpers/.
  const loadKit = (file: string, before: string) => (existsSync(path.join(tree.root, 'testkit')) ? load(`testkit/${file}`) : load(`test/helpers/${before}`));
  const { createTestDatabase } = await loadKit('database.ts', 'database.ts');
  const { startSmtpSink } = await loadKit('smtp-sink.ts', 'smtp.ts');
  const { openTestApp } = await loadKit('app.ts', 'app.ts');
  const { buildServer } = await load('src/web/server.ts');
  const { subscribeConfirmed } = await load('src/subscriptions/operator.ts');
  const { requestSubscription } = await load('src/subscriptions/request.ts');
  const db = await createTestDatabase('postgres');
  const smtp = await startSmtpSink();
  const app = await openTestApp(db, { env: { SMTP_URL: smtp.url } });
  await app.renderer();
  const unlimited = { max: 1_000_000, timeWindowMs: 60_000 };
  const server = await buildServer(app, { subscribePerIp: unlimited, subscribePerAddress: unlimited, linksPerIp: unlimited, ...tree.web });
  const now = new Date();
  const post = (email: string, form: { cookie: string; csrf: string } | null) =>
    form
      ? server.inject({
          method: 'POST',
          url: '/subscribe',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
          payload: new URLSearchParams({ _csrf: form.csrf, email, topics: 'llms', customTopics: 'protein folding', frequency: 'daily', sendHour: '8' }).toString(),
        })
      : server.inject({ method: 'POST', url: '/subscribe', payload: { email, topics: ['llms', 'protein folding'], sendHour: 8 } });
  const page = await server.inject({ method: 'GET', url: '/' });
  const form = {
    csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!,
    cookie: ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; '),
  };
  // Addresses in each state: every request below uses a different one.
  for (let i = 0; i < 2 * ROUNDS; i++) {
    await subscribeConfirmed(app.prisma, { email: `active-${i}@example.org`, topics: ['llms'], preferences: { frequency: 'daily', sendHour: 7, sendWeekday: 1, digestSize: 10 } }, { source: 'cli', defaultTimeZone: 'UTC', now });
    await requestSubscription(app.prisma, { email: `pending-${i}@example.org`, topics: ['llms'], preferences: { frequency: 'daily', sendHour: 7, sendWeekday: 1, digestSize: 10 } }, { source: 'web', defaultTimeZone: 'UTC', now });
  }
  const order = shuffled(STATES.flatMap((s) => Array.from({ length: 2 * ROUNDS }, () => s)));
  const used: Record<State, number> = { new: 0, pending: 0, active: 0 };
  const times: Record<'json' | 'form', Record<State, number[]>> = { json: { new: [], pending: [], active: [] }, form: { new: [], pending: [], active: [] } };
  for (const state of order) {
    const i = used[state]++;
    const kind = i % 2 === 0 ? 'json' : 'form';
    const start = performance.now();
    const res = await post(`${state}-${i}@example.org`, kind === 'form' ? form : null);
    const ms = performance.now() - start;
    if (res.statusCode >= 300) throw new Error(`${state} ${kind}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    times[kind][state].push(ms);
  }
  await server.close();
  await app.close();
  await smtp.close();
  await db.drop();
  return times;
}

/** A seeded shuffle (fast-check's generator), so two runs send the same order. */
function shuffled<T>(items: T[]): T[] {
  const keys = fc.sample(fc.double({ min: 0, max: 1, noNaN: true }), { seed: 2026, numRuns: items.length });
  return items.map((item, i) => ({ item, key: keys[i]! })).sort((a, b) => a.key - b.key).map(({ item }) => item);
}

function report(label: string, times: Awaited<ReturnType<typeof measure>>) {
  console.log(`\n${label}`);
  console.log('body  median ms (new / pending / active)    p new-pending  p new-active  p pending-active');
  for (const kind of ['json', 'form'] as const) {
    const t = times[kind];
    const medians = STATES.map((s) => median(t[s]).toFixed(1).padStart(6)).join(' /');
    const p = (a: State, b: State) => mannWhitneyP(t[a], t[b]).toPrecision(2).padStart(12);
    console.log(`${kind.padEnd(5)} ${medians}   n=${t.new.length}/${t.pending.length}/${t.active.length}  ${p('new', 'pending')}  ${p('new', 'active')}  ${p('pending', 'active')}`);
  }
}

const baselineDir = process.env.BENCH_BASELINE_DIR;
const trees: Tree[] = [
  baselineDir
    ? { label: `baseline: ${baselineDir} (its own behaviour)`, root: path.resolve(baselineDir), web: {} }
    : { label: 'baseline: this tree, no fixed answer time (subscribeAnswerMs 0)', root: HERE, web: { subscribeAnswerMs: 0 } },
  { label: `this tree: answer at a fixed ${ANSWER_MS} ms`, root: HERE, web: { subscribeAnswerMs: ANSWER_MS } },
];
console.log(`bench:subscribe-timing: ${ROUNDS} requests per state and body kind`);
for (const tree of trees) report(tree.label, await measure(tree));
