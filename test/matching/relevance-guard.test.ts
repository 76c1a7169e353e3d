// Guards the measured relevance: the matcher's mean P@5 and nDCG@10 over the evaluation set
// (test/fixtures/relevance) must not fall below what was reached when it was built, minus a small
// margin, on either backend, and must stay above the BM25 baseline computed in the same run.
// `npm run bench:relevance` prints the per-topic table.
import { describe, expect, it } from 'vitest';
import { evaluate, withSampleCorpus } from '../../bench/lib/evaluation.js';
import { BACKENDS } from '../helpers/database.js';

/** Reached on 2026-11-22 (means over 16 topics): P@5 0.988, nDCG@10 0.954; BM25 0.900 and 0.840. */
const REACHED = { p5: 0.98, ndcg10: 0.95 };
const MARGIN = 0.03;

describe.each(BACKENDS)('relevance on the evaluation set (%s)', (backend) => {
  it('keeps mean P@5 and nDCG@10 at what was reached, well above BM25', { timeout: 180_000 }, async () => {
    const { means, topics } = await withSampleCorpus(backend, (prisma) => evaluate(prisma));
    expect(means.topics).toBeGreaterThanOrEqual(12);
    expect(means.ours.p5).toBeGreaterThanOrEqual(REACHED.p5 - MARGIN);
    expect(means.ours.ndcg10).toBeGreaterThanOrEqual(REACHED.ndcg10 - MARGIN);
    expect(means.ours.p5 - means.bm25.p5).toBeGreaterThanOrEqual(0.05);
    expect(means.ours.ndcg10 - means.bm25.ndcg10).toBeGreaterThanOrEqual(0.05);
    // No topic collapses even if the mean holds.
    for (const topic of topics.filter((t) => t.inMean)) expect(topic.ours.ndcg10, topic.query).toBeGreaterThanOrEqual(0.75);
  });
});
