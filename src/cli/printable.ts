// What may be printed to a terminal from data the program does not control (titles, topics, files).

// Escape sequences (CSI such as colours and cursor moves, OSC such as window titles) go whole, so
// that no "[31m" is left behind; then every other control character, line breaks included.
import { ESCAPE_SEQUENCE } from '../shared/text.js';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** One line of text safe to print: escape sequences and control characters removed, tabs and line breaks as spaces. */
export function printable(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(/[\t\n]/g, ' ').replace(CONTROL, '');
}
