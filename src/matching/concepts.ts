// Turns a topic into concepts, the units that are searched. A concept is one idea written in
// several ways (its variants): the phrase, its synonyms from the vocabulary (LLM ↔ large language
// model) and, for acronyms, the plural, because PostgreSQL's English stemmer leaves "LLMs" as
// "llms" (no vowel to stem on) while it does reduce "models" to "model". Pure: no database here.
import { phraseText, type CatalogueTopic, type PhraseSpec, type Vocabulary } from './catalogue.js';
import { spellingVariants } from './spelling.js';
import { STOP_WORDS } from './stop-words.js';
import { CONCEPT_WEIGHT } from './weights.js';

/**
 * word: a word (or known term such as "LLM") of the topic as the reader named it, the BM25 floor;
 * defining: a catalogue topic's own phrase (part of the floor of a catalogue topic);
 * phrase: the reader's whole text, or a known multi-word term in it, as an exact phrase (bounded
 * extra evidence: proximity beyond the words); related: a hint; expansion: a term learned from the
 * corpus (expansion.ts), stored as a stemmed lexeme.
 */
export type ConceptRole = 'defining' | 'phrase' | 'related' | 'word' | 'expansion';

export interface Concept {
  /** What the reader sees when the concept matched and its words cannot be found verbatim. */
  label: string;
  role: ConceptRole;
  /** How much one match of this concept counts (defining phrase 1, related phrase less). */
  weight: number;
  /** Ways of writing the concept; any of them matches. */
  variants: string[];
  /** Occurrences that are only part of one of these phrases do not count ("language model" in "vision-language model"). */
  unless: string[];
}

export interface TopicQuery {
  /** The topic as the reader named it: the catalogue name or their own text. */
  label: string;
  /** Identifies the query across subscribers: `catalogue:<slug>` or `text:<normalised text>`. */
  key: string;
  concepts: Concept[];
  /**
   * Papers that define one of the reader's acronyms as something else (acronyms.ts: otherSenses),
   * per acronym in lower case: that acronym in them is no evidence for the topic.
   */
  misread?: Map<string, Set<number>>;
}

const MAX_VARIANTS = 12;
const MAX_CONCEPTS = 64;

/** Words as they are compared with the synonym table: lower case, no punctuation, no plural s. */
export function comparableWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word));
}

export const comparableKey = (text: string): string => comparableWords(text).join(' ');

/** An acronym such as LLM, ViT, NeRF or MoE: at least two capitals. */
export const isAcronym = (word: string) => /^[A-Za-z0-9]+$/.test(word) && (word.match(/[A-Z]/g)?.length ?? 0) >= 2 && !/s$/.test(word);

export function conceptFor(spec: PhraseSpec, role: ConceptRole, vocabulary: Vocabulary, weight: number = CONCEPT_WEIGHT[role === 'related' ? 'related' : 'phrase']): Concept {
  const text = phraseText(spec);
  return {
    label: text,
    role,
    weight,
    variants: withHyphens(keepStopWordCompounds(variantsOf(text, vocabulary.synonyms), text), text, vocabulary),
    unless: typeof spec === 'string' ? [] : spec.unless.map(searchable),
  };
}

const knownCompounds = new WeakMap<Vocabulary, Compound[]>();

/** The hyphenated words of the synonym table ("parameter-efficient", "fine-tuning", "vision-language"). */
function compoundsOfVocabulary(vocabulary: Vocabulary): Compound[] {
  let compounds = knownCompounds.get(vocabulary);
  if (!compounds) knownCompounds.set(vocabulary, (compounds = vocabulary.synonyms.flat().flatMap(compoundsOf)));
  return compounds;
}

/**
 * Each variant also as it is written with its hyphens. PostgreSQL indexes "vision-language" as the
 * compound and then its parts, so a phrase spaced out matches hyphenated text only when the
 * compound comes first: "large vision language model" does not match "large vision-language
 * model", nor "parameter efficient fine tuning" the usual "parameter-efficient fine-tuning" (a
 * reader of PEFT found 1 paper where its expansion typed out found 8). The written form matches
 * hyphenated text, the spaced one spaced text; a paper matches either.
 */
function withHyphens(variants: string[], text: string, vocabulary: Vocabulary): string[] {
  const compounds = [...compoundsOf(text), ...compoundsOfVocabulary(vocabulary)].filter((compound) => !hasStopWord(compound));
  // A one-word variant ("vision language" alone) matches either way: only phrases need it.
  const all = variants.flatMap((variant) => {
    const written = asWritten(variant, compounds, (compound) => compound.parts.join('-'));
    return written !== variant && written.includes(' ') ? [variant, written] : [variant];
  });
  return [...new Set(all)].slice(0, MAX_VARIANTS + 4);
}

/**
 * A phrase's hyphenated words with a stop word inside ("image-to-video", "text-to-speech") are
 * searched as written, as compoundConcept does for a reader's words. Spaced, the stop word is only
 * a gap to PostgreSQL's phrase search ('imag' <2> 'video'), which any stop word fills: "image and
 * video compression" matched *Video generation*'s "image-to-video", and "text and speech" would
 * match "text-to-speech".
 */
function keepStopWordCompounds(variants: string[], text: string): string[] {
  const compounds = compoundsOf(text).filter(hasStopWord);
  if (compounds.length === 0) return variants;
  return [...new Set(variants.map((variant) => asWritten(variant, compounds, (compound) => compound.text.toLowerCase())))];
}

const hasStopWord = (compound: Compound) => compound.parts.some((part) => STOP_WORDS.has(part));

/** The variant with each of these compounds, where it stands spaced out as whole words, hyphenated again (`written`). */
function asWritten(variant: string, compounds: Compound[], written: (compound: Compound) => string): string {
  return compounds.reduce(
    (joined, compound) => joined.replace(new RegExp(`(?<![\\p{L}\\p{N}-])${compound.parts.join(' ')}(?![\\p{L}\\p{N}-])`, 'giu'), written(compound)),
    variant,
  );
}

export function catalogueQuery(topic: CatalogueTopic, vocabulary: Vocabulary): TopicQuery {
  const concepts = [
    ...wordConcepts(topic.name, vocabulary),
    ...topic.phrases.map((spec) => conceptFor(spec, 'defining', vocabulary)),
    ...topic.related.map((spec) => conceptFor(spec, 'related', vocabulary)),
  ];
  return { label: topic.name, key: `catalogue:${topic.slug}`, concepts: dedupeConcepts(concepts).slice(0, MAX_CONCEPTS) };
}

/** A reader's own text: each comma- or semicolon-separated part is one concept. */
export function freeTextQuery(label: string, vocabulary: Vocabulary): TopicQuery {
  const parts = label
    .split(/[,;]|\s+\bor\b\s+/iu)
    .map((part) => part.trim())
    .filter((part) => comparableWords(part).length > 0);
  // The reader's exact words together are worth more than the same words apart ("protein folding"
  // over "Folding Chairs and Protein Bars").
  const phrase = (part: string) => conceptFor(part, 'phrase', vocabulary, comparableWords(part).length > 1 ? CONCEPT_WEIGHT.ownPhrase : CONCEPT_WEIGHT.phrase);
  const concepts = [...wordConcepts(label, vocabulary, 'phrase'), ...parts.map(phrase), ...namedTopicHints(label, vocabulary)];
  return { label, key: `text:${comparableKey(label)}`, concepts: dedupeConcepts(concepts).slice(0, MAX_CONCEPTS) };
}

/**
 * A catalogue topic named inside a reader's own words: when their text contains one of its
 * phrases, aliases or its name of at least two words ("video coding" in "learned video coding",
 * "self-supervised" in "self-supervised audio representation learning", "efficient transformer"),
 * that topic's defining phrases become hints of the reader's topic (role related: weight 0.5, at
 * most RELATED_SHARE_CAP of the rest of a paper's evidence, within EXTRA_INFLUENCE). The reader's
 * own words stay the floor; the curated phrases reorder papers toward the subject the reader named
 * a part of, and, like a catalogue topic's own hints, one beside a telling word of the reader's is
 * evidence (hasEvidence). Not the topic itself: a part of a topic is no alias of it (round 13).
 */
function namedTopicHints(label: string, vocabulary: Vocabulary): Concept[] {
  const text = comparableWords(searchable(label));
  const inText = (phrase: string) => {
    const words = comparableWords(searchable(phrase));
    if (words.length < 2) return false;
    for (let i = 0; i + words.length <= text.length; i++) if (words.every((word, k) => text[i + k] === word)) return true;
    return false;
  };
  return vocabulary.topics
    .filter((topic) => [topic.name, ...topic.aliases, ...topic.phrases.map(phraseText)].some(inText))
    .flatMap((topic) => topic.phrases.map((spec) => conceptFor(spec, 'related', vocabulary)));
}

/**
 * The words of a topic's name, each one concept (what plain BM25 would search for, so every topic
 * is ranked at least on its own words), and its known multi-word terms of the synonym table
 * ("large language model") as phrases of their own.
 */
export function wordConcepts(label: string, vocabulary: Vocabulary, termRole: 'defining' | 'phrase' = 'defining'): Concept[] {
  const text = searchable(label);
  const units = unitsOf(text, vocabulary.synonyms);
  const compounds = compoundsOf(label);
  // Every word of the text with the acronyms of its known term: an acronym abbreviates the words
  // of its expansion, so "LLMs" is an occurrence of "large", "language" and "model" alike, and a
  // paper that writes the acronym is not ranked below one that spells it out.
  const tokens = units.flatMap((unit) => {
    const acronyms = unit.includes(' ') ? variantsOf(unit, vocabulary.synonyms).filter((variant) => !variant.includes(' ')) : [];
    return unit.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((word) => ({ word, acronyms }));
  });
  const withAcronyms = (concept: Concept, acronyms: string[]) => ({ ...concept, variants: [...new Set([...concept.variants, ...acronyms])].slice(0, MAX_VARIANTS) });
  const words: Concept[] = [];
  for (let i = 0; i < tokens.length; ) {
    // A hyphenated word is one word ("in-context", "multi-task", "text-to-image"), as plain BM25
    // over PostgreSQL's lexemes sees it: its parts count only together, not each on its own.
    const compound = compounds.find((candidate) => candidate.parts.every((part, k) => tokens[i + k]?.word.toLowerCase() === part));
    if (compound) {
      const covered = tokens.slice(i, i + compound.parts.length);
      words.push(withAcronyms(compoundConcept(compound, vocabulary), [...new Set(covered.flatMap((token) => token.acronyms))]));
      i += compound.parts.length;
      continue;
    }
    const { word, acronyms } = tokens[i++]!;
    if (!STOP_WORDS.has(word.toLowerCase()) && comparableWords(word).length > 0) words.push(withAcronyms({ ...conceptFor(word, 'word', vocabulary, CONCEPT_WEIGHT.word), unless: boilerplateWith(word, vocabulary) }, acronyms));
  }
  const terms = units.filter((unit) => unit.includes(' ')).map((unit) => conceptFor(unit, termRole, vocabulary));
  return [...words, ...terms];
}

/**
 * The boilerplate phrases that contain the word: "code" inside "Code is available at …" says
 * nothing about code, yet half the abstracts say it, which would make "code generation" match every
 * image-generation paper that publishes its code.
 */
function boilerplateWith(word: string, vocabulary: Vocabulary): string[] {
  const [key] = comparableWords(word);
  return vocabulary.boilerplate.filter((phrase) => comparableWords(phrase).includes(key!)).map(searchable);
}

interface Compound {
  /** As the reader wrote it, e.g. "in-context". */
  text: string;
  /** Its parts, lower case: ["in", "context"]. */
  parts: string[];
}

/** Hyphen-minus and the Unicode hyphens and dashes (U+2010–U+2015) that join a hyphenated word. */
const HYPHEN_CLASS = '[-\\u2010-\\u2015]';
/** A run of hyphens: `text.split(HYPHENS)` gives a hyphenated word's parts, `HYPHENS.test` says it has some. */
export const HYPHENS = new RegExp(`${HYPHEN_CLASS}+`, 'u');

/** A hyphenated word written closed: "auto-encoders" → "autoencoders". */
export const closedForm = (word: string) => word.split(HYPHENS).join('').toLowerCase();

const COMPOUND = new RegExp(`[\\p{L}\\p{N}]+(?:${HYPHEN_CLASS}[\\p{L}\\p{N}]+)+`, 'gu');

/** The hyphenated words of a text ("multi-task", "text-to-image"). */
function compoundsOf(label: string): Compound[] {
  return (label.normalize('NFKC').match(COMPOUND) ?? []).map((text) => ({
    text,
    parts: text.split(HYPHENS).map((part) => part.toLowerCase()),
  }));
}

/**
 * One concept for a hyphenated word: its parts next to each other, which matches the hyphenated
 * and the spaced spelling alike ("multi task" finds "multi-task"). A part that is a stop word is
 * dropped by the search, so such a compound is searched as written ("in-context", not "context").
 */
function compoundConcept(compound: Compound, vocabulary: Vocabulary): Concept {
  // Also written closed: "auto-encoders" are "autoencoders", "pre-training" is "pretraining".
  const variants = hasStopWord(compound) ? [compound.text.toLowerCase()] : [...new Set([...variantsOf(compound.parts.join(' '), vocabulary.synonyms), closedForm(compound.text)])];
  return { label: compound.text, role: 'word', weight: CONCEPT_WEIGHT.word, variants, unless: [] };
}

/** Splits text into known terms of the synonym table (longest first) and single words. */
export function unitsOf(text: string, synonyms: string[][]): string[] {
  const words = text.split(' ').filter(Boolean);
  const comparable = words.map((word) => comparableWords(word).join(' '));
  const members = synonyms.flat().map((member) => comparableWords(searchable(member))).sort((a, b) => b.length - a.length);
  const units: string[] = [];
  for (let i = 0; i < words.length; ) {
    const term = members.find((member) => member.length > 1 && member.every((word, k) => comparable[i + k] === word));
    const length = term?.length ?? 1;
    units.push(words.slice(i, i + length).join(' '));
    i += length;
  }
  return units;
}

/** The phrase, the phrase with each synonym substituted, acronym plurals, and each in British and American spelling. */
export function variantsOf(text: string, synonyms: string[][]): string[] {
  const base = searchable(text);
  const variants = new Set<string>([base]);
  for (const group of synonyms) {
    // The longest member that occurs is replaced, so that "neural architecture search" is not
    // also rewritten around its tail "architecture search".
    const members = [...group].sort((a, b) => comparableWords(b).length - comparableWords(a).length);
    for (const variant of [...variants]) {
      for (const member of members) {
        const replaced = substitute(variant, member, group);
        for (const alternative of replaced) variants.add(alternative);
        if (replaced.length > 0) break;
      }
    }
  }
  for (const variant of [...variants]) {
    const words = variant.split(' ');
    if (words.some(isAcronym)) variants.add(words.map((word) => (isAcronym(word) ? `${word}s` : word)).join(' '));
  }
  for (const variant of [...variants]) for (const other of spellingVariants(variant)) variants.add(other);
  return [...variants].slice(0, MAX_VARIANTS);
}

/** If `member` occurs in `text` (as whole words), the text with it replaced by each other member. */
function substitute(text: string, member: string, group: string[]): string[] {
  const words = text.split(' ');
  const comparable = words.map((word) => comparableWords(word).join(' '));
  const target = comparableWords(member);
  if (target.length === 0 || target.length > words.length) return [];
  for (let start = 0; start + target.length <= words.length; start++) {
    if (target.every((word, i) => comparable[start + i] === word)) {
      return group
        .filter((other) => other !== member)
        .map((other) => [...words.slice(0, start), searchable(other), ...words.slice(start + target.length)].join(' '));
    }
  }
  return [];
}

/** Hyphens and slashes become spaces: "vision-language" then matches both spellings in a paper. */
export function searchable(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[-\u2010-\u2015/]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

function dedupeConcepts(concepts: Concept[]): Concept[] {
  const seen = new Set<string>();
  return concepts.filter((concept) => {
    const key = concept.variants.map(comparableKey).sort().join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
