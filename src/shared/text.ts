// Text the program does not control (scraped pages, feeds, APIs, what people type) as one clean
// line. Terminal escape sequences (CSI such as colours, OSC such as window titles) go whole, so that
// no "[31m" is left behind; every other control character, and line or paragraph separators,
// become spaces; runs of whitespace become one space.

export const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-_]?/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function oneLine(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
}
