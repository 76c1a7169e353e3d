// Small, pure text helpers for the emails: cleaning input, trimming abstracts, dates, counts, URLs.
// Everything here runs per recipient, so formatters are cached rather than rebuilt on every call.
import { LRUCache } from 'lru-cache';
import { texToPlain } from '../shared/tex.js';
import { cleanText, shorten } from '../shared/text.js';
import { formatCount, plural } from '../shared/wording.js';

/**
 * Remembers a pure function of a string. A run renders thousands of digests from the same few hundred
 * papers, so their URLs and abstracts are checked and trimmed once, not once per recipient.
 */
export function memo<T>(fn: (key: string) => T, limit = 5000): (key: string) => T {
  // Boxed: lru-cache holds no null or undefined, and null is a result here (a URL refused).
  const cache = new LRUCache<string, { value: T }>({ max: limit });
  return (key) => {
    let box = cache.get(key);
    if (!box) cache.set(key, (box = { value: fn(key) }));
    return box.value;
  };
}

/**
 * An absolute http(s) URL, normalised, or null. Only these may go into href attributes: anything
 * else (javascript:, data:, relative paths, credentials that disguise the host) is dropped.
 */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  return url.href;
}

// Paper and code links recur in many digests of a run; parsing a URL is the costliest step of a card.
const sharedUrls = memo(safeHttpUrl);

/** safeHttpUrl, remembered: for links shared by many digests (papers, code), not per-reader ones. */
export function sharedHttpUrl(value: string | null | undefined): string | null {
  return value ? sharedUrls(value) : null;
}

/** For links an email cannot do without (confirm, unsubscribe): fails loudly. */
export function requireHttpUrl(value: string, what: string): string {
  const url = safeHttpUrl(value);
  if (!url) throw new TypeError(`${what} must be an absolute http(s) URL`);
  return url;
}

// Words ending in "." that do not end a sentence in abstracts. (Decimals never do: a sentence end
// needs a space after the stop.)
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'al', 'etc', 'vs', 'viz', 'fig', 'figs', 'eq', 'eqs', 'tab', 'cf', 'ca', 'approx', 'resp', 'sec', 'secs', 'no', 'nos',
  'ref', 'refs', 'dr', 'prof', 'mr', 'ms', 'st', 'jr', 'sr', 'inc', 'ltd', 'u.s', 'u.k', 'thm', 'lem', 'def', 'app', 'ch',
]);
/** Words a cut text should not end on ("…magnitudes: the…"). */
const DANGLING = /(?:^|\s)(?:the|a|an|of|and|or|to|in|on|for|with|by|from|at|as|is|are|that|which|we|our|its|their|this|these)$/i;
/** Where a clause ends inside a sentence: a better place for a word cut than any space. */
const CLAUSE_END = /[,;:](?=\s)|\s[–—-](?=\s)/g;

/** Index just past each sentence end ("." "!" "?" followed by a space and a capital, digit or quote). */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  const re = /[.!?]["')\]]?(?=\s+["'(\[]?[A-Z0-9])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const word = text.slice(text.lastIndexOf(' ', m.index) + 1, m.index).toLowerCase();
    // "et al." / "e.g." / "Fig." and single letters ("J. Smith") are not sentence ends.
    if (m[0].startsWith('.') && (ABBREVIATIONS.has(word) || word.length <= 1)) continue;
    ends.push(m.index + m[0].length);
  }
  return ends;
}

/**
 * Cuts text near `target` characters: at the sentence end closest to the target, never more than
 * 10% past it, marked " …"; when that end leaves less than half the target (an abstract's short
 * opening line, "Recent advances in diffusion models have positioned them at the forefront of image
 * generation."), at the next sentence end instead, up to half again the target, so that the excerpt
 * says what the paper does. Only when the first sentence alone is longer than that is it cut inside
 * a sentence: at the last clause end (comma, colon, dash) in the last 40% before the target, else
 * at the last word boundary, never after a dangling "the"/"of"/"and", marked "…".
 */
export function trimAbstract(value: string, target = 300): string {
  let trim = trimmers.get(target);
  if (!trim) trimmers.set(target, (trim = memo((text) => trimText(text, target))));
  return trim(value);
}
const trimmers = new Map<number, (text: string) => string>();

function trimText(value: string, target: number): string {
  // Abstracts from arXiv and the feed are TeX as their authors typed it ("$O(n^2)$ \emph{time}"):
  // the digest shows what TeX would print. Only the shown excerpt: the stored text, which pages,
  // the feed and arXiv are merged and searched by, stays as each source gave it.
  const text = cleanText(texToPlain(value));
  const slack = Math.round(target * 0.1);
  if (text.length <= target + slack) return text;

  const ends = sentenceEnds(text.slice(0, Math.round(target * 1.5) + 1));
  let best = -1;
  for (const end of ends.filter((end) => end <= target + slack)) {
    if (best < 0 || Math.abs(end - target) < Math.abs(best - target)) best = end;
  }
  if (best >= 0 && best < target / 2) best = ends.find((end) => end > best) ?? best;
  if (best > 0) return `${text.slice(0, best)} …`;
  return `${cutInsideSentence(text, target)}…`;
}

function cutInsideSentence(text: string, target: number): string {
  const head = text.slice(0, target + 1);
  let clause = -1;
  for (const m of head.matchAll(CLAUSE_END)) if (m.index >= target * 0.6) clause = m.index;
  if (clause > 0) return head.slice(0, clause).trimEnd();
  const space = text.lastIndexOf(' ', target);
  // One enormous "word" (a pasted URL): a hard cut is the only way to keep the email bounded.
  if (space <= 0) return text.slice(0, target);
  let cut = text.slice(0, space).replace(/[\s,;:.\-–—]+$/, '');
  for (let dangling = DANGLING.exec(cut); dangling && dangling.index > target * 0.5; dangling = DANGLING.exec(cut)) {
    cut = cut.slice(0, dangling.index).replace(/[\s,;:.\-–—]+$/, '');
  }
  return cut;
}

// Cleaning and shortening a line are not the digest's alone (a liked paper's problem quotes what was typed).
export { cleanText, shorten };

// Counts and dates in words are not the digest's alone (matching words its trending evidence with
// them): they live in shared/wording.ts.
export { plural, formatCount, formatDate } from '../shared/wording.js';

const TOPIC_MAX = 60;
export const PREHEADER_MAX = 140;

/** The reader's topics as one-line labels, each at most TOPIC_MAX characters. */
export function cleanTopics(topics: readonly string[]): string[] {
  return topics.map((t) => shorten(t, TOPIC_MAX)).filter(Boolean);
}

/** "a, b" or "a, b +3 more": the first `shown` topics and a count of the rest. */
export function topicList(topics: readonly string[], shown = 2): string {
  const head = topics.slice(0, shown).join(', ');
  const rest = topics.length - shown;
  return rest > 0 ? `${head} +${rest} more` : head;
}

export const SUBJECT_MAX = 90;
/**
 * A first topic this short is named whole, even past SUBJECT_MAX (up to SUBJECT_HARD_MAX): with a
 * weekly span and "and papers like the ones you marked" beside it, "Reinforcement learning" became
 * "Reinforcement…", a subject that names no topic at all.
 */
const WHOLE_TOPIC_MAX = 32;
const SUBJECT_HARD_MAX = 110;

/** "5 new papers", "3 new + 2 older papers", "2 older papers" (old work newly listed is not news), "No new papers". */
function countPhrase(news: number, older: number): string {
  if (older === 0) return news === 0 ? 'No new papers' : plural(news, 'new paper');
  // The noun agrees with the count next to it: "3 new + 1 older paper", "1 new + 2 older papers".
  return news === 0 ? plural(older, 'older paper') : `${formatCount(news)} new + ${plural(older, 'older paper')}`;
}

/**
 * The papers a reader named as liked, as a digest speaks of them: "the paper you named" to one who
 * named one ("like the ones you named" read as a slip to them), else "the ones you named".
 */
export const namedByReader = (likedPapers: number | null) => (likedPapers === 1 ? 'the paper you named' : 'the ones you named');

/**
 * "5 new papers on diffusion models, LLMs · Mon 3 Mar". Topics are clean one-liners (no newline can
 * reach a header); when the line is too long, fewer topics are named, then the first is shortened.
 * `alsoLike` ("like the ones you named") is said after the topics when some papers came for the
 * reader's liked or marked papers rather than a topic: "10 papers on X" with 7 of them brought by
 * a favourite said what was not so.
 */
export function digestSubject(paperCount: number, topics: readonly string[], dateShort: string, olderCount = 0, alsoLike = ''): string {
  const clean = topics.map(cleanText).filter(Boolean);
  const count = countPhrase(paperCount, olderCount);
  // After a comma: a topic may hold an "and" of its own ("on Retrieval and search, and papers like
  // the ones you named"; "…, and like papers you named" read as a slip). A reader who follows no
  // topic gets only such papers, and the subject says so.
  const also = alsoLike ? (clean.length > 0 ? `, and papers ${alsoLike}` : ` ${alsoLike}`) : '';
  const tail = `${also}${dateShort ? ` · ${dateShort}` : ''}`;
  if (clean.length === 0) return `${count}${tail}`;
  for (const shown of [2, 1]) {
    const subject = `${count} on ${topicList(clean, shown)}${tail}`;
    if (subject.length <= SUBJECT_MAX) return subject;
  }
  const rest = clean.length > 1 ? ` +${clean.length - 1} more` : '';
  const whole = `${count} on ${clean[0]}${rest}${tail}`;
  if (clean[0]!.length <= WHOLE_TOPIC_MAX && whole.length <= SUBJECT_HARD_MAX) return whole;
  const room = SUBJECT_MAX - `${count} on ${rest}${tail}`.length;
  return `${count} on ${shorten(clean[0] ?? '', Math.max(room, 10))}${rest}${tail}`;
}
