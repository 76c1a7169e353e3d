// From raw page text to numbered lines, refusing what is not a text page before any parsing:
// an empty file, or binary data decoded as text (NUL bytes, U+FFFD from invalid UTF-8, control
// characters everywhere).

import { ParseError } from '../shared/errors.js';

export interface Line {
  /** Trimmed at both ends; inner whitespace as on the page. */
  text: string;
  /** 1-based line number in the file. */
  line: number;
}

/** Controls other than tab, line feed, carriage return and form feed, plus DEL and C1. */
const CONTROL = /[\u0001-\u0008\u000b\u000e-\u001f\u007f-\u009f]/gu;

/** The non-blank lines of `text`, after refusing empty and binary content. */
export function readLines(text: string, file: string): Line[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text; // a UTF-8 BOM is not content
  if (body.trim() === '') throw new ParseError(file, 1, 'empty file: no header and no entries');
  refuseBinary(body, file);
  const lines: Line[] = [];
  // CRLF, lone CR (old Mac) and LF all end a line, so line numbers match any editor.
  body.split(/\r\n|\r|\n/u).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed !== '') lines.push({ text: trimmed, line: index + 1 });
  });
  return lines;
}

function refuseBinary(body: string, file: string): void {
  const nul = body.indexOf('\u0000');
  if (nul >= 0) throw new ParseError(file, lineOf(body, nul), 'binary content: NUL byte (not a text page)');
  const replacement = body.indexOf('\uFFFD');
  if (replacement >= 0) {
    throw new ParseError(file, lineOf(body, replacement), 'binary content: invalid UTF-8 (replacement character U+FFFD)');
  }
  // A stray control character in otherwise good text is tolerated; a page made of them is not.
  const controls = [...body.matchAll(CONTROL)];
  const visible = body.replace(/\s/gu, '').length;
  if (controls.length > 0 && controls.length * 10 > visible) {
    throw new ParseError(file, lineOf(body, controls[0]!.index), 'binary content: mostly non-printable characters');
  }
}

function lineOf(body: string, offset: number): number {
  return body.slice(0, offset).split(/\r\n|\r|\n/u).length;
}
