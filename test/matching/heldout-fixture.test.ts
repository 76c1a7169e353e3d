// Integrity of every relevance set of testkit/relevance/sets.ts but the tuning one (issue 14 point
// 8): the dev set and the held-out sets, in one format. The sets still held out only measure;
// nothing may be tuned on them. This test checks that all of them stay usable as data: every judged title is a real seed
// paper (as the project's parser reads and dedupes them), every grade names a topic, and the tags
// say the truth about the counts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { normaliseTitle, parsePage } from '../../src/corpus/parse.js';
import { RELEVANCE_SETS } from '../../testkit/relevance/sets.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** Every set but the tuning one, which predates this format; each with the sets written before it. */
const CHECKED = RELEVANCE_SETS.flatMap((set, index) => (set.role === 'tuning' ? [] : [{ ...set, earlier: RELEVANCE_SETS.slice(0, index) }]));
const FEW_RELEVANT = 10; // "few-relevant" means fewer than this many papers graded >= 1

const Tag = z.enum(['plain', 'abbreviation', 'not-in-catalogue', 'two-idea', 'few-relevant']);
const Topics = z.object({
  about: z.string().min(1),
  judgmentsAbout: z.string().min(1),
  topics: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
        query: z.string().min(1),
        variants: z.array(z.string().min(1)).min(1).max(3),
        tags: z.array(Tag).min(1),
        criteria: z.string().includes('2:').includes('1:'),
      }),
    )
    .min(15)
    .max(20),
});
const Judgments = z.object({
  about: z.string().min(1),
  papers: z.array(z.object({ title: z.string().min(1), grades: z.record(z.string(), z.union([z.literal(1), z.literal(2)])) })),
});

/** A set's topics by id and by query, the way one set could repeat another's. */
const topicKeys = (folder: string) =>
  z
    .object({ topics: z.array(z.object({ id: z.string(), query: z.string() })) })
    .parse(JSON.parse(readFileSync(join(folder, 'topics.json'), 'utf8')))
    .topics.flatMap((topic) => [topic.id, topic.query.toLowerCase()]);

/** The seed papers' titles, deduplicated by normalised title as ingest does (first one kept). */
function seedTitles(): Map<string, string> {
  const dir = join(ROOT, 'seeds');
  const titles = new Map<string, string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.txt')).sort()) {
    const page = parsePage(readFileSync(join(dir, file), 'utf8'), file, { today: new Date('2026-12-02T00:00:00Z') });
    for (const entry of page.entries) if (!titles.has(entry.titleKey)) titles.set(entry.titleKey, entry.title);
  }
  return titles;
}

describe.each(CHECKED.map((set) => [set.name, set] as const))('%s relevance fixture', (_name, { dir: folder, earlier }) => {
  const topics = Topics.parse(JSON.parse(readFileSync(join(folder, 'topics.json'), 'utf8'))).topics;
  const judgments = Judgments.parse(JSON.parse(readFileSync(join(folder, 'judgments.json'), 'utf8'))).papers;
  const relevantCount = (topicId: string) => judgments.filter((paper) => (paper.grades[topicId] ?? 0) >= 1).length;

  it('judges every seed paper exactly once, by its exact title', () => {
    const seeds = seedTitles();
    const judged = judgments.map((paper) => paper.title);
    expect(new Set(judged).size).toBe(judged.length);
    for (const title of judged) expect(seeds.get(normaliseTitle(title)), title).toBe(title);
    expect(judged.length).toBe(seeds.size);
  });

  it('grades only topics that exist', () => {
    const ids = new Set(topics.map((topic) => topic.id));
    expect(ids.size).toBe(topics.length);
    for (const paper of judgments) for (const id of Object.keys(paper.grades)) expect(ids.has(id), `${paper.title}: ${id}`).toBe(true);
  });

  it('gives every topic at least two relevant papers and a variant, and tags that match the counts', () => {
    for (const topic of topics) {
      const relevant = relevantCount(topic.id);
      expect(relevant, topic.id).toBeGreaterThanOrEqual(2);
      expect(topic.variants.length, topic.id).toBeGreaterThanOrEqual(1);
      expect(topic.tags.includes('few-relevant'), `${topic.id}: ${relevant} relevant`).toBe(relevant < FEW_RELEVANT);
      expect(topic.tags.includes('plain') && topic.tags.includes('two-idea'), topic.id).toBe(false);
    }
  });

  it('covers what issue 14 asks for, without reusing a tuning topic', () => {
    const tagged = (tag: z.infer<typeof Tag>) => topics.filter((topic) => topic.tags.includes(tag)).length;
    expect(tagged('not-in-catalogue')).toBeGreaterThanOrEqual(5);
    expect(tagged('two-idea')).toBeGreaterThanOrEqual(3);
    expect(tagged('few-relevant')).toBeGreaterThanOrEqual(4);
    expect(tagged('abbreviation')).toBeGreaterThanOrEqual(1);
    // No set repeats a topic of a set written before it (the tuning set included): a held-out
    // topic that a dev set already had would measure what was chosen on it.
    const before = new Set(earlier.flatMap((set) => topicKeys(set.dir)));
    for (const topic of topics) expect(before.has(topic.id) || before.has(topic.query.toLowerCase()), topic.id).toBe(false);
  });
});
