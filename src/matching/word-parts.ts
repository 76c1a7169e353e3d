// Words no paper of the window uses, looked up through their parts. A reader writes "multitask"
// where the papers write "multi-task", "StyleGAN" where they write "GAN", "subquadratic" where they
// write "quadratic": plain BM25 on the word finds nothing, and neither pseudo-relevance feedback
// (which needs a first ranking) nor the acronym definitions can start from nothing. The corpus
// decides: a word is replaced only when its own lexeme occurs in no paper of the window, and only
// by forms that do occur there — the hyphenated compound the papers write (its parts joined are the
// word), else the word's camel-case parts ("StyleGAN" → "Style", "GAN"), else the word without an
// English prefix ("subquadratic" → "quadratic"). Pure: the caller gives the document frequencies.
import { closedForm, HYPHENS, type Concept } from './concepts.js';

/** English derivational prefixes: a prefixed word is a kind of the word it prefixes. */
const PREFIXES = ['anti', 'bi', 'co', 'counter', 'cross', 'de', 'hyper', 'inter', 'intra', 'micro', 'multi', 'non', 'over', 'post', 'pre', 'pseudo', 're', 'self', 'semi', 'sub', 'super', 'trans', 'tri', 'ultra', 'un', 'under', 'uni'];
/** What is left after a prefix must be a word of its own. */
const MIN_REST = 4;

export interface Lexicon {
  /** Document frequency of every lexeme of the window. */
  frequency: Map<string, number>;
  /** The lexeme PostgreSQL makes of a word (none for a stop word). */
  lexemeOf: (word: string) => string | undefined;
}

/** Joined form ("multitask", as stemmed) → the hyphenated lexemes the window uses ("multi-task"). */
export function compoundIndex(frequency: Map<string, number>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [lexeme, documents] of frequency) {
    if (!lexeme.includes('-') || documents === 0) continue;
    const joined = lexeme.replace(/-/g, '');
    const list = index.get(joined) ?? [];
    list.push(lexeme);
    index.set(joined, list);
  }
  for (const list of index.values()) list.sort((a, b) => (frequency.get(b) ?? 0) - (frequency.get(a) ?? 0) || a.localeCompare(b));
  return index;
}

/** Candidate parts of a word: camel-case pieces, else the rest after an English prefix. */
export function partsOf(word: string): string[][] {
  const candidates: string[][] = [];
  const camel = word.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [];
  if (camel.length >= 2) candidates.push(camel);
  const lower = word.toLowerCase();
  for (const prefix of [...PREFIXES].sort((a, b) => b.length - a.length)) {
    if (lower.startsWith(prefix) && lower.length - prefix.length >= MIN_REST) candidates.push([lower.slice(prefix.length)]);
  }
  return candidates;
}

const seen = (lexicon: Lexicon, word: string) => {
  const lexeme = lexicon.lexemeOf(word);
  return lexeme !== undefined && (lexicon.frequency.get(lexeme) ?? 0) > 0;
};

/** Every word whose lexeme bridgeUnseenWords may ask for. */
export function wordsToLook(concepts: Concept[]): string[] {
  return concepts.flatMap((concept) => {
    if (concept.role !== 'word') return [];
    if (isCompound(concept)) return [concept.label, closedForm(concept.label), ...concept.label.split(HYPHENS)];
    return [...concept.variants, ...partsOf(concept.variants[0] ?? '').flat()];
  });
}

/** A reader's hyphenated word, one concept (concepts.ts: compoundConcept). */
const isCompound = (concept: Concept) => HYPHENS.test(concept.label) && !concept.label.includes(' ');

/**
 * The reader's word concepts with each unseen word replaced by what the window does use: the
 * compound as the papers hyphenate it (one concept, same label), or its parts (one word concept
 * each, parts the window does not use left out). Words the window uses are left as they are.
 */
export function bridgeUnseenWords(concepts: Concept[], lexicon: Lexicon, compounds: Map<string, string[]>): Concept[] {
  return concepts.flatMap((concept): Concept[] => {
    const word = concept.variants[0];
    if (concept.role !== 'word' || word === undefined) return [concept];
    if (isCompound(concept)) {
      // A hyphenated word (concepts.ts) is one word where the papers write it; where none does
      // ("reward-driven"), its parts are the reader's words, as they would be written apart.
      // Written closed ("autoencoders" for "auto-encoders") is written too.
      const closed = closedForm(concept.label);
      if (seen(lexicon, concept.label) || seen(lexicon, closed)) return [concept];
      const acronyms = concept.variants.slice(1).filter((variant) => !variant.includes(' ') && variant !== closed);
      return concept.label
        .split(HYPHENS)
        .filter((part) => lexicon.lexemeOf(part) !== undefined)
        .map((part) => ({ label: part, role: 'word' as const, weight: concept.weight, variants: [part, ...acronyms], unless: [] }));
    }
    if (word.includes(' ')) return [concept];
    // The same word as the papers hyphenate it ("pretraining", "pre-training") is the same word.
    const lexeme = lexicon.lexemeOf(word);
    const compound = lexeme ? compounds.get(lexeme)?.[0] : undefined;
    if (compound) return [{ ...concept, variants: [...concept.variants, compound] }];
    if (concept.variants.some((variant) => seen(lexicon, variant))) return [concept];
    for (const parts of partsOf(word)) {
      const known = parts.filter((part) => seen(lexicon, part));
      if (known.length > 0) return known.map((part) => ({ label: part, role: 'word' as const, weight: concept.weight, variants: [part], unless: [] }));
    }
    return [concept];
  });
}
