// Integrity of the lists of subjects no sample paper is about (testkit/relevance/sets.ts,
// ABSENT_SETS): one format, and no subject that a judged set has papers for (a judged topic's query
// or variant here would count its relevant papers as padding). A list still held out shares no
// query with the lists written before it, so its figure is not one an earlier list was looked at for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ABSENT_SETS, RELEVANCE_SETS } from '../../testkit/relevance/sets.js';

const Subjects = z.object({
  about: z.string().min(1),
  subjects: z.array(z.object({ id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), query: z.string().min(1), variants: z.array(z.string().min(1)).max(3), evidence: z.string().min(1) })).min(10),
});
const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'topics.json'), 'utf8')) as unknown;
const queriesOf = (subjects: Array<{ query: string; variants?: string[] }>) => subjects.flatMap((s) => [s.query, ...(s.variants ?? [])]).map((q) => q.toLowerCase());
const judged = new Set(RELEVANCE_SETS.flatMap((set) => queriesOf((read(set.dir) as { topics: Array<{ query: string; variants?: string[] }> }).topics)));

describe.each(ABSENT_SETS.map((set, index) => ({ ...set, earlier: ABSENT_SETS.slice(0, index) })))('absent subjects: $name', (set) => {
  const { subjects } = Subjects.parse(read(set.dir));

  it('is one list of distinct subjects, none a subject a judged set has papers for', () => {
    expect(new Set(subjects.map((s) => s.id)).size).toBe(subjects.length);
    expect(queriesOf(subjects).filter((query) => judged.has(query))).toEqual([]);
  });

  it.runIf(set.role === 'held-out')('shares no query with a list written before it', () => {
    const earlier = new Set(set.earlier.flatMap((other) => queriesOf(Subjects.parse(read(other.dir)).subjects)));
    expect(queriesOf(subjects).filter((query) => earlier.has(query))).toEqual([]);
  });
});
