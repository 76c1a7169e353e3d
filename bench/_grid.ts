import { DEV_FIXTURES, evaluate, loadEvalSet, withSampleCorpus } from '../testkit/relevance/evaluation.js';
const sets = [loadEvalSet()!, loadEvalSet(DEV_FIXTURES)!];
await withSampleCorpus('postgres', async (prisma) => {
  const out = [];
  for (const set of sets) {
    const r = await evaluate(prisma, set);
    out.push(`nDCG ${r.means.ndcg10.toFixed(4)} bm25 ${r.means.bm25Ndcg10.toFixed(4)} words ${r.means.variantsNdcg10.toFixed(4)} P5 ${r.means.p5.toFixed(3)} LP ${r.means.listPrecision.toFixed(3)} below ${r.topics.filter((t) => t.ours.ndcg10 < t.bm25.ndcg10 - 1e-9).length}/${r.topics.filter((t) => t.ours.ndcg10 < t.bm25.ndcg10 - 0.05).length}`);
    if (process.env.SHOW) for (const t of r.topics) console.log(t.query.padEnd(40), t.ours.ndcg10.toFixed(2), t.listPrecision.toFixed(2), t.returned, t.variantsNdcg10.toFixed(2));
  }
  console.log(out.join(' | '));
});
