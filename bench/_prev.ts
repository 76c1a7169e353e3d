import { previewFor } from '../src/matching/index.js';
import { EVAL_NOW, withSampleCorpus } from '../testkit/relevance/evaluation.js';
await withSampleCorpus('postgres', async (prisma) => {
  for (const t of process.argv.slice(2)) {
    const p = await previewFor(prisma, { topics: [t] }, { now: EVAL_NOW, limit: 10 });
    console.log('##', t);
    for (const x of p.papers) console.log('  ', x.ranked.score.toFixed(3), x.paper.title.slice(0, 90), '|', JSON.stringify(x.ranked.reasons[0]?.words));
  }
});
