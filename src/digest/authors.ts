// Author lines as papers print them: "A. Vaswani, N. Shazeer + 6", the names when a source gave
// them and the count otherwise ("8 authors").
import { cleanText, formatCount, memo, plural, shorten } from './format.js';

/**
 * Words that belong to the surname ("L. van der Maaten", "F. Z. El Amrani", "M. Ben Ali"), in
 * either case. The Dutch and German ones only in lower case: capitalised, "Van" is a Vietnamese
 * middle name ("Tran Van Duc" is "T. V. Duc"), not part of a surname.
 */
const PARTICLES = new Set(['de', 'del', 'della', 'di', 'da', 'du', 'dos', 'das', 'des', 'do', 'los', 'las', 'le', 'la', 'bin', 'ben', 'ibn', 'al', 'el']);
const LOWER_CASE_PARTICLES = new Set(['van', 'von', 'der', 'den', 'ten', 'ter', 'zu']);
const isParticle = (word: string) => PARTICLES.has(word.toLowerCase()) || LOWER_CASE_PARTICLES.has(word);
const SUFFIXES = /^(jr\.?|sr\.?|ii|iii|iv)$/i;
const NAME_MAX = 40;

function initial(given: string): string {
  // A particle among the given names is written, not made an initial: "María de los Ángeles
  // Pérez" is "M. de los Á. Pérez", not "M. d. l. Á. Pérez".
  if (isParticle(given) && given === given.toLowerCase()) return given;
  // "Jean-Baptiste" → "J.-B."; "A." stays; a name that starts with no letter is kept whole.
  return given
    .split('-')
    .map((part) => {
      const first = [...part][0] ?? '';
      return /\p{L}/u.test(first) ? `${first}.` : part;
    })
    .join('-');
}

/** "Ashish Vaswani" → "A. Vaswani"; "Vaswani, Ashish" likewise; one-word names as they are. */
const EAST_ASIAN_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * A group that signs as an author, as arXiv and Hugging Face list them ("Gemini Team", "Kimi Team",
 * "ATLAS Collaboration", "AI @ Meta"): not a person's given names and surname, so it is written whole.
 * Read as a person, "Gemini Team, Google" was "G. G. Team" and "Kimi Team" "K. Team".
 */
const GROUP = /(?:^|[\s,])(?:team|collaboration|consortium|project|initiative|committee|contributors|group|laboratory|labs?|workshop|institute|university|research|foundation|academy|inc\.?|ltd\.?|corporation|deepmind|openai|google|microsoft|nvidia|anthropic|hugging face)(?:$|[\s,])|@/i;
/**
 * "AI" as a word of its own, in capitals: an organisation ("Meta AI", "Allen Institute for AI"),
 * not a given name (a person named Ai is written "Ai").
 */
const ORGANISATION_AI = /(?:^|\s)AI(?:$|[\s,])/;
/** An affiliation after the name, "Oriol Vinyals (Google)": read as part of it, it was "O. V. (Google)". */
const AFFILIATION = /\s*\([^()]*\)\s*$/;

export function shortName(name: string): string {
  let text = cleanText(name);
  const withoutAffiliation = text.replace(AFFILIATION, '');
  if (withoutAffiliation !== '') text = withoutAffiliation;
  if (GROUP.test(text) || ORGANISATION_AI.test(text)) return shorten(text, NAME_MAX);
  const comma = /^([^,]+),\s*([^,]+)$/.exec(text);
  if (comma && !SUFFIXES.test(comma[2]!)) text = `${comma[2]} ${comma[1]}`;
  const words = text.split(' ').filter(Boolean);
  // Chinese, Japanese and Korean names are written whole ("李 伟" is not "李. 伟"): no initials.
  if (words.length < 2 || EAST_ASIAN_SCRIPT.test(text)) return shorten(text, NAME_MAX);
  let start = words.length - 1;
  if (SUFFIXES.test(words[start]!) && start > 1) start--;
  while (start > 1 && isParticle(words[start - 1]!)) start--;
  const given = words.slice(0, start).map(initial).join(' ');
  return shorten(`${given} ${words.slice(start).join(' ')}`, NAME_MAX);
}

/**
 * Two names and how many more ("A. Vaswani, N. Shazeer + 6"); up to three names when that is
 * everyone; the count alone when no name is known; '' when nothing is.
 */
export function authorLine(authors: readonly string[], authorCount: number | null): string {
  // Only the first three names can be shown; the same papers recur in every digest of a run.
  return lines(`${authorCount ?? ''}\n${authors.length}\n${authors.slice(0, 3).join('\n')}`);
}

const lines = memo((key) => {
  const [count = '', length = '0', ...firstNames] = key.split('\n');
  const names = firstNames.map(shortName).filter(Boolean);
  const total = Math.max(Number(count) || 0, names.length > 0 ? Number(length) : 0);
  if (names.length === 0) return total > 0 ? plural(total, 'author') : '';
  const shown = names.slice(0, total <= 3 ? 3 : 2);
  const rest = total - shown.length;
  return rest > 0 ? `${shown.join(', ')} + ${formatCount(rest)}` : shown.join(', ');
});
