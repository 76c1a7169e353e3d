// Telling an abstract from a title without looking at lengths. Abstracts are prose: several
// sentences, ending with a full stop or a link to the code. Titles are one phrase; they may end
// with "?" ("Compression Is All There Is?") or contain one ("What can a Single Attention Layer
// Learn? A Study…"), but do not consist of full-stop sentences.

/** ".", "!", "?" or "…", optionally followed by closing quotes or brackets: `"only a single image".` */
const SENTENCE_END = /(?:[.!?\u2026])["'\u2019\u201d)\]]*$/u;
/** As above, restricted to the marks that never end a title. */
const STATEMENT_END = /(?:[.\u2026])["'\u2019\u201d)\]]*$/u;
/**
 * A full stop (or "!") after a word of two or more characters, then a capital or digit: a
 * sentence boundary. Two characters keep "e.g. ViTs" and "i.e. The" from counting.
 */
const SENTENCE_BREAK = /[\p{L}\p{N}%)\]]{2}[.!]["'\u2019\u201d)\]]*\s+["'\u2018\u201c(\[]?[\p{Lu}\p{N}]/u;
/** The last word is a URL ("…available at https://github.com/DrLuo/RTM"). */
const URL_END = /(?:https?:\/\/|www\.|github\.com\/)\S+$/iu;

/** Ends like a finished abstract: terminal punctuation or a URL. Used for the last abstract. */
export function endsComplete(text: string): boolean {
  return SENTENCE_END.test(text) || URL_END.test(text);
}

export function hasSentenceBreak(text: string): boolean {
  return SENTENCE_BREAK.test(text);
}

/**
 * Could be an abstract: more than one sentence, or a statement ending with a full stop or a URL.
 * Some real abstracts lose their last full stop ("…and natural language processing"), so internal
 * sentence breaks count on their own.
 */
export function isProse(text: string): boolean {
  return hasSentenceBreak(text) || STATEMENT_END.test(text) || URL_END.test(text);
}

/** Cannot be a title: several sentences and a finished ending. Titles never look like this. */
export function isClearlyProse(text: string): boolean {
  return hasSentenceBreak(text) && endsComplete(text);
}

/**
 * For the one ambiguous case, a short phrase as the last line where an abstract belongs: a title
 * capitalises most of its longer words ("Dual Path Networks"), a cut sentence does not.
 */
export function looksLikeTitle(text: string): boolean {
  const words = text.split(/\s+/u).filter((word) => /^\p{L}{4,}/u.test(word));
  if (words.length === 0) return true;
  const capitalised = words.filter((word) => /^\p{Lu}/u.test(word)).length;
  return capitalised * 2 > words.length || /\S: \S/u.test(text);
}
