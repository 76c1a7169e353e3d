// A catalogue topic's one-word hints ("related" in vocabulary.json) are matched on their stem, as
// PostgreSQL's English stemmer makes it. A hint whose stem is also that of an everyday word of
// abstracts matched nearly every paper in that word's other sense, and a reason quoted it:
// "matched: Object detection (COCO, propose)" came from the hint "proposals" ('propos', as in "we
// propose"); "demonstrations" was 'demonstr' ("we demonstrate"), "joints" 'joint' ("jointly"),
// "localization" 'local', "generator" 'generat' ("generative"), "masks" 'mask' ("masked
// autoencoders"), "ranking" 'rank' ("low-rank"). Such a subject is named by a phrase instead
// ("region proposal"), or not hinted at.
import { describe, expect, it } from 'vitest';
import { defaultVocabulary } from '../../src/matching/index.js';
import { ADMIN_URL, withClient } from '../../testkit/database.js';

/** Words nearly every abstract uses in another sense than a field's term with the same stem. */
const EVERYDAY_WORDS = [
  'propose', 'proposed', 'demonstrate', 'demonstrated', 'related', 'relative', 'jointly', 'local', 'locally',
  'generate', 'generative', 'generation', 'organized', 'explore', 'explored', 'identify', 'computational',
  'adaptive', 'discriminative', 'attribute', 'attributes', 'rank', 'masked', 'masking', 'general', 'object',
];

async function stems(words: string[]): Promise<Map<string, string>> {
  return withClient(ADMIN_URL, async (client) => {
    const { rows } = await client.query<{ word: string; stem: string }>(
      `SELECT w AS word, array_to_string(tsvector_to_array(to_tsvector('english', w)), ' ') AS stem FROM unnest($1::text[]) AS w`,
      [words],
    );
    return new Map(rows.map((row) => [row.word, row.stem]));
  });
}

describe("the catalogue's one-word hints", () => {
  it('never share their stem with an everyday word of abstracts', async () => {
    const hints = [...new Set(defaultVocabulary().topics.flatMap((topic) => topic.related.map((entry) => (typeof entry === 'string' ? entry : entry.phrase))))].filter((hint) => !/[\s-]/.test(hint));
    expect(hints.length).toBeGreaterThan(50);
    const stemOf = await stems([...hints, ...EVERYDAY_WORDS, 'proposals', 'demonstrations']);
    const everyday = new Map(EVERYDAY_WORDS.map((word) => [stemOf.get(word), word]));
    const clash = (hint: string) => (everyday.has(stemOf.get(hint)) ? `${hint} ~ ${everyday.get(stemOf.get(hint))}` : null);
    // The check sees the clashes it is meant to catch.
    expect(['proposals', 'demonstrations'].map(clash)).toEqual(['proposals ~ proposed', 'demonstrations ~ demonstrated']);
    expect(hints.map(clash).filter(Boolean)).toEqual([]);
  });
});
