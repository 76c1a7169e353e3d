// Abbreviations learned from the corpus, not listed by hand: papers define their acronyms ("state
// space models (SSMs)", "optimal transport (OT)"), so a reader who types "OT" or "GNNs" is taken to
// mean what the papers of the window mean by it, and one who types "graph neural networks" also
// finds the papers that only write "GNNs". Found per topic from the stored titles and abstracts of
// the run's window (so it is current after every ingest), with the algorithm of Schwartz & Hearst
// (2003): the long form is the shortest run of words before "(ACRONYM)" whose letters spell the
// acronym in order, its first letter starting the first word. The pairs found extend the synonym
// table for that topic only; concepts.ts then treats them like the table's own ("LLM" ↔ "large
// language model").
import type { PrismaClient } from '../db/index.js';
import { comparableKey, comparableWords } from './concepts.js';
import { STOP_WORDS } from './stop-words.js';

/** At most this many long forms per acronym (the commonest), and acronyms per long form. */
const MAX_FORMS = 2;
/** A definition used by fewer than this share of the commonest one's papers is a stray. */
const MIN_SHARE = 0.5;
/** Phrases of the reader's text looked up as long forms: 2 to this many words. */
const MAX_PHRASE_WORDS = 4;

/** Words that are neither an acronym nor the edge of a long form: PostgreSQL's stop words, and "via" and "using", which join two terms. */
const STOP = new Set([...STOP_WORDS, 'via', 'using']);

/** Tokens of the reader's text that may be acronyms: short, letters and digits, not a stop word. */
export function acronymTokens(label: string): string[] {
  const tokens = label.split(/[^\p{L}\p{N}]+/u).filter((token) => token.length >= 2 && token.length <= 8 && !STOP.has(token.toLowerCase()));
  return [...new Set(tokens.map((token) => singular(token).toLowerCase()))].filter((token) => /^[a-z0-9]+$/.test(token));
}

/** "GNNs" → "GNN", "LLMs" → "LLM"; "loss" stays. */
const singular = (token: string) => (/[A-Z0-9]s$/.test(token) || (/s$/.test(token) && !/ss$/.test(token) && token.length <= 5) ? token.slice(0, -1) : token);

/** How an acronym is looked up among the senses found for it (otherSenses): singular, lower case ("GNNs" → "gnn"). */
export const acronymKey = (acronym: string): string => singular(acronym).toLowerCase();

/** Runs of 2..MAX_PHRASE_WORDS words of the reader's text that do not start or end on a stop word. */
export function phraseCandidates(label: string): string[] {
  const phrases = new Set<string>();
  for (const part of label.split(/[,;]/)) {
    const words = part.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    for (let start = 0; start < words.length; start++) {
      for (let length = 2; length <= MAX_PHRASE_WORDS && start + length <= words.length; length++) {
        const run = words.slice(start, start + length);
        if (STOP.has(run[0]!.toLowerCase()) || STOP.has(run[run.length - 1]!.toLowerCase())) continue;
        phrases.add(run.join(' ').toLowerCase());
      }
    }
  }
  return [...phrases];
}

/**
 * Schwartz & Hearst: the long form that `acronym` abbreviates at the end of `before` (the text just
 * before "(acronym)"), or undefined. At most min(|A| + 5, 2|A|) words are considered.
 */
export function longFormBefore(before: string, acronym: string): string | undefined {
  const letters = acronym.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (letters.length < 2) return undefined;
  const words = before.split(/\s+/).filter(Boolean);
  const window = words.slice(-Math.min(letters.length + 5, letters.length * 2));
  const text = window.join(' ').toLowerCase();
  let t = text.length - 1;
  for (let a = letters.length - 1; a >= 0; a--) {
    const letter = letters[a]!;
    // The first letter of the acronym must start a word; the others may be anywhere.
    while (t >= 0 && (text[t] !== letter || (a === 0 && t > 0 && /[\p{L}\p{N}]/u.test(text[t - 1]!)))) t--;
    if (t < 0) return undefined;
    t--;
  }
  const start = text.lastIndexOf(' ', t + 1) + 1;
  const form = text.slice(start).replace(/[^\p{L}\p{N}\s-]/gu, ' ').replace(/\s+/g, ' ').trim();
  const formWords = form.split(' ').filter(Boolean);
  // A long form spans at least two words, and not more words than the acronym has letters + 1.
  if (formWords.length < 2 || formWords.length > letters.length + 1) return undefined;
  return form;
}

export interface Definition {
  acronym: string;
  form: string;
}

/** What the window's papers define for a reader's text: the synonym groups learned, and each paper's own definitions. */
export interface MinedAcronyms {
  groups: string[][];
  /**
   * Per paper that defines one of the reader's tokens: its definitions ("long form (ACRONYM)", and
   * a title's words that spell an acronym the reader typed in capitals), and its text to look for
   * another sense's long form in.
   */
  papers: Array<{ paperId: number; text: string; definitions: Definition[] }>;
}

const ESCAPE = /[.*+?^${}()|[\]\\]/g;

/** Every "long form (ACRONYM)" in the texts that involves one of the tokens or phrases. */
export function definitionsIn(texts: string[], tokens: string[], phrases: string[]): Definition[] {
  const found: Definition[] = [];
  const paren = /\(([\p{L}\p{N}-]{2,10})\)/gu;
  for (const text of texts) {
    for (const match of text.matchAll(paren)) {
      const acronym = match[1]!;
      // Definitions are written in capitals ("(XAI)", "(GNNs)"), however the reader typed it.
      if ((acronym.match(/[A-Z]/g)?.length ?? 0) < 2) continue;
      const form = longFormBefore(text.slice(Math.max(0, match.index! - 200), match.index!), acronym.replace(/s$/, ''));
      if (!form) continue;
      const key = singular(acronym).toLowerCase();
      const formKey = comparableKey(form);
      if (tokens.includes(key) || phrases.some((phrase) => formKey.endsWith(comparableKey(phrase)))) found.push({ acronym: singular(acronym), form });
    }
  }
  return found;
}

/** Synonym groups [long form, acronym] learned for a reader's text, commonest first. */
export function learnedGroups(definitions: Definition[], tokens: string[], phrases: string[]): string[][] {
  const counts = new Map<string, { acronym: string; form: string; count: number }>();
  for (const { acronym, form } of definitions) {
    const key = `${acronym.toLowerCase()}\n${comparableKey(form)}`;
    const entry = counts.get(key) ?? { acronym, form, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  const entries = [...counts.values()].sort((a, b) => b.count - a.count || a.form.localeCompare(b.form));
  const groups: string[][] = [];
  const pick = (matches: (entry: { acronym: string; form: string }) => boolean) => {
    const chosen = entries.filter(matches);
    const top = chosen[0]?.count ?? 0;
    for (const entry of chosen.filter((e) => e.count >= MIN_SHARE * top).slice(0, MAX_FORMS)) {
      if (!groups.some((group) => group[0] === entry.form && group[1] === entry.acronym)) groups.push([entry.form, entry.acronym]);
    }
  };
  for (const token of tokens) pick((entry) => entry.acronym.toLowerCase() === token);
  for (const phrase of phrases) pick((entry) => comparableKey(entry.form).endsWith(comparableKey(phrase)) && comparableWords(entry.form).length === comparableWords(phrase).length);
  return groups;
}

/** Acronym definitions for the reader's text, read from the window's titles and abstracts. */
export async function mineAcronyms(prisma: PrismaClient, label: string, since: Date, known: readonly string[] = []): Promise<MinedAcronyms> {
  // `known`: the glossary's acronyms for the reader's words ("OCR" for "optical character
  // recognition"), whose other senses are looked for as those the reader typed are.
  const capitals = [...new Set([...capitalTokens(label), ...known.map(acronymKey)])];
  const tokens = [...new Set([...acronymTokens(label), ...capitals])];
  const phrases = phraseCandidates(label);
  const patterns = [
    ...tokens.map((token) => `\\(${token.replace(ESCAPE, '\\$&')}s?\\)`),
    ...capitals.map((token) => `\\m${token}s?\\M`),
    ...phrases.map((phrase) => `${phrase.split(' ').map((word) => word.replace(ESCAPE, '\\$&')).join('[\\s-]+')}\\w{0,3}\\s*\\(`),
  ];
  if (patterns.length === 0) return { groups: [], papers: [] };
  // The GIN-indexed tsvector narrows the scan to papers with the token or the phrase; only those
  // are read with the regular expression.
  const rows = await prisma.$queryRawUnsafe<Array<{ id: number; title: string; text: string }>>(
    `WITH parts AS (
       SELECT plainto_tsquery('english', search_text(t)) AS q FROM unnest($3::text[]) AS t
       UNION ALL SELECT plainto_tsquery('english', search_text(t || 's')) FROM unnest($3::text[]) AS t
       UNION ALL SELECT phraseto_tsquery('english', search_text(p)) FROM unnest($4::text[]) AS p
     ), q AS (SELECT (string_agg('(' || q::text || ')', ' | ') FILTER (WHERE numnode(q) > 0))::tsquery AS query FROM parts)
     SELECT p.id, title, title || ' ' || abstract AS text FROM "Paper" p, q
     WHERE q.query IS NOT NULL AND p.search @@ q.query AND p."firstSeenAt" >= $1 AND (title || ' ' || abstract) ~* $2`,
    since,
    patterns.join('|'),
    tokens,
    phrases,
  );
  const defined = rows.map((row) => ({ row, definitions: definitionsIn([row.text], tokens, phrases) }));
  // Groups are learned from stated definitions only; a title's initials only say what a paper means.
  const groups = learnedGroups(defined.flatMap((paper) => paper.definitions), tokens, phrases);
  const papers = defined.map(({ row, definitions }) => {
    const stated = new Set(definitions.map((definition) => definition.acronym.toLowerCase()));
    const implied = capitals.filter((token) => !stated.has(token)).flatMap((token) => titleSpelling(row.title, token));
    return { paperId: row.id, text: row.text, definitions: [...definitions, ...implied] };
  });
  return { groups, papers: papers.filter((paper) => paper.definitions.length > 0) };
}

/** The reader's tokens typed as acronyms (two capitals or more: "OCR", "CoT"), lower case and singular. */
function capitalTokens(label: string): string[] {
  const tokens = label.split(/[^\p{L}\p{N}]+/u).filter((token) => (token.match(/[A-Z]/g)?.length ?? 0) >= 2 && token.length <= 8 && /^[A-Za-z0-9]+$/.test(token));
  return [...new Set(tokens.map(acronymKey))];
}

/**
 * A run of a title's capitalised words whose initials spell the acronym, as a definition: "Segmentation
 * Transformer: Object-Contextual Representations for …" means "object contextual representations" by
 * the OCR it names in its abstract, without ever writing "(OCR)". Hyphenated parts count as words.
 */
export function titleSpelling(title: string, token: string): Definition[] {
  const words = title.split(/[\s\-\u2010-\u2015:,]+/).filter(Boolean);
  const letters = token.toLowerCase();
  for (let start = 0; start + letters.length <= words.length; start++) {
    const run = words.slice(start, start + letters.length);
    if (run.every((word, i) => /^\p{Lu}/u.test(word) && word[0]!.toLowerCase() === letters[i])) return [{ acronym: token.toUpperCase(), form: run.join(' ').toLowerCase() }];
  }
  return [];
}

/**
 * The papers that define one of the reader's acronyms as something else than what the reader means,
 * per acronym (lower case): "Object-Contextual Representations (OCR)" for a reader of OCR, optical
 * character recognition; "Composition Transformer (CoT)" for one of chain-of-thought. What the
 * reader means is the glossary's long form when `vocabulary.json` lists the acronym (one meaning
 * across the field: a paper's own other use is its own), else the long forms the window's papers
 * mostly give it (`groups`). A paper that also writes a meant long form keeps its evidence.
 */
export function otherSenses(mined: MinedAcronyms, glossary: readonly string[][]): { groups: string[][]; misread: Map<string, Set<number>> } {
  const meant = new Map<string, string[]>();
  const mean = (acronym: string, forms: string[]) => meant.set(acronymKey(acronym), [...(meant.get(acronymKey(acronym)) ?? []), ...forms]);
  for (const group of glossary) {
    const forms = group.filter((variant) => comparableWords(variant).length >= 2);
    for (const acronym of group.filter((variant) => !variant.includes(' ') && /[A-Z].*[A-Z0-9]/.test(variant))) mean(acronym, forms);
  }
  const inGlossary = new Set(meant.keys());
  // A glossary acronym keeps the glossary's meaning: a sense only the window's papers give it is a misreading.
  const groups = mined.groups.filter(([form, acronym]) => {
    const forms = meant.get(acronymKey(acronym!));
    return !forms || forms.some((meantForm) => comparableKey(meantForm) === comparableKey(form!));
  });
  for (const [form, acronym] of groups) if (!inGlossary.has(acronymKey(acronym!))) mean(acronym!, [form!]);
  const misread = new Map<string, Set<number>>();
  for (const paper of mined.papers) {
    const text = ` ${comparableKey(paper.text)} `;
    for (const { acronym, form } of paper.definitions) {
      const key = acronymKey(acronym);
      const forms = meant.get(key);
      if (!forms || forms.some((meantForm) => comparableKey(meantForm) === comparableKey(form) || text.includes(` ${comparableKey(meantForm)} `))) continue;
      misread.set(key, (misread.get(key) ?? new Set<number>()).add(paper.paperId));
    }
  }
  return { groups, misread };
}
