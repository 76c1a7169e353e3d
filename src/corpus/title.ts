// The identity of a paper across pages. Pages show the same title with cosmetic differences
// ("DiffRate : Differentiable…" vs "DiffRate: Differentiable…", curly vs straight quotes, en dash
// vs hyphen, full-width letters), so the key keeps only letters, digits and single spaces.

/** Apostrophes inside words are dropped ("We're" → "were") so "We’re" and "We're" agree. */
const APOSTROPHES = /['\u2018\u2019\u02bc\u0060\u00b4]/gu;
/** Every other punctuation mark or symbol (dashes, quotes, colons, ^, +…) separates words. */
const SEPARATORS = /[\p{P}\p{S}]/gu;

export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKC') // full-width letters, ligatures, non-breaking spaces → plain forms
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(SEPARATORS, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}
