// A synthetic world for `npm run bench:match`, built from the sample corpus: ~40,000 distinct papers
// (titles, abstracts and signals recombined from seeds/, spread over 20 days of pages) and up to
// 100,000 active subscribers with 1–3 topics each (catalogue names and free text, popular ones more
// often), a third of them with a history of sent papers. Written with plain multi-row INSERTs.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { parsePage } from '../../src/corpus/index.js';
import { defaultVocabulary } from '../../src/matching/index.js';
import { withClient } from '../../testkit/database.js';
import { SEEDS_DIR } from '../../testkit/paths.js';
import { seededRandom } from '../../testkit/random.js';

export const BENCH_NOW = new Date('2026-11-22T08:00:00Z');
const DAY = 86_400_000;
const DAYS = 20;

const FREE_TEXT = [
  'knowledge distillation', 'mixture of experts', 'neural architecture search', 'implicit neural representations', 'GANs',
  'LLM reasoning', 'protein folding', 'point clouds', 'speech recognition', 'image compression', 'text-to-image',
  'video understanding', 'graph neural networks', 'federated learning', 'robotics', 'medical imaging',
  'time series forecasting', 'recommender systems', 'adversarial robustness', 'continual learning', 'few-shot learning',
  'semantic segmentation', 'object detection', 'code generation', 'quantization', 'pruning', 'in-context learning', 'state space models',
];

function samplePapers() {
  const byKey = new Map<string, { title: string; abstract: string }>();
  for (const file of readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).sort()) {
    for (const entry of parsePage(readFileSync(path.join(SEEDS_DIR, file), 'utf8'), file, { today: BENCH_NOW }).entries) {
      byKey.set(entry.titleKey, { title: entry.title, abstract: entry.abstract });
    }
  }
  return [...byKey.values()];
}

async function insertRows(client: pg.Client, table: string, columns: string[], rows: unknown[][], batch = 2000) {
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    const params: unknown[] = [];
    const values = chunk.map((row) => `(${row.map((value) => (params.push(value), `$${params.length}`)).join(', ')})`);
    await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values.join(', ')}`, params);
  }
}

export async function buildCorpus(url: string, count: number): Promise<void> {
  return withClient(url, async (client) => {
    const samples = samplePapers();
    const sentences = samples.map((paper) => paper.abstract.split(/(?<=\.)\s+/));
    const rand = seededRandom(42);
    const pages: unknown[][] = Array.from({ length: DAYS }, (_, day) => [`bench-${day}`, `h${day}`, new Date(BENCH_NOW.getTime() - day * DAY), 0, BENCH_NOW]);
    await insertRows(client, 'CorpusPage', ['name', 'contentHash', 'pageDate', 'entryCount', 'ingestedAt'], pages);
    const pageIds = (await client.query<{ id: number }>(`SELECT id FROM "CorpusPage" ORDER BY name`)).rows.map((r) => r.id);
    const papers: unknown[][] = [];
    const dayOf: number[] = [];
    const pageCounts: number[] = [];
    const n = samples.length;
    for (let k = 0; k < count; k++) {
      // Copy `copy` of sample `a`: its title gains words of another sample, its abstract opens with
      // a sentence of a third, so no two synthetic papers are near-duplicates of each other.
      const a = k % n;
      const copy = Math.floor(k / n);
      const b = samples[(a + 1 + copy * 7) % n]!;
      const c = sentences[(a + 3 + copy * 13) % n]!;
      const title = `${samples[a]!.title}: ${b.title.split(' ').slice(-2).join(' ')} (${k})`;
      const abstract = [c[0], ...sentences[a]!.slice(1)].join(' ');
      const day = Math.floor(rand() * DAYS);
      const firstSeenAt = new Date(BENCH_NOW.getTime() - day * DAY);
      const upvotes = rand() < 0.02 ? Math.floor(rand() * 300) : rand() < 0.1 ? Math.floor(rand() * 20) : 0;
      const pageCount = rand() < 0.1 ? 2 + Math.floor(rand() * 2) : 1;
      dayOf.push(day);
      pageCounts.push(pageCount);
      papers.push([title.toLowerCase(), title, abstract, upvotes, pageCount, firstSeenAt, firstSeenAt, rand() < 0.3 ? new Date(firstSeenAt.getTime() - DAY) : null]);
    }
    await insertRows(client, 'Paper', ['titleKey', 'title', 'abstract', 'upvotes', 'pageCount', 'firstSeenAt', 'lastSeenAt', 'publishedAt'], papers, 1000);
    const ids = (await client.query<{ id: number }>(`SELECT id FROM "Paper" ORDER BY id`)).rows.map((r) => r.id);
    const sources: unknown[][] = [];
    ids.forEach((id, k) => {
      for (let i = 0; i < pageCounts[k]!; i++) sources.push([id, pageIds[Math.max(0, dayOf[k]! - i)]!, k % 50, 0]);
    });
    await insertRows(client, 'PaperSource', ['paperId', 'pageId', 'position', 'upvotes'], dedupeSources(sources));
    await client.query('ANALYZE');
  });
}

function dedupeSources(rows: unknown[][]) {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = `${row[0]}:${row[1]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function buildSubscribers(url: string, count: number): Promise<{ distinctTopicSets: number }> {
  return withClient(url, async (client) => {
    const rand = seededRandom(7);
    const pool = [...defaultVocabulary().topics.map((t) => t.name), ...FREE_TEXT];
    // Popularity falls off with rank (Zipf-like): the first topics are chosen far more often.
    const weights = pool.map((_, i) => 1 / (i + 1));
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const pickTopic = () => {
      let r = rand() * totalWeight;
      for (let i = 0; i < pool.length; i++) if ((r -= weights[i]!) <= 0) return pool[i]!;
      return pool[0]!;
    };
    const subscribers: unknown[][] = [];
    const topicsOf: string[][] = [];
    const sets = new Set<string>();
    for (let i = 0; i < count; i++) {
      const topics = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, pickTopic))];
      topicsOf.push(topics);
      sets.add([...topics].sort().join('|'));
      subscribers.push([`bench${i}@example.org`, 'active', `bench-key-${i}`, rand() < 0.8 ? 10 : 5, BENCH_NOW]);
    }
    await insertRows(client, 'Subscriber', ['email', 'status', 'linkKey', 'digestSize', 'confirmedAt'], subscribers);
    const ids = (await client.query<{ id: number }>(`SELECT id FROM "Subscriber" ORDER BY id`)).rows.map((r) => r.id);
    const interests: unknown[][] = [];
    ids.forEach((id, i) => topicsOf[i]!.forEach((label) => interests.push([id, label])));
    await insertRows(client, 'Interest', ['subscriberId', 'label'], interests);
    // A third of the readers already got 20 recent papers each.
    const papers = (await client.query<{ id: number }>(`SELECT id FROM "Paper" WHERE "firstSeenAt" >= $1 ORDER BY id`, [new Date(BENCH_NOW.getTime() - 14 * DAY)])).rows.map((r) => r.id);
    const sent: unknown[][] = [];
    ids.forEach((id, i) => {
      if (i % 3 !== 0) return;
      const chosen = new Set<number>();
      while (chosen.size < 20) chosen.add(papers[Math.floor(rand() * papers.length)]!);
      for (const paperId of chosen) sent.push([id, paperId, 0]);
    });
    await insertRows(client, 'SentPaper', ['subscriberId', 'paperId', 'deliveryId'], sent, 5000);
    await client.query('ANALYZE');
    return { distinctTopicSets: sets.size };
  });
}

/**
 * Gives every tenth subscriber feedback: 10 ratings of recent papers (6 more, 4 less like this),
 * and every twentieth also 2 liked papers from outside the corpus (text only). Returns how many.
 */
export async function addFeedback(url: string, count: number): Promise<{ readers: number; ratings: number; liked: number }> {
  return withClient(url, async (client) => {
    const rand = seededRandom(11);
    const ids = (await client.query<{ id: number }>(`SELECT id FROM "Subscriber" ORDER BY id LIMIT $1`, [count])).rows.map((r) => r.id);
    const papers = (await client.query<{ id: number }>(`SELECT id FROM "Paper" WHERE "firstSeenAt" >= $1 ORDER BY id`, [new Date(BENCH_NOW.getTime() - 14 * DAY)])).rows.map((r) => r.id);
    const samples = samplePapers();
    const ratings: unknown[][] = [];
    const liked: unknown[][] = [];
    let readers = 0;
    ids.forEach((id, i) => {
      if (i % 10 !== 1) return;
      readers++;
      const chosen = new Set<number>();
      while (chosen.size < 10) chosen.add(papers[Math.floor(rand() * papers.length)]!);
      [...chosen].forEach((paperId, k) => ratings.push([id, paperId, k < 6 ? 'more' : 'less', BENCH_NOW]));
      if (i % 20 !== 1) return;
      for (let k = 0; k < 2; k++) {
        const sample = samples[Math.floor(rand() * samples.length)]!;
        liked.push([id, `${sample.title} (liked)`, sample.abstract, BENCH_NOW]);
      }
    });
    await insertRows(client, 'Rating', ['subscriberId', 'paperId', 'verdict', 'createdAt'], ratings, 5000);
    await insertRows(client, 'LikedPaper', ['subscriberId', 'title', 'abstract', 'createdAt'], liked, 2000);
    await client.query('ANALYZE');
    return { readers, ratings: ratings.length, liked: liked.length };
  });
}
