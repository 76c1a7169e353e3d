// Relevance of papers to one topic: BM25F over title and abstract (bm25f.ts), the reader's own words
// as the floor and every other concept as bounded extra evidence, then two filters against padding.
// A paper enters only with real evidence (`hasEvidence`), never on one common word — or with part of
// the reader's telling words when the subject is in the window (some paper has all of them) or the
// reader described it in a sentence rather than named it (`isDescription`); and
// only if its relevance is within reach of the topic's best paper (RELATIVE_CUTOFF, or
// FULL_COVERAGE_FLOOR for a paper with all the reader's telling words) and above the first deep drop
// in its scores (SCORE_GAP), so each topic's cut-off follows its own scores.
import { conceptScore, idf, type CorpusShape } from './bm25f.js';
import { comparableWords, type Concept } from './concepts.js';
import type { ConceptEvidence } from './search.js';
import { BELOW_CUT_DEPTH, COMMON_TERM_SHARE, DESCRIPTION_COVERAGE, DESCRIPTION_WORDS, EXPANSION, EXTRA_INFLUENCE, FULL_COVERAGE_FLOOR, GAP_AFTER, PHRASE_COVERAGE_POWER, RELATED_SHARE_CAP, RELATIVE_CUTOFF, SCORE_GAP, WORD_COVERAGE } from './weights.js';

export interface TopicMatch {
  /** Score over the topic's best paper, in [FULL_COVERAGE_FLOOR, 1] (≥ RELATIVE_CUTOFF unless it has all telling words). */
  relevance: number;
  /** The raw BM25F sum. */
  score: number;
  /** Indexes of the concepts that gave evidence, strongest first (learned expansions left out). */
  concepts: number[];
  /**
   * In on part of the reader's words only: neither all of them nor a phrase of the topic ("agents"
   * of "LLM agents"). Its reason names the words, though they are the topic's own (reasons.ts).
   */
  partial: boolean;
  /**
   * In on every one of the reader's words, but not on a phrase of the topic: the words may stand
   * far apart ("long-term" and, later, "in this context" for "long context"). Its reason names them
   * too, so that a bare topic name is never read as the paper saying it.
   */
  apart: boolean;
}

/** Papers that passed both filters, by paper id. */
export type TopicMatches = Map<number, TopicMatch>;

export interface ScoredPaper {
  paperId: number;
  score: number;
  /** The reader's own words alone (BM25F over the word concepts): the floor. */
  floor: number;
  /** Share of the rarity (IDF mass) of the reader's telling words that the paper contains. */
  coverage: number;
  /** Matched concepts, strongest first. */
  matched: Array<{ concept: number; score: number }>;
  /** In on part of the reader's telling words, without evidence of its own: a candidate the cut-off decides. */
  fragment?: boolean;
}

/** Documents (in the run's window) where each concept occurs: its document frequency. */
export function conceptFrequencies(rows: ConceptEvidence[]): Map<number, number> {
  const documents = new Map<number, number>();
  for (const row of rows) if (occurrences(row).title + occurrences(row).abstract > 0) documents.set(row.concept, (documents.get(row.concept) ?? 0) + 1);
  return documents;
}

/**
 * Exact occurrences of the concept, less those that are only part of an "unless" phrase. An unless
 * phrase with stop words inside ("code is available": 'code' <2> 'avail') scores 1/span per
 * occurrence in ts_rank_cd, not 1, so its sum is rounded up: at least one occurrence each time.
 */
function occurrences(row: ConceptEvidence) {
  const unless = (rank: number) => Math.ceil(rank - 1e-6);
  return { title: Math.max(0, row.titlePhrase - unless(row.titleUnless)), abstract: Math.max(0, row.abstractPhrase - unless(row.abstractUnless)) };
}

/**
 * Every paper with evidence, scored and (unless `filter` is false) filtered by hasEvidence, best
 * first. `knownFrequencies` gives the document frequency of concepts whose rows are not complete.
 *
 * score = floor + min(extra, EXTRA_INFLUENCE × best floor): the reader's own words, scored as BM25F,
 * are the floor; phrases, hints and learned terms (extra) may lift a paper by at most a bounded share
 * of the topic's best floor, so they reorder papers of similar word evidence but never bury the
 * paper that has all of the reader's rarer words under ones that only share a curated phrase.
 */
export function scorePapers(concepts: Concept[], rows: ConceptEvidence[], shape: CorpusShape, filter = true, knownFrequencies?: Map<number, number>): ScoredPaper[] {
  const documents = conceptFrequencies(rows);
  for (const [concept, frequency] of knownFrequencies ?? []) documents.set(concept, frequency);
  const perPaper = new Map<number, Array<{ concept: number; score: number }>>();
  for (const row of rows) {
    const concept = concepts[row.concept];
    const count = occurrences(row);
    if (!concept || count.title + count.abstract === 0) continue;
    const score = concept.weight * conceptScore(count, { title: row.titleLength, abstract: row.abstractLength }, documents.get(row.concept) ?? 1, shape);
    let list = perPaper.get(row.paperId);
    if (!list) perPaper.set(row.paperId, (list = []));
    list.push({ concept: row.concept, score });
  }
  const informative = (index: number) => (documents.get(index) ?? 0) <= COMMON_TERM_SHARE * shape.documents;
  const rarity = (index: number) => idf(documents.get(index) ?? 0, shape.documents);
  const telling = tellingWords(concepts, informative);
  const tellingMass = rarityMass(telling, rarity);
  const wordOf = filter ? learnedTermWords(concepts, rows, informative, shape.documents) : new Map<number, number>();
  // A telling word no paper of the window has names a subject the window lacks (a word the window
  // lacks is the rarest there is, as in nameFragments). For a name, only a catalogue topic's
  // defining phrase is evidence then, never two of its other words together: "surgical video
  // analysis", on a window without surgery, brought ten papers on "video" and "analysis". For a
  // description, a fragment must state its rarest word (descriptionFragments). Round 24. Stop
  // words are no words of the reader's (stop-words.ts), so "no" or "few" never makes a subject absent.
  const lacksSubject = telling.some((index) => !documents.get(index));
  const description = isDescription(concepts);
  const parts: Array<{ paperId: number; floor: number; extra: number; coverage: number; matched: Array<{ concept: number; score: number }>; fragment?: boolean }> = [];
  // Papers with only part of the reader's telling words: candidates only if the subject itself is
  // in the window (some paper has all of them), never when a fragment is all the window has —
  // unless the reader described their subject rather than named it (isDescription).
  const partial: typeof parts = [];
  let subjectPresent = false;
  for (const [paperId, matched] of perPaper) {
    matched.sort((a, b) => b.score - a.score || a.concept - b.concept);
    const found = new Set(matched.map((m) => m.concept));
    const coverage = tellingMass > 0 ? rarityMass(telling.filter((index) => found.has(index)), rarity) / tellingMass : 0;
    // The telling words it covers, by itself or inside a phrase of the reader's it has: what its
    // phrases may speak for (split). A known term's other names speak for the reader's words they
    // stand for ("implicit neural representations" for "neural fields"), but "knowledge
    // distillation" says nothing of "quantized".
    const present = wordsPresent(concepts, found);
    const ideas = tellingMass > 0 ? rarityMass(telling.filter(present), rarity) / tellingMass : 1;
    const paper = { paperId, ...split(concepts, matched, ideas), coverage, matched };
    const admitted = () => description || !lacksSubject || matched.some((m) => concepts[m.concept]?.role === 'defining');
    if (filter && !(hasEvidence(concepts, matched.map((m) => m.concept), informative, rarity, wordOf, present) && admitted())) {
      // A fragment of common words only ("generation" of "code generation") is no part of the subject.
      if (coverage > 0 && matched.some((m) => concepts[m.concept]?.role === 'word' && informative(m.concept))) partial.push({ ...paper, fragment: true });
      continue;
    }
    if (coverage >= 1) subjectPresent = true;
    parts.push(paper);
  }
  if (subjectPresent) parts.push(...partial);
  else if (description) parts.push(...descriptionFragments(partial, telling.filter((index) => documents.get(index)), rarity, lacksSubject ? statedIn(rows) : undefined));
  else if (partial.length > 0) parts.push(...nameFragments(partial, telling, rarity, statedIn(rows)));
  const bestFloor = parts.reduce((best, paper) => Math.max(best, paper.floor), 0);
  const papers = parts.map(({ paperId, floor, extra, coverage, matched, fragment }) => ({
    paperId,
    floor,
    coverage,
    matched,
    fragment,
    score: floor + (bestFloor > 0 ? Math.min(extra, EXTRA_INFLUENCE * bestFloor) : extra),
  }));
  return papers.sort((a, b) => b.score - a.score || a.paperId - b.paperId);
}

/**
 * A paper's floor (the reader's words) and the rest of its evidence. Related phrases are hints:
 * together they add at most RELATED_SHARE_CAP of what the rest of the evidence gives, so a paper
 * full of hints never outranks one that is about the topic. The reader's phrases count times
 * `ideas` (the share of the topic's telling words the paper covers, scorePapers) to
 * PHRASE_COVERAGE_POWER: a phrase on part of a two-idea topic is evidence for that part only.
 */
function split(concepts: Concept[], matched: Array<{ concept: number; score: number }>, ideas: number): { floor: number; extra: number } {
  let floor = 0;
  let related = 0;
  let rest = 0;
  for (const item of matched) {
    const role = concepts[item.concept]?.role;
    if (role === 'word' || role === 'defining') floor += item.score;
    else if (role === 'related') related += item.score;
    else if (role === 'phrase') rest += item.score * ideas ** PHRASE_COVERAGE_POWER;
    else rest += item.score;
  }
  return { floor, extra: rest + Math.min(related, RELATED_SHARE_CAP * (floor + rest)) };
}

/** The summed rarity (idf) of these concepts: how much of a topic's telling words they are. */
function rarityMass(indexes: number[], rarity: (index: number) => number): number {
  return indexes.reduce((sum, index) => sum + rarity(index), 0);
}

/**
 * Whether a word of the reader's is in a paper with these concepts: itself, or inside a phrase of
 * theirs it has (their text, a known term in it). Such a phrase is an occurrence of its own words
 * only: "language model" in "language models for code" says nothing about "code".
 */
function wordsPresent(concepts: Concept[], matched: Iterable<number>): (index: number) => boolean {
  const words = labelWords(concepts);
  const found = new Set(matched);
  const phraseWords = new Set([...found].flatMap((index) => (concepts[index]?.role === 'phrase' ? words[index]! : [])));
  return (index) => found.has(index) || words[index]!.every((word) => phraseWords.has(word));
}

const labelWordsOf = new WeakMap<Concept[], string[][]>();

/** Each concept's label as comparable words, once per topic: asked for every paper of it. */
function labelWords(concepts: Concept[]): string[][] {
  let words = labelWordsOf.get(concepts);
  if (!words) labelWordsOf.set(concepts, (words = concepts.map((concept) => comparableWords(concept.label))));
  return words;
}

/** Every word the reader typed (their word concepts, as comparable words). */
function typedWords(concepts: Concept[]): Set<string> {
  const words = labelWords(concepts);
  return new Set(concepts.flatMap((concept, index) => (concept.role === 'word' ? words[index]! : [])));
}

/** The reader's telling words (all their words when none is telling). */
function tellingWords(concepts: Concept[], informative: (index: number) => boolean): number[] {
  const words = concepts.flatMap((concept, index) => (concept.role === 'word' ? [index] : []));
  const telling = words.filter(informative);
  return telling.length > 0 ? telling : words;
}

/**
 * The reader described their subject in a sentence of their own ("models defined by an energy
 * function", "mining difficult negative examples") rather than named it ("LLM agents", "protein
 * folding"): at least DESCRIPTION_WORDS words, stop words aside and a known term counted once
 * (ideasNamed: "graph neural networks for molecules" is a name of two), and no catalogue topic. No paper is
 * expected to say every word of a description, so a paper with part of its telling words is a
 * candidate even when no paper has them all; the cut-off decides. Each word of a name is an idea,
 * and a paper on one of them is not on the subject.
 */
function isDescription(concepts: Concept[]): boolean {
  return ideasNamed(concepts) >= DESCRIPTION_WORDS && !concepts.some((concept) => concept.role === 'defining');
}

/**
 * How many ideas the reader's words name: their words, where the words of a known term inside their
 * text ("graph neural networks" in "graph neural networks for molecules") are one idea, as the
 * term is one name. A phrase of theirs that holds every word (their whole text) is not a term.
 */
function ideasNamed(concepts: Concept[]): number {
  const words = labelWords(concepts);
  const wordCount = concepts.filter((concept) => concept.role === 'word').length;
  const all = typedWords(concepts);
  const isTerm = (term: string[]) => term.length > 1 && term.length < all.size && term.every((word) => all.has(word));
  const terms = concepts.flatMap((concept, index) => (concept.role === 'phrase' && isTerm(words[index]!) ? [words[index]!] : [])).sort((a, b) => b.length - a.length);
  const taken = new Set<string>();
  let folded = 0;
  for (const term of terms) {
    if (term.some((word) => taken.has(word))) continue;
    for (const word of term) taken.add(word);
    folded += term.length - 1;
  }
  return wordCount - folded;
}

/**
 * The fragments of a description that may be candidates: those with the rarest of its telling words
 * that the window has, and at least DESCRIPTION_COVERAGE of their rarity. A description's rarer
 * words are its subject, its commoner ones the way it is said: "quantum error correction for
 * superconducting qubits", on a window without quantum papers, brought sorting networks for
 * "correct" and "error"; "robots learning to grasp from videos", with one paper that says "grasp",
 * brought ten video papers. Where the window lacks one of its telling words (`stated` given), a
 * fragment must also state that rarest word (statedIn), as a name's fragment must: "genome analysis
 * with deep learning", on a window without genomes, brought ten papers that say "analysis" once,
 * while "farmland soil wetness models" still finds the paper titled on soil moisture (round 24).
 */
function descriptionFragments<T extends { paperId: number; coverage: number; matched: Array<{ concept: number }> }>(partial: T[], inWindow: number[], rarity: (index: number) => number, stated?: (paperId: number, concept: number) => boolean): T[] {
  const [rarest] = rarestOf(inWindow, rarity);
  return partial.filter((paper) => paper.coverage >= DESCRIPTION_COVERAGE && paper.matched.some((item) => item.concept === rarest) && (!stated || stated(paper.paperId, rarest!)));
}

/**
 * The fragments of a name no paper says whole that may be candidates: those that state its rarest
 * telling word (any of them, if equally rare; statedIn), where the window has it at all. A name's
 * rarest word is its subject, the commoner ones narrow it; a word the window lacks is the rarest
 * there is, so "protein folding" on a window without proteins brings nothing (not "Folded Tokens"),
 * while "digital watermarking", on a window whose one watermarking paper never says "digital",
 * brings that paper.
 */
function nameFragments<T extends { paperId: number }>(partial: T[], telling: number[], rarity: (index: number) => number, stated: (paperId: number, concept: number) => boolean): T[] {
  const rarest = rarestOf(telling, rarity);
  return partial.filter((paper) => rarest.some((index) => stated(paper.paperId, index)));
}

/** The rarest of the given words, in their order (several when equally rare; none of none). */
function rarestOf(indexes: number[], rarity: (index: number) => number): number[] {
  const most = Math.max(...indexes.map(rarity));
  return indexes.filter((index) => rarity(index) === most);
}

/**
 * Whether a paper states a concept rather than mentions it: in its title, or more than once in its
 * abstract. "In the literature" once in an abstract says nothing of a paper on "literature reviews".
 */
function statedIn(rows: ConceptEvidence[]): (paperId: number, concept: number) => boolean {
  const stated = new Set<string>();
  for (const row of rows) {
    const count = occurrences(row);
    if (count.title > 0 || count.abstract > 1) stated.add(`${row.paperId} ${row.concept}`);
  }
  return (paperId, concept) => stated.has(`${paperId} ${concept}`);
}

/**
 * Real evidence that a paper is about the topic, not a shared common word: one of the topic's
 * defining phrases (a catalogue phrase or the reader's whole text), or every telling word of the
 * reader's text, or two telling concepts of which one is the reader's word or a defining phrase.
 * "Telling" = in at most COMMON_TERM_SHARE of the window's papers. `wordOf` gives the reader's word
 * whose idea a learned term is (learnedTermWords): it is that idea, not a second one. `present` is
 * wordsPresent of these concepts, given by a caller that already has it (scorePapers, once per paper).
 */
export function hasEvidence(
  concepts: Concept[],
  matched: number[],
  informative: (index: number) => boolean,
  rarity: (index: number) => number = () => 1,
  wordOf: Map<number, number> = new Map(),
  present: (index: number) => boolean = wordsPresent(concepts, matched),
): boolean {
  const roles = matched.map((index) => concepts[index]?.role);
  if (roles.includes('defining')) return true;
  const required = tellingWords(concepts, informative);
  if (required.length > 0 && rarityMass(required.filter(present), rarity) >= WORD_COVERAGE * rarityMass(required, rarity)) return true;
  const telling = matched.filter(informative);
  return ideasAmong(concepts, telling, wordOf) >= 2 && telling.some((index) => concepts[index]?.role === 'word');
}

/**
 * The reader's telling word each learned term is a word of, where there is one: the term is
 * concentrated among that word's papers in the window as a learned term must be among the feedback
 * papers (expansion.ts): in at least EXPANSION.minPapers of them, and EXPANSION.minLift times more
 * often than in the window as a whole (the word with the highest lift, if several). Such a term
 * speaks for that word's idea, not for another one: "align", learned for "LLM agents" from papers
 * on large language models (the window's one "agents" paper is on reinforcement learning), is in
 * 6 of the 26 papers that use it beside "LLM", 5.3 times the window's rate, and in none beside
 * "agents". A term as common beside every reader's word as elsewhere stays an idea of its own.
 * The rows cover every paper with each telling word and each learned term (only common words are
 * searched in fewer papers).
 */
export function learnedTermWords(concepts: Concept[], rows: ConceptEvidence[], informative: (index: number) => boolean, documents: number): Map<number, number> {
  const wordOf = new Map<number, number>();
  if (!concepts.some((concept) => concept.role === 'expansion') || documents <= 0) return wordOf;
  const papersWith = new Map<number, Set<number>>();
  for (const row of rows) {
    const count = occurrences(row);
    if (count.title + count.abstract === 0) continue;
    let papers = papersWith.get(row.concept);
    if (!papers) papersWith.set(row.concept, (papers = new Set()));
    papers.add(row.paperId);
  }
  const words = concepts.flatMap((concept, index) => (concept.role === 'word' && informative(index) ? [index] : []));
  concepts.forEach((concept, term) => {
    const withTerm = concept.role === 'expansion' ? papersWith.get(term) : undefined;
    if (!withTerm) return;
    let best: { word: number; lift: number } | undefined;
    for (const word of words) {
      const withWord = papersWith.get(word);
      if (!withWord) continue;
      let both = 0;
      for (const paper of withTerm) if (withWord.has(paper)) both += 1;
      const lift = both / withTerm.size / (withWord.size / documents);
      if (both >= EXPANSION.minPapers && lift >= EXPANSION.minLift && (!best || lift > best.lift)) best = { word, lift };
    }
    if (best) wordOf.set(term, best.word);
  });
  return wordOf;
}

/**
 * How many distinct ideas the concepts speak for: two concepts that can be written the same way are
 * one idea ("LLM" and the known term "large language model", each a variant of the other), so a
 * paper on large language models is not two lines of evidence for "LLM agents"; nor is a learned
 * term that is a word of one of the reader's words (`wordOf`), which counts as that word.
 */
function ideasAmong(concepts: Concept[], indexes: number[], wordOf: Map<number, number> = new Map()): number {
  const ideas: Array<Set<string>> = [];
  for (const index of indexes) {
    const variants = new Set((concepts[wordOf.get(index) ?? index]?.variants ?? []).map((variant) => comparableWords(variant).join(' ')));
    const same = ideas.find((idea) => [...variants].some((variant) => idea.has(variant)));
    if (same) for (const variant of variants) same.add(variant);
    else ideas.push(variants);
  }
  return ideas.length;
}

/**
 * The concepts that say the whole topic: a catalogue topic's defining phrases, and a phrase of the
 * reader's that holds every word they typed (their whole text). A known term inside their text is
 * not one: "Diffusion Models for Scene Text Editing" says "diffusion models" of "diffusion models
 * for video editing", and is in on part of it (TopicMatch.partial), not the whole.
 */
function wholeTopicPhrases(concepts: Concept[]): Set<number> {
  const words = labelWords(concepts);
  const typed = typedWords(concepts);
  return new Set(concepts.flatMap((concept, index) => (concept.role === 'defining' || (concept.role === 'phrase' && [...typed].every((word) => words[index]!.includes(word))) ? [index] : [])));
}

/**
 * The scored papers a topic keeps, with relevance = score / best. Each topic's cut-off follows its
 * own score distribution: papers below RELATIVE_CUTOFF of its best paper are dropped, except a paper
 * that contains every one of the reader's telling (rarer) words, which is kept down to
 * FULL_COVERAGE_FLOOR of the best: plain BM25 on the reader's words would show it, so must we.
 * Past its first deep drop (SCORE_GAP, once GAP_AFTER papers are kept) the list keeps only papers
 * with every one of the reader's words that reach RELATIVE_CUTOFF.
 */
export function topicMatches(papers: ScoredPaper[], concepts: Concept[]): TopicMatches {
  const matches: TopicMatches = new Map();
  const best = papers[0]?.score ?? 0;
  if (best <= 0) return matches;
  const words = concepts.flatMap((concept, index) => (concept.role === 'word' ? [index] : []));
  const hasEveryWord = (paper: ScoredPaper) => words.every((index) => paper.matched.some((item) => item.concept === index));
  const whole = wholeTopicPhrases(concepts);
  let previous = best;
  let dropped = false;
  for (const paper of papers) {
    const relevance = paper.score / best;
    if (relevance < FULL_COVERAGE_FLOOR) break;
    if (matches.size >= GAP_AFTER && paper.score < SCORE_GAP * previous) dropped = true;
    // Past the drop, only a paper with every word the reader typed (within the usual cut-off) is
    // still kept: the drop separates papers with the reader's exact phrase from papers that merely
    // share a word ("adversarial" in a GAN paper), and a paper with all their words is neither.
    if (dropped && !(relevance >= RELATIVE_CUTOFF && hasEveryWord(paper))) continue;
    if (relevance < RELATIVE_CUTOFF && paper.coverage < 1) continue;
    const shown = paper.matched.filter((item) => concepts[item.concept]?.role !== 'expansion').map((item) => item.concept);
    const phrase = paper.matched.some((item) => whole.has(item.concept));
    const everyWord = hasEveryWord(paper);
    matches.set(paper.paperId, { relevance, score: paper.score, concepts: shown, partial: !phrase && !everyWord, apart: !phrase && everyWord && words.length > 1 });
    previous = paper.score;
  }
  return matches;
}

/**
 * The papers with evidence for the topic that its cut-off left out (`kept` = topicMatches), with
 * their relevance (score / best), best first, at most BELOW_CUT_DEPTH. Never sent on the topic
 * alone; a reader whose marks point at one of them may get it (reader-model.ts): two weak but
 * independent lines of evidence, the reader's words and their marks, together.
 */
export function belowCut(papers: ScoredPaper[], kept: TopicMatches): Map<number, number> {
  const below = new Map<number, number>();
  const best = papers[0]?.score ?? 0;
  if (best <= 0) return below;
  for (const paper of papers) {
    if (below.size >= BELOW_CUT_DEPTH) break;
    if (!kept.has(paper.paperId)) below.set(paper.paperId, paper.score / best);
  }
  return below;
}
