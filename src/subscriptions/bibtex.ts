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

/** TeX's accent commands, as Unicode combining marks (`\"o` is o + U+0308, ö once composed). */
const ACCENTS: Record<string, string> = {
  '`': '\u0300', "'": '\u0301', '^': '\u0302', '~': '\u0303', '=': '\u0304', u: '\u0306', '.': '\u0307', '"': '\u0308',
  r: '\u030a', H: '\u030b', v: '\u030c', d: '\u0323', c: '\u0327', k: '\u0328', b: '\u0331', t: '\u0361',
};
/** Letters TeX writes as commands (`{\aa}ngstr{\"o}m`, `Gro{\ss}`, `{\L}ukasz`); `\i` and `\j` are dotless i and j. */
const LETTERS: Record<string, string> = { aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', o: 'ø', O: 'Ø', ss: 'ß', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ' };
/** Greek letters, as titles write them in math (`$\beta$-VAE`). */
const GREEK = 'alpha α beta β gamma γ delta δ epsilon ϵ varepsilon ε zeta ζ eta η theta θ iota ι kappa κ lambda λ mu μ nu ν xi ξ pi π rho ρ sigma σ tau τ upsilon υ phi ϕ varphi φ chi χ psi ψ omega ω Gamma Γ Delta Δ Theta Θ Lambda Λ Xi Ξ Pi Π Sigma Σ Phi Φ Psi Ψ Omega Ω'
  .split(' ')
  .reduce<Record<string, string>>((map, word, index, words) => (index % 2 === 0 ? { ...map, [word]: words[index + 1]! } : map), {});
/** The letter an accent sits on: a letter, or \i / \j (an accented i drops its dot in TeX). */
const BASE = String.raw`(\\[ij](?![a-zA-Z])|[a-zA-Z])`;
/** Commands whose argument is kept as it stands (`\emph{x}` → x). */
const KEEP_ARGUMENT = /\\(?:emph|textbf|textit|textsl|textsc|textrm|textsf|texttt|textup|textnormal|textmd|mathrm|mathbf|mathit|mathsf|mathtt|mathcal|mathbb|boldsymbol|text|mbox|hbox)(?![a-zA-Z])\s*/g;

/** TeX to plain text: braces, formatting commands (\emph{x} → x), accents (\"o → ö), letters (\ss → ß), Greek letters, `~`, `--`, `---`. */
export function texToText(value: string): string {
  const base = (letter: string) => (letter === '\\i' ? 'i' : letter === '\\j' ? 'j' : letter);
  return value
    .replace(new RegExp(String.raw`\\([\`'^"~=.])\s*(?:\{\s*${BASE}\s*\}|${BASE})`, 'g'), (_, accent: string, braced?: string, bare?: string) => base(braced ?? bare!) + ACCENTS[accent]!)
    .replace(new RegExp(String.raw`\\([uvHckbdrt])(?:\s*\{\s*${BASE}\s*\}|\s+${BASE})`, 'g'), (_, accent: string, braced?: string, bare?: string) => base(braced ?? bare!) + ACCENTS[accent]!)
    .replace(/\\(aa|AA|ae|AE|oe|OE|ss|o|O|l|L|i|j)(?![a-zA-Z])(?:\s*\{\})?\s?/g, (_, name: string) => LETTERS[name]!)
    .replace(/\\([a-zA-Z]+)(?![a-zA-Z])\s*/g, (command: string, name: string) => GREEK[name] ?? command)
    .replace(KEEP_ARGUMENT, '')
    .replace(/\\([&%$#_{}])/g, '$1')
    .replace(/\\[a-zA-Z]+\s*/g, '')
    .replace(/\\(?=[^a-zA-Z])/g, '')
    .replace(/[{}$]/g, '')
    .replace(/~/g, ' ')
    .replace(/---/g, '—')
    .replace(/--/g, '–')
    .replace(/\s+/g, ' ')
    .normalize('NFC')
    .trim();
}

/** An arXiv id: 2401.01234, or an old-style one (hep-th/9901001, math.AG/0601001). */
const ARXIV_ID = String.raw`\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7}`;
const ARXIV_IN = new RegExp(String.raw`(?:arxiv[.:/](?:org\/(?:abs|pdf)\/)?|10\.48550\/arxiv\.)(${ARXIV_ID})`, 'i');

/** The liked papers of a .bib text: title, abstract when present, arXiv id when it says one. */
export function likedFromBibtex(text: string): LikedFromBib[] {
  return parseBibtex(text)
    .filter((entry) => entry.fields.title)
    .map((entry) => {
      const f = entry.fields;
      const eprint = f.eprint && /arxiv/i.test(`${f.archiveprefix ?? ''}${f.eprinttype ?? ''}${f.journal ?? ''}`) ? new RegExp(ARXIV_ID, 'i').exec(f.eprint)?.[0] : undefined;
      const arxivId = eprint ?? ARXIV_IN.exec(`${f.url ?? ''} ${f.doi ?? ''} ${f.journal ?? ''} ${f.note ?? ''}`)?.[1] ?? null;
      return { title: texToText(f.title!), abstract: texToText(f.abstract ?? ''), arxivId };
    })
    .filter((paper) => paper.title !== '');
}

/** Whether typed text looks like BibTeX rather than a list of ids, URLs and titles. */
export const looksLikeBibtex = (text: string) => /@\s*[a-z]+\s*\{/i.test(text);
