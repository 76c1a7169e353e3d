// npm run bench:relevance — P@5 and nDCG@10 per evaluation topic and their means, for the matcher
// and, computed in the same run over the same text, a plain BM25 over the topic's name. A third
// column ranks the topic's name as free text (catalogue off): what the curated phrases add.
// --details prints each topic's top ten with their grades; --backend embedded runs on PGlite.
import { evaluate, withSampleCorpus, type TopicResult } from './lib/evaluation.js';

const details = process.argv.includes('--details');
const backend = process.argv.includes('--backend') && process.argv[process.argv.indexOf('--backend') + 1] === 'embedded' ? 'embedded' : 'postgres';
const started = Date.now();
const result = await withSampleCorpus(backend, (prisma) => evaluate(prisma));

const pad = (text: string, width: number) => text.padEnd(width).slice(0, width);
const num = (value: number) => value.toFixed(2).padStart(5);
const cells = (run: { p5: number; ndcg10: number }) => `${num(run.p5)} ${num(run.ndcg10)}`;
console.log(`${pad('', 52)}      matcher     BM25        name as free text`);
console.log(`${pad('topic', 34)} ${pad('kind', 13)} rel  P@5 nDCG@10  P@5 nDCG@10  P@5 nDCG@10`);
for (const topic of result.topics) {
  console.log(
    `${pad(topic.query, 34)} ${pad(topic.kind, 13)} ${String(topic.relevant).padStart(3)} ${cells(topic.ours)}  ${cells(topic.bm25)}  ${cells(topic.nameOnly)}${topic.inMean ? '' : '  (not in the means: < 5 relevant)'}`,
  );
}
const m = result.means;
console.log(`${pad(`mean over ${m.topics} topics`, 52)} ${cells(m.ours)}  ${cells(m.bm25)}  ${cells(m.nameOnly)}`);
console.log(`\n(${backend}, ${((Date.now() - started) / 1000).toFixed(1)} s including ingesting the sample corpus)`);
if (details) for (const topic of result.topics) printDetails(topic);

function printDetails(topic: TopicResult) {
  console.log(`\n## ${topic.query}`);
  for (const [name, run] of [['matcher', topic.ours], ['bm25', topic.bm25], ['name as free text', topic.nameOnly]] as const) {
    console.log(`  ${name}:`);
    run.top.forEach((item, i) => console.log(`   ${String(i + 1).padStart(2)}. [${item.grade}] ${item.score.toFixed(3)}  ${item.title.slice(0, 100)}`));
  }
}
