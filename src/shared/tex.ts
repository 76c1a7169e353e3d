// Titles as arXiv's authors type them are TeX: "$\alpha$-Sparse \emph{Attention}", "Schr\"odinger
// Bridges", "$\mathcal{O}(n)$ Transformers". The arXiv API and the daily-papers feed pass that on
// as it is, and a digest would show it as it is. This turns it into the text TeX would print, as
// far as plain text can: math delimiters and font commands go, Greek letters and common symbols
// become their characters, accents are put on their letters, and a command it does not know keeps
// its name (\LaTeX → LaTeX). Text without a backslash or a pair of dollars is returned unchanged.

const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', vartheta: 'ϑ',
  iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ',
  varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  ell: 'ℓ', infty: '∞', times: '×', cdot: '·', cdots: '⋯', ldots: '…', dots: '…', pm: '±', mp: '∓', le: '≤', leq: '≤', ge: '≥', geq: '≥',
  neq: '≠', ne: '≠', approx: '≈', sim: '∼', propto: '∝', to: '→', rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', leftrightarrow: '↔',
  in: '∈', notin: '∉', subset: '⊂', subseteq: '⊆', cup: '∪', cap: '∩', forall: '∀', exists: '∃', partial: '∂', nabla: '∇', sqrt: '√',
  sum: '∑', prod: '∏', int: '∫', star: '⋆', circ: '∘', oplus: '⊕', otimes: '⊗', emptyset: '∅', mid: '|', prime: '′',
  S: '§', P: '¶', ss: 'ß', ae: 'æ', AE: 'Æ', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', i: 'ı', aa: 'å', AA: 'Å',
  // Old-style font switches ({\em text}) print nothing themselves; the abbreviation macros of
  // vision papers' templates print their abbreviation.
  em: '', it: '', bf: '', rm: '', sc: '', tt: '', sf: '', sl: '',
  ie: 'i.e.', eg: 'e.g.', etal: 'et al.', etc: 'etc.', vs: 'vs.', wrt: 'w.r.t.',
};

/** Commands whose argument is what prints: fonts, boxes, operators. */
const WRAPPERS = /\\(?:emph|text(?:bf|it|sc|tt|rm|sf|sl|up|normal)?|math(?:rm|bf|it|sf|tt|cal|bb|frak|scr|normal)|operatorname\*?|boldsymbol|bm|mbox|hbox|underline|overline|widetilde|widehat|tilde|hat|bar|vec|textsuperscript|textsubscript)\s*\{([^{}]*)\}/g;

/** Combining marks of TeX's accent commands. */
const ACCENTS: Record<string, string> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a',
};

export function texToPlain(given: string): string {
  // TeX's quotes, ``slots'', as the quotes they print: “slots”.
  const text = given.includes('``') ? given.replace(/``([^`']*)''/g, '“$1”') : given;
  if (!text.includes('\\') && !/\$[^$]+\$/.test(text)) return text;
  let plain = text
    // Accents: \"o, \"{o}, {\"o}, \v{c}, \c c.
    .replace(/\{?\\([`'^"~=.])\s*\{?([A-Za-z]|\\i)\}?\}?/g, (_, accent: string, letter: string) => `${letter === '\\i' ? 'i' : letter}${ACCENTS[accent]}`.normalize('NFC'))
    .replace(/\{?\\([uvHckr])(?:\s*\{([A-Za-z])\}|\s+([A-Za-z]))\}?/g, (_, accent: string, a?: string, b?: string) => `${a ?? b}${ACCENTS[accent]}`.normalize('NFC'))
    // Escaped characters, kept apart from the math delimiters and braces removed below.
    .replace(/\\([$&%#_{}])/g, (_, char: string) => `\u0000${char.charCodeAt(0)}\u0000`);
  // Innermost first, so \textbf{\emph{x}} takes two rounds.
  for (let round = 0; round < 5; round++) {
    const unwrapped = plain.replace(WRAPPERS, '$1');
    if (unwrapped === plain) break;
    plain = unwrapped;
  }
  plain = plain
    .replace(/\\([A-Za-z]+)/g, (_, name: string) => (Object.hasOwn(SYMBOLS, name) ? SYMBOLS[name]! : name))
    .replace(/\\[,;:!> ]/g, ' ')
    .replace(/\\\\/g, ' ')
    .replace(/\$([^$]*)\$/g, '$1')
    .replace(/[{}]/g, '')
    .replace(/\u0000(\d+)\u0000/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/\s+/g, ' ')
    .trim();
  return plain || text;
}
