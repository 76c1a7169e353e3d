// A small BibTeX reader for what Zotero, Mendeley, JabRef and Google Scholar export: entries
// `@type{key, field = {value} | "value" | number, ...}`, values with nested braces, `#`
// concatenation, @string macros, @comment and @preamble skipped. Only the fields a liked paper
// needs are kept, with TeX markup reduced to text. (No maintained BibTeX parser is installed.)

export interface BibEntry {
  type: string;
  key: string;
  fields: Record<string, string>;
}

export interface LikedFromBib {
  title: string;
  abstract: string;
  arxivId: string | null;
}

export class BibtexError extends Error {}

/** Every entry of a .bib text. Throws BibtexError naming the line of the first broken entry. */
export function parseBibtex(text: string): BibEntry[] {
  const entries: BibEntry[] = [];
  const macros: Record<string, string> = {};
  let at = 0;
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const fail = (index: number, message: string): never => {
    throw new BibtexError(`line ${lineAt(index)}: ${message}`);
  };
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };
  const readBraced = (): string => {
    const start = at;
    let depth = 0;
    for (; at < text.length; at++) {
      if (text[at] === '\\') {
        at++;
        continue;
      }
      if (text[at] === '{') depth++;
      else if (text[at] === '}' && --depth === 0) return text.slice(start + 1, at++);
    }
    return fail(start, 'a "{" is never closed');
  };
  const readQuoted = (): string => {
    const start = at++;
    let depth = 0;
    for (; at < text.length; at++) {
      const char = text[at];
      if (char === '\\') at++;
      else if (char === '{') depth++;
      else if (char === '}') depth--;
      else if (char === '"' && depth === 0) return text.slice(start + 1, at++);
    }
    return fail(start, 'a quoted value is never closed');
  };
  const readValue = (): string => {
    const parts: string[] = [];
    for (;;) {
      skipSpace();
      if (text[at] === '{') parts.push(readBraced());
      else if (text[at] === '"') parts.push(readQuoted());
      else {
        const word = /^[^\s,#}]+/.exec(text.slice(at, at + 200))?.[0];
        if (!word) fail(at, 'a field has no value');
        at += word!.length;
        parts.push(/^\d+$/.test(word!) ? word! : (macros[word!.toLowerCase()] ?? word!));
      }
      skipSpace();
      if (text[at] !== '#') return parts.join('');
      at++;
    }
  };
  while ((at = text.indexOf('@', at)) !== -1) {
    const start = at;
    const type = /^@\s*([a-z]+)\s*[{(]/i.exec(text.slice(at, at + 60));
    if (!type) {
      at++;
      continue;
    }
    at += type[0].length;
    const kind = type[1]!.toLowerCase();
    if (kind === 'comment' || kind === 'preamble') {
      at = start + type[0].length - 1;
      readBraced();
      continue;
    }
    skipSpace();
    let key = '';
    if (kind !== 'string') {
      const match = /^([^,\s}]*)\s*,/.exec(text.slice(at, at + 300));
      if (!match) fail(start, `the @${kind} entry has no key`);
      key = match![1]!;
      at += match![0].length;
    }
    const fields: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (text[at] === '}' || text[at] === ')') {
        at++;
        break;
      }
      const name = /^([a-z0-9_:.+-]+)\s*=/i.exec(text.slice(at, at + 100));
      if (!name) fail(at, `the entry ${key || kind} is broken (expected "name = value" or "}")`);
      at += name![0].length;
      fields[name![1]!.toLowerCase()] = readValue();
      skipSpace();
      if (text[at] === ',') at++;
    }
    if (kind === 'string') Object.assign(macros, fields);
    else entries.push({ type: kind, key, fields });
  }
  return entries;
}

/** TeX to plain text: braces, simple commands (\emph{x} → x), accents (\"o → o), `~`, `--`. */
export function texToText(value: string): string {
  return value
    .replace(/\\[`'^"~=.uvHckbdrt]\s*\{?([a-zA-Z])\}?/g, '$1')
    .replace(/\\(?:emph|textbf|textit|textsc|mathrm|mathbf|text)\s*/g, '')
    .replace(/\\([&%$#_{}])/g, '$1')
    .replace(/\\[a-zA-Z]+\s*/g, '')
    .replace(/[{}$]/g, '')
    .replace(/~/g, ' ')
    .replace(/---?/g, '–')
    .replace(/\s+/g, ' ')
    .trim();
}

const ARXIV_IN = /(?:arxiv[.:/](?:org\/(?:abs|pdf)\/)?|10\.48550\/arxiv\.)(\d{4}\.\d{4,5})/i;

/** The liked papers of a .bib text: title, abstract when present, arXiv id when it says one. */
export function likedFromBibtex(text: string): LikedFromBib[] {
  return parseBibtex(text)
    .filter((entry) => entry.fields.title)
    .map((entry) => {
      const f = entry.fields;
      const eprint = f.eprint && /arxiv/i.test(`${f.archiveprefix ?? ''}${f.eprinttype ?? ''}${f.journal ?? ''}`) ? /\d{4}\.\d{4,5}/.exec(f.eprint)?.[0] : undefined;
      const arxivId = eprint ?? ARXIV_IN.exec(`${f.url ?? ''} ${f.doi ?? ''} ${f.journal ?? ''} ${f.note ?? ''}`)?.[1] ?? null;
      return { title: texToText(f.title!), abstract: texToText(f.abstract ?? ''), arxivId };
    });
}

/** Whether typed text looks like BibTeX rather than a list of ids, URLs and titles. */
export const looksLikeBibtex = (text: string) => /@\s*[a-z]+\s*\{/i.test(text);
