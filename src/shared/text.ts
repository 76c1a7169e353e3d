// Text the program does not control (scraped pages, feeds, APIs, what people type) as one clean
// line. Terminal escape sequences (CSI such as colours, OSC such as window titles) go whole, so that
// no "[31m" is left behind; text-direction controls go; every other control character, and line or
// paragraph separators, become spaces; runs of whitespace become one space.

export const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-_]?/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/**
 * Text-direction controls (embeddings, overrides, isolates, marks): one U+202E typed into a topic
 * printed "sten laruen hparg" on every page and email that showed it, and the text after it too.
 * Removed: what a reader or a page writes is shown in its own script's direction anyway.
 */
const DIRECTION_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function oneLine(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(DIRECTION_CONTROL, '').replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
}

/** Anything cleanText would change; most strings have none of it, and the check is cheaper than the fix. */
const UNCLEAN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|\s\s|^\s|\s$/;

/** One line of display text: no escape sequences, control characters or newlines, runs of whitespace collapsed. */
export function cleanText(value: string): string {
  if (!UNCLEAN.test(value)) return value;
  return oneLine(value);
}

/** Shortens a string to one line of at most `max` characters, at a word boundary, adding "…". */
export function shorten(value: string, max: number): string {
  const text = cleanText(value);
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max - 1);
  const cut = space > max / 2 ? text.slice(0, space) : text.slice(0, max - 1);
  return `${cut.replace(/[\s,;:.\-–—]+$/, '')}…`;
}
