// npm run bench:relevance — the matcher's relevance on every set of testkit/relevance/sets.ts: the
// TUNING set, the sets rules and weights were chosen on (dev, and held-out sets once examined) and
// the ones still HELD OUT (never used for choosing), side by side: per topic
// and mean, nDCG@10 and P@5 of the plain query, mean nDCG@10 over the topic's people's-words
// variants, list precision of a 10-paper digest, and a plain BM25 over title and abstract for the
// same query, computed in the same run.
// --details prints each topic's top ten with their grades; --backend embedded runs on PGlite;
// --no-heldout leaves out the sets still held out (while working on the ranking, so as not to see it).
import path from 'node:path';
import { REPO_ROOT } from '../testkit/paths.js';
import { evaluate, evaluateAbsent, loadAbsentSet, loadEvalSet, withSampleCorpus, type AbsentEvaluation, type Evaluation, type TopicResult } from '../testkit/relevance/evaluation.js';
import { bootstrapMean, intervalText } from '../testkit/relevance/metrics.js';
import { ABSENT_SETS, pooledByRole, RELEVANCE_SETS, type SetRole } from '../testkit/relevance/sets.js';

const details = process.argv.includes('--details');
const withHeldout = !process.argv.includes('--no-heldout');
const backend = process.argv.includes('--backend') && process.argv[process.argv.indexOf('--backend') + 1] === 'embedded' ? 'embedded' : 'postgres';
const started = Date.now();
const ROLE: Record<SetRole, string> = {
  tuning: 'weights were fitted on it',
  examined: 'rules and weights were chosen looking at it',
  'held-out': 'HELD OUT: never used for choosing',
};
const sets = RELEVANCE_SETS.map(({ name, dir, role, history }) => ({
  name: `${name.toUpperCase()} set (${path.relative(REPO_ROOT, dir)}: ${ROLE[role]}; ${history})`,
  short: name,
  set: withHeldout || role !== 'held-out' ? loadEvalSet(dir) : undefined,
}));
const absentSets = ABSENT_SETS.map(({ name, dir, role }) => ({ name, role, subjects: withHeldout || role !== 'held-out' ? loadAbsentSet(dir) : undefined }));
const [results, absent] = await withSampleCorpus(backend, async (prisma) => {
  const out: Array<Evaluation | undefined> = [];
  for (const { set } of sets) out.push(set ? await evaluate(prisma, set) : undefined);
  const absentOut: Array<AbsentEvaluation | undefined> = [];
  for (const { subjects } of absentSets) absentOut.push(subjects ? await evaluateAbsent(prisma, subjects) : undefined);
  return [out, absentOut] as const;
});

const pad = (text: string, width: number) => text.padEnd(width).slice(0, width);
const num = (value: number) => (Number.isNaN(value) ? '    –' : value.toFixed(2).padStart(5));
const HEADER = `${pad('topic', 36)} rel  nDCG   P@5 words  list (n)   BM25 nDCG  P@5`;

function printSet(name: string, result: Evaluation | undefined) {
  console.log(`\n== ${name}`);
  if (!result) return console.log('not present or left out');
  console.log(HEADER);
  for (const t of result.topics) {
    console.log(`${pad(t.query, 36)} ${String(t.relevant).padStart(3)} ${num(t.ours.ndcg10)} ${num(t.ours.p5)} ${num(t.variantsNdcg10)} ${num(t.listPrecision)} (${String(t.returned).padStart(2)})  ${num(t.bm25.ndcg10)} ${num(t.bm25.p5)}`);
  }
  const m = result.means;
  console.log(`${pad(`mean over ${result.topics.length} topics`, 40)} ${num(m.ndcg10)} ${num(m.p5)} ${num(m.variantsNdcg10)} ${num(m.listPrecision)}       ${num(m.bm25Ndcg10)} ${num(m.bm25P5)}`);
  if (result.worst) console.log(`${pad(`min topic: ${result.worst.query}`, 40)} ${num(result.worst.ours.ndcg10)}`);
}

sets.forEach(({ name }, i) => printSet(name, results[i]));

console.log(`\n== side by side                    ${sets.map(({ short }) => short.padStart(10)).join(' ')}   target (held-out)`);
const rows: Array<[string, (e: Evaluation) => number, string]> = [
  ['nDCG@10, plain name', (e) => e.means.ndcg10, '≥ 0.93'],
  ["nDCG@10, people's words", (e) => e.means.variantsNdcg10, '≥ 0.85'],
  ['P@5', (e) => e.means.p5, '≥ 0.90'],
  ['list precision (10-paper digest)', (e) => e.means.listPrecision, '≥ 0.90'],
  ['min topic nDCG@10', (e) => e.worst?.ours.ndcg10 ?? Number.NaN, '≥ 0.70'],
  ['BM25 nDCG@10 (baseline)', (e) => e.means.bm25Ndcg10, ''],
  ['BM25 P@5 (baseline)', (e) => e.means.bm25P5, ''],
  ["BM25 nDCG@10, people's words", (e) => e.means.variantsBm25Ndcg10, ''],
];
for (const [label, value, target] of rows) console.log(`${pad(label, 34)} ${results.map((r) => (r ? num(value(r)) : '    –').padStart(10)).join(' ')}   ${target}`);
// Issue 14's floor, per topic rather than on average: how many topics rank worse than plain BM25
// on the same words (by more than 0.05 nDCG@10, a difference of about one paper's place).
const FLOOR_SLACK = 0.05;
const below = (e: Evaluation, ours: (t: TopicResult) => number[], bm25: (t: TopicResult) => number[]) => {
  const pairs = e.topics.flatMap((t) => ours(t).map((value, i) => [value, bm25(t)[i]!] as const));
  return `${pairs.filter(([o, b]) => o < b - FLOOR_SLACK).length}/${pairs.length}`;
};
const floorRows: Array<[string, (e: Evaluation) => string]> = [
  ['topics below BM25, plain name', (e) => below(e, (t) => [t.ours.ndcg10], (t) => [t.bm25.ndcg10])],
  ["queries below BM25, people's words", (e) => below(e, (t) => t.variantRuns.map((run) => run.ndcg10), (t) => t.variantRuns.map((run) => run.bm25Ndcg10))],
];
for (const [label, value] of floorRows) console.log(`${pad(label, 34)} ${results.map((r) => (r ? value(r) : '–').padStart(10)).join(' ')}   0 (by > ${FLOOR_SLACK})`);
console.log(`\nP@5 is out of min(5, relevant papers); list precision is the share of what the digest holds that is graded ≥ 1.`);
// Means over 15–20 topics move by hundredths with one topic: the difference with plain BM25 is
// printed with its 95 % bootstrap interval (topics resampled; a topic's people's words are its
// variants' mean), pooled over the sets of each role, so that a gap of 0.02 is not read as a result.
console.log(`\n== the ranking minus plain BM25, per topic, pooled by role (95 % bootstrap interval, topics resampled)`);
const interval = (values: number[]) => intervalText(bootstrapMean(values));
const measured = RELEVANCE_SETS.flatMap((set, i) => (results[i] ? [{ set, result: results[i] }] : []));
for (const { label, results: pool } of pooledByRole(measured)) {
  const topics = pool.flatMap((result) => result.topics);
  const plain = topics.map((t) => t.ours.ndcg10 - t.bm25.ndcg10);
  const words = topics.filter((t) => !Number.isNaN(t.variantsNdcg10)).map((t) => t.variantsNdcg10 - t.variantsBm25Ndcg10);
  console.log(`${pad(label, 44)} ${String(topics.length).padStart(3)} topics   plain name ${interval(plain).padEnd(22)} people's words ${interval(words)}`);
}
// No padding (issue 14 point 4), measured where it is plainest: subjects no sample paper is about.
console.log(`\n== subjects the sample corpus lacks (every paper sent is padding; target: none)`);
absentSets.forEach(({ name, role }, i) => {
  const result = absent[i];
  if (!result) return console.log(`${pad(`${name} (${ROLE[role]})`, 60)} not present or left out`);
  console.log(`${pad(`${name} (${ROLE[role]})`, 60)} ${result.padded.length}/${result.queries} queries got papers, ${result.papers} papers in all (BM25: ${result.bm25Papers})`);
  if (details || role !== 'held-out') for (const { query, titles } of result.padded) console.log(`   ${query}: ${titles.map((title) => title.slice(0, 40)).join(' · ')}`);
});
console.log(`(${backend}, ${((Date.now() - started) / 1000).toFixed(1)} s including ingesting the sample corpus)`);
if (details) for (const result of results) for (const topic of result?.topics ?? []) printDetails(topic);

function printDetails(topic: TopicResult) {
  console.log(`\n## ${topic.query}   (people's words: ${topic.variantRuns.map((run) => `${run.query} ${run.ndcg10.toFixed(2)} (BM25 ${run.bm25Ndcg10.toFixed(2)})`).join(' · ')})`);
  printRuns(topic.ours, topic.bm25);
  for (const variant of topic.variantRuns) {
    console.log(` # people's words: ${variant.query}`);
    printRuns(variant.ours, variant.bm25);
  }
}

function printRuns(ours: TopicResult['ours'], bm25: TopicResult['bm25']) {
  for (const [name, run] of [['matcher', ours], ['bm25', bm25]] as const) {
    console.log(`  ${name}:`);
    run.top.forEach((item, i) => console.log(`   ${String(i + 1).padStart(2)}. [${item.grade}] ${item.score.toFixed(3)}  ${item.title.slice(0, 100)}`));
  }
}
