// npm run bench:feedback — what reader feedback is worth, with simulated readers on the sample
// corpus (seeds/) and the relevance judgments, through the real path: subscribers, ratings and
// liked papers stored in PostgreSQL, digests picked by the matcher.
//
// (a) For each topic, a reader of that topic gets a first digest of 10 and marks every paper of it
//     (more like this when judged ≥ 1, less when 0). Their next digest is scored by nDCG@10 over
//     the papers they have not rated ("residual"), beside the same reader without feedback (who was
//     sent the first 10 and marked nothing).
// (b) A reader with no topic names 3 papers of a topic they like (judged 2); nDCG@10 of their first
//     digest over the other papers and the share of it that is on topic, beside a reader of the
//     topic itself (pooled by role at the end, with intervals).
// (c) The same 3 papers named by their titles alone, as for papers outside the corpus (a title typed
//     in, a BibTeX entry without abstract): nDCG@10 and the share of the digest that is on topic
//     (its list precision), since a title's few words are where a digest is most easily padded.
//
// Sets: every one of testkit/relevance/sets.ts (tuning, examined and held-out; few of the dev set's
// topics have enough relevant papers). `-- --grid` tries the model's weights on the tuning set
// (`-- --grid-on examined`: on every set but those still held out); `-- --set tuning` (or dev)
// runs one set and `-- --no-heldout` every set but those still held out, so that they are not seen.
import { normaliseTitle } from '../src/corpus/index.js';
import type { PrismaClient } from '../src/db/index.js';
import { createMatcher } from '../src/matching/index.js';
import { FEEDBACK } from '../src/matching/reader-model.js';
import { addLikedPapers, ratePaper } from '../src/subscriptions/feedback.js';
import { newLinkKey } from '../src/subscriptions/operator.js';
import { EVAL_NOW, loadEvalSet, withSampleCorpus, type EvalSet as LoadedSet } from '../testkit/relevance/evaluation.js';
import { bootstrapMean, intervalText, mean, ndcgAt } from '../testkit/relevance/metrics.js';
import { pooledByRole, RELEVANCE_SETS } from '../testkit/relevance/sets.js';

interface EvalSet extends LoadedSet {
  name: string;
}

const SETS = RELEVANCE_SETS.flatMap(({ name, dir, role }) => {
  const set = loadEvalSet(dir);
  return set ? [{ name, role, ...set }] : [];
});

const FIRST_DIGEST = 10;
const LIKED = 3;
/** Topics with fewer relevant papers leave nothing to find once the first digest is rated. */
const MIN_RELEVANT = 5;

export interface SetResult {
  topics: number;
  /** Topics whose relevant papers were all in the first digest (left out of the residual mean). */
  exhausted: number;
  residual: { without: number; with: number };
  /** Per topic with 3 liked papers: the digest from them (abstracts given), from their titles alone, and a reader of the topic's. */
  likedRuns: Array<{ fromLiked: DigestRun; fromTitles: DigestRun; fromTopic: DigestRun }>;
  rows: string[];
  /** Per topic with relevant papers left: residual nDCG@10 without and with feedback. */
  pairs: Array<[number, number]>;
}

/** A digest scored against one topic's judgments: nDCG@10, the share on topic, how many papers. */
interface DigestRun {
  ndcg: number;
  precision: number;
  length: number;
}

let serial = 0;

async function reader(prisma: PrismaClient, topics: string[]): Promise<number> {
  const subscriber = await prisma.subscriber.create({
    data: { email: `reader${++serial}@bench.test`, status: 'active', linkKey: newLinkKey(), interests: { create: topics.map((label) => ({ label })) } },
  });
  return subscriber.id;
}

export async function evaluateSet(prisma: PrismaClient, set: EvalSet): Promise<SetResult> {
  const papers = await prisma.paper.findMany({ select: { id: true, titleKey: true } });
  const idOf = new Map(papers.map((paper) => [paper.titleKey, paper.id]));
  const grades = new Map<number, Record<string, number>>();
  for (const judged of set.judgments.papers) {
    const id = idOf.get(normaliseTitle(judged.title));
    if (id !== undefined) grades.set(id, judged.grades);
  }
  const matcher = createMatcher(prisma, { now: EVAL_NOW });
  const options = { source: 'system' as const, now: EVAL_NOW };
  const result: SetResult = { topics: 0, exhausted: 0, residual: { without: 0, with: 0 }, likedRuns: [], rows: [], pairs: [] };
  const residual: Array<[number, number]> = [];
  for (const topic of set.topics) {
    const gradeOf = (id: number) => grades.get(id)?.[topic.id] ?? 0;
    const ndcg = (ids: number[], excluded: Set<number>) =>
      ndcgAt(10, ids.map(gradeOf), [...grades.keys()].filter((id) => !excluded.has(id)).map(gradeOf));
    const digestRun = (ids: number[], excluded: Set<number>): DigestRun => ({
      ndcg: ndcg(ids, excluded),
      precision: ids.length > 0 ? ids.filter((id) => gradeOf(id) >= 1).length / ids.length : 1,
      length: ids.length,
    });
    const relevant = [...grades.keys()].filter((id) => gradeOf(id) >= 1);
    if (relevant.length < MIN_RELEVANT) continue;

    // (a) one round of feedback on the first digest
    const plain = await reader(prisma, [topic.query]);
    const marking = await reader(prisma, [topic.query]);
    const first = (await matcher.pick({ subscriberId: plain, topics: [topic.query], limit: FIRST_DIGEST })).papers.map((p) => p.paperId);
    await prisma.sentPaper.createMany({ data: first.map((paperId) => ({ subscriberId: plain, paperId, deliveryId: 0 })) });
    for (const paperId of first) await ratePaper(prisma, { subscriberId: marking, paperId, verdict: gradeOf(paperId) >= 1 ? 'more' : 'less' }, options);
    const rated = new Set(first);
    const [next, nextWith] = await matcher.pickMany([
      { subscriberId: plain, topics: [topic.query], limit: 10 },
      { subscriberId: marking, topics: [topic.query], limit: 10 },
    ]);
    const a: [number, number] = [ndcg(next!.papers.map((p) => p.paperId), rated), ndcg(nextWith!.papers.map((p) => p.paperId), rated)];
    // A topic whose relevant papers were all in the first digest has nothing left to find: its
    // residual nDCG is 0 whatever comes next, so it says nothing about feedback and is left out of
    // the mean (as in residual-collection evaluation); the count is printed.
    const left = relevant.filter((id) => !rated.has(id)).length;
    if (left > 0) residual.push(a);
    else result.exhausted += 1;

    // (b) three liked papers, no topic
    const likedIds = [...grades.keys()].filter((id) => gradeOf(id) === 2).slice(0, LIKED);
    let b: [number, number] | null = null;
    if (likedIds.length === LIKED && relevant.length - LIKED >= MIN_RELEVANT) {
      const fan = await reader(prisma, []);
      const records = await prisma.paper.findMany({ where: { id: { in: likedIds } }, select: { id: true, title: true, abstract: true, arxivId: true } });
      await addLikedPapers(prisma, fan, records.map((p) => ({ paperId: p.id, arxivId: p.arxivId, title: p.title, abstract: p.abstract })), options);
      const topicReader = await reader(prisma, [topic.query]);
      const [fromLiked, fromTopic] = await matcher.pickMany([
        { subscriberId: fan, topics: [], limit: 10 },
        { subscriberId: topicReader, topics: [topic.query], limit: 10 + LIKED },
      ]);
      const without = new Set(likedIds);
      const topicList = fromTopic!.papers.map((p) => p.paperId).filter((id) => !without.has(id)).slice(0, 10);
      const likedRun = digestRun(fromLiked!.papers.map((p) => p.paperId), without);
      b = [ndcg(topicList, without), likedRun.ndcg];

      // (c) the same papers by title alone, outside the corpus as far as the matcher knows
      const titleFan = await reader(prisma, []);
      await addLikedPapers(prisma, titleFan, records.map((p) => ({ paperId: null, arxivId: null, title: p.title, abstract: '' })), options);
      const fromTitles = (await matcher.pick({ subscriberId: titleFan, topics: [], limit: 10 + LIKED })).papers.map((p) => p.paperId).filter((id) => !without.has(id)).slice(0, 10);
      result.likedRuns.push({ fromLiked: likedRun, fromTitles: digestRun(fromTitles, without), fromTopic: digestRun(topicList, without) });
    }
    const c = b ? result.likedRuns.at(-1)!.fromTitles : undefined;
    result.rows.push(
      `${topic.id.padEnd(28)} ${String(relevant.length).padStart(4)}   ${left > 0 ? `${a[0].toFixed(2)} → ${a[1].toFixed(2)}` : 'all found first'}      ${b ? `${b[0].toFixed(2)}   ${b[1].toFixed(2)}` : '   –      –'}   ${c ? `${c.ndcg.toFixed(2)}   ${c.precision.toFixed(2)}` : '   –      –'}`,
    );
  }
  result.topics = residual.length;
  result.pairs = residual;
  result.residual = { without: mean(residual.map((r) => r[0])), with: mean(residual.map((r) => r[1])) };
  return result;
}

/** The means of a set's digests from liked papers (with abstracts, by title alone) and of its topic readers'. */
function likedMeans(result: SetResult) {
  const means = (runs: DigestRun[]) => ({ ndcg: mean(runs.map((r) => r.ndcg)), precision: mean(runs.map((r) => r.precision)), length: mean(runs.map((r) => r.length)) });
  return {
    topics: result.likedRuns.length,
    liked: means(result.likedRuns.map((run) => run.fromLiked)),
    titles: means(result.likedRuns.map((run) => run.fromTitles)),
    topic: means(result.likedRuns.map((run) => run.fromTopic)),
  };
}

function print(set: EvalSet, result: SetResult, details: boolean) {
  console.log(`\n${set.name} set (${result.topics + result.exhausted} topics with ≥ ${MIN_RELEVANT} relevant papers)`);
  if (details) {
    console.log('topic                        rel.   residual nDCG@10     3 liked papers   by title alone');
    console.log('                                   without → with      topic  liked     nDCG   precision');
    for (const row of result.rows) console.log(row);
  }
  console.log(`  residual nDCG@10 after one round on the first ${FIRST_DIGEST}: ${result.residual.with.toFixed(3)}  (no feedback: ${result.residual.without.toFixed(3)}, +${(result.residual.with - result.residual.without).toFixed(3)}; ${result.topics} topics with relevant papers left, ${result.exhausted} whose relevant papers were all in the first digest left out)`);
  const { topics, liked, titles, topic } = likedMeans(result);
  console.log(`  nDCG@10 from ${LIKED} liked papers alone: ${liked.ndcg.toFixed(3)}  (a reader of the topic itself: ${topic.ndcg.toFixed(3)}; ${topics} topics), list precision ${liked.precision.toFixed(3)} (${liked.length.toFixed(1)} papers a digest; the topic's reader: ${topic.precision.toFixed(3)})`);
  console.log(`  the same ${LIKED} papers by title alone: nDCG@10 ${titles.ndcg.toFixed(3)}, list precision ${titles.precision.toFixed(3)} (${titles.length.toFixed(1)} papers a digest)`);
}

const args = process.argv.slice(2);
if (args.includes('--grid')) {
  // `-- --grid "lift=0.25,0.5,1 minSimilarity=0.3,0.5"`: every combination of the listed values of
  // FEEDBACK's numbers, on the tuning set only, in one database.
  const spec = args[args.indexOf('--grid') + 1] ?? 'lift=0.25,0.5,1 lessWeight=0.25,0.5,1 minSimilarity=0.3,0.5,0.7';
  const axes = spec.split(/\s+/).filter(Boolean).map((axis) => {
    const [name, values] = axis.split('=') as [keyof typeof FEEDBACK, string];
    return { name, values: values.split(',').map(Number) };
  });
  const combinations = axes.reduce<Array<Record<string, number>>>((all, axis) => all.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.name]: v }))), [{}]);
  // `-- --grid-on examined`: on every set rules may be chosen on (tuning and examined), never on
  // one still held out; each set's residual and liked-only figures, then their means.
  const on = args.includes('--grid-on') ? args[args.indexOf('--grid-on') + 1] : 'tuning';
  // A misspelt value ran the grid on the tuning set alone without a word.
  if (on !== 'tuning' && on !== 'examined') throw new Error(`--grid-on takes tuning or examined, not ${on}`);
  const gridSets = SETS.filter((set) => (on === 'examined' ? set.role !== 'held-out' : set.name === 'tuning'));
  const mutable = FEEDBACK as unknown as Record<string, number>;
  await withSampleCorpus('postgres', async (prisma) => {
    for (const combination of combinations) {
      Object.assign(mutable, combination);
      const results = [];
      for (const set of gridSets) results.push(await evaluateSet(prisma, set));
      const label = Object.entries(combination).map(([k, v]) => `${k} ${v}`).join(', ');
      const each = results.map((r, i) => `${gridSets[i]!.name} ${r.residual.with.toFixed(3)}/${r.likedRuns.length > 0 ? likedMeans(r).liked.ndcg.toFixed(3) : '–'}`);
      const meanOf = (values: number[]) => mean(values).toFixed(3);
      console.log(`${label}: residual ${meanOf(results.map((r) => r.residual.with))} (base ${meanOf(results.map((r) => r.residual.without))}), liked ${meanOf(results.filter((r) => r.likedRuns.length > 0).map((r) => likedMeans(r).liked.ndcg))}${gridSets.length > 1 ? `  [${each.join(', ')}]` : ''}`);
      // Pooled over topics rather than sets (a set has 1–8 topics with liked papers): what a digest
      // made from liked papers holds, with their abstracts and by their titles alone.
      const runs = results.flatMap((r) => r.likedRuns);
      const pooled = (pick: (run: (typeof runs)[number]) => DigestRun) => `nDCG@10 ${meanOf(runs.map((run) => pick(run).ndcg))}, list precision ${meanOf(runs.map((run) => pick(run).precision))}, ${mean(runs.map((run) => pick(run).length)).toFixed(1)} papers`;
      console.log(`  residual pooled over ${results.flatMap((r) => r.pairs).length} topics ${meanOf(results.flatMap((r) => r.pairs.map((pair) => pair[1])))}; ${runs.length} topics from 3 liked papers: ${pooled((run) => run.fromLiked)}; by title alone: ${pooled((run) => run.fromTitles)}`);
    }
  });
} else {
  // `-- --set tuning`: one set only (while tuning, the held-out set is not even run).
  // `-- --no-heldout`: every set but those still held out, as bench:relevance takes it.
  const only = args.includes('--set') ? args[args.indexOf('--set') + 1] : undefined;
  const withHeldout = !args.includes('--no-heldout');
  const measured: Array<{ set: (typeof SETS)[number]; result: SetResult }> = [];
  for (const set of SETS.filter((s) => (only === undefined || s.name === only) && (withHeldout || s.role !== 'held-out'))) {
    const result = await withSampleCorpus('postgres', (prisma) => evaluateSet(prisma, set));
    print(set, result, args.includes('--details'));
    measured.push({ set, result });
  }
  // A set holds 5–16 such topics: its mean gain moves by tenths with one topic. Pooled by role, with
  // a 95 % bootstrap interval over topics, it says whether feedback helps at all.
  console.log(`\nwith feedback minus without, residual nDCG@10 per topic, pooled by role (95 % bootstrap interval, topics resampled)`);
  for (const { label, results } of pooledByRole(measured)) {
    const pairs = results.flatMap((result) => result.pairs);
    if (pairs.length === 0) continue;
    const gain = intervalText(bootstrapMean(pairs.map(([without, withFeedback]) => withFeedback - without)));
    console.log(`  ${label}: ${pairs.length} topics, ${mean(pairs.map((p) => p[0])).toFixed(3)} → ${mean(pairs.map((p) => p[1])).toFixed(3)}, gain ${gain}`);
  }
  // Sets hold 1–16 topics with 3 liked papers each: pooled, the same comparison for a reader who
  // named 3 liked papers and no topic, against a reader of the topic, on nDCG@10 and on the share of
  // the digest that is on topic (issue 14's "no padding" holds for liked papers as for topics).
  console.log(`\nfrom ${LIKED} liked papers alone minus a reader of the topic, per topic, pooled by role (95 % bootstrap interval)`);
  for (const { label, results } of pooledByRole(measured)) {
    const runs = results.flatMap((result) => result.likedRuns);
    if (runs.length === 0) continue;
    const difference = (pick: (run: DigestRun) => number) => intervalText(bootstrapMean(runs.map((run) => pick(run.fromLiked) - pick(run.fromTopic))));
    const side = (pick: (run: DigestRun) => number) => `${mean(runs.map((run) => pick(run.fromTopic))).toFixed(3)} → ${mean(runs.map((run) => pick(run.fromLiked))).toFixed(3)}`;
    console.log(`  ${label}: ${runs.length} topics, nDCG@10 ${side((run) => run.ndcg)}, ${difference((run) => run.ndcg)}; list precision ${side((run) => run.precision)}, ${difference((run) => run.precision)}`);
  }
}
