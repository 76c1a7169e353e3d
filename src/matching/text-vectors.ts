// Tf-idf vectors of papers' title and abstract, for the per-reader model (reader-model.ts).
// Built once per matcher run over the run's candidates and kept compact: each paper keeps its
// DOC_TERMS strongest terms, stored as typed arrays (forward vectors and an inverted index, CSR),
// so 30,000 papers cost about 100 MB, and a reader's profile is scored against every candidate by
// walking only the postings of its strongest terms. Text from outside the corpus (a liked paper's
// abstract) is vectorised with the same statistics.

const STOP_WORDS = new Set(
  ('a an the of for and or in on with to via by from is are was were be been at as we our this that these those it its '
    + 'which into than then also can using use used based show shows propose proposes proposed present paper approach '
    + 'method methods new results result such both while their there they has have not but more most only other over '
    + 'et al eg ie vs up so if do no us me my he am '
    // The title formula "… is all you need": two papers "all you need" were alike on "you" and "All You".
    + 'you your all what need')
    .split(' '),
);

/** Text with its URLs taken out (http(s)://…, www.…): a link's parts ("github", "com") are no subject a paper is on. */
export function withoutLinks(text: string): string {
  return text.replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ');
}

/** Lower-cased words of 2+ characters (not only digits: "3D", "RL" and "AI" are kept), stop words out, plurals and -ing/-ed folded. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const word of words(text)) {
    const token = normaliseWord(word);
    if (token !== null) tokens.push(token);
  }
  return tokens;
}

/** The text's words as written: hyphens, underscores and slashes separate words too. */
const writtenWords = (text: string) => text.replace(/[-_/]/g, ' ').split(/[^\p{L}\p{N}]+/u);
const words = (text: string) => writtenWords(text.toLowerCase());

/** A lower-cased word's term, as the vectors count it (null for a stop word or noise). */
export function normaliseWord(word: string): string | null {
  if (word.length < 2 || STOP_WORDS.has(word) || /^\d+$/.test(word)) return null;
  return stem(word);
}

/** A light suffix folding: enough to join "models"/"model", "learning"/"learned"; not a full stemmer. */
function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 6) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** A sparse unit vector: term ids ascending, weights L2-normalised. */
export interface SparseVector {
  terms: Int32Array;
  weights: Float32Array;
}

/** How much more a title word counts than an abstract word: the title says what a paper is about. */
export const TITLE_WEIGHT = 2;
/** A pair of neighbouring words ("mixture expert", "gaussian splatting"), relative to a word. */
export const PAIR_WEIGHT = 0.5;
/** Terms kept per paper, the strongest by tf-idf: a cap on the index's memory for very long texts.
 *  (Cutting to 64 or 128 cost 0.03–0.10 nDCG on the tuning set: sample abstracts have ~250 terms.) */
export const DOC_TERMS = 256;

export interface TextDocument {
  id: number;
  title: string;
  abstract: string;
}

/** Parts of hyphenated words that say nothing alone ("Auto" of "Auto-Encoder", "self" of "self-supervised"). */
const PREFIX_PARTS = new Set(['auto', 'self', 'multi', 'non', 'pre', 'post', 'co', 'semi', 'cross', 'sub', 'super', 'meta', 'inter', 'intra', 'over', 'under', 'un', 're', 'bi', 'tri', 'de', 'anti', 'hyper', 'ultra', 'zero', 'few', 'one', 'two', 'end', 'long', 'short', 'high', 'low', 'fine', 'state', 'large', 'small']);

/** Words and word pairs to term ids. Raw words are cached: a corpus repeats its words endlessly. */
class Vocabulary {
  private readonly wordIds = new Map<string, number>();
  private readonly pairIds = new Map<number, Map<number, number>>();
  size = 0;

  /** Term id → count in the text (title words weigh TITLE_WEIGHT). With `learn`, new terms get ids. */
  count(title: string, abstract: string, learn: boolean): Map<number, number> {
    const counts = new Map<number, number>();
    const add = (id: number, weight: number) => counts.set(id, (counts.get(id) ?? 0) + weight);
    for (const [text, weight] of [
      [title, TITLE_WEIGHT],
      [abstract, 1],
    ] as const) {
      let previous = -1;
      // Two abstracts that end "Code is available at https://github.com/…" were alike on "github",
      // "com" and "https github".
      for (const word of words(withoutLinks(text))) {
        const id = this.wordId(word, learn);
        if (id === -1) continue;
        if (id === -2) {
          previous = -1; // unknown word: neither counted nor paired
          continue;
        }
        add(id, weight);
        if (previous >= 0) {
          const pair = this.pairId(previous, id, learn);
          if (pair >= 0) add(pair, weight * PAIR_WEIGHT);
        }
        previous = id;
      }
    }
    return counts;
  }

  /** -1: a stop word or noise; -2: a word this vocabulary does not know (when not learning). */
  private wordId(word: string, learn: boolean): number {
    let id = this.wordIds.get(word);
    if (id !== undefined) return id;
    const token = normaliseWord(word);
    if (token === null) id = -1;
    else {
      // Raw forms that fold to the same token share its id ("models" → "model").
      const known = this.wordIds.get(`\u0000${token}`);
      if (known !== undefined) id = known;
      else if (!learn) return -2;
      else this.wordIds.set(`\u0000${token}`, (id = this.size++));
    }
    if (learn || id === -1) this.wordIds.set(word, id);
    return id;
  }

  /**
   * Each term of `text` (words and neighbouring pairs) that is in `wanted`, with the words as the
   * text writes them ("Sparse Attention", "self-supervised" with its hyphen), first occurrence only.
   * A pair that would cut a hyphenated word in two is not quoted there: "Unified Self-supervised
   * Learners" was quoted "unified self" and "supervised learners", halves of no subject.
   */
  quote(text: string, wanted: Set<number>): Map<number, string> {
    const found = new Map<number, string>();
    // The same words as writtenWords, with what separates each from the next.
    const written = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({ raw: match[0], start: match.index, end: match.index + match[0].length }));
    const hyphenAfter = (i: number) => i + 1 < written.length && text.slice(written[i]!.end, written[i + 1]!.start) === '-';
    const compound = (index: number) => {
      let [first, last] = [index, index];
      while (first > 0 && hyphenAfter(first - 1)) first--;
      while (hyphenAfter(last)) last++;
      const whole = text.slice(written[first]!.start, written[last]!.end);
      if (first === last) return whole;
      // The compound only when all of it is shared: "region-adaptive" for a shared "adaptive" named
      // a word the other paper never writes. A part that is only a prefix ("Auto", "self") is still
      // quoted with its word, or it says nothing.
      const parts = written.slice(first, last + 1).map(({ raw }) => this.wordId(raw.toLowerCase(), false));
      return parts.every((id) => wanted.has(id)) || PREFIX_PARTS.has(written[index]!.raw.toLowerCase()) ? whole : written[index]!.raw;
    };
    let previous: { id: number; raw: string; index: number } | null = null;
    written.forEach(({ raw }, index) => {
      const id = this.wordId(raw.toLowerCase(), false);
      if (id < 0) {
        previous = null;
        return;
      }
      // A word that is part of a hyphenated one is quoted whole: "Auto-Encoder", not "Auto".
      if (wanted.has(id) && !found.has(id)) found.set(id, compound(index));
      const pair = previous ? this.pairId(previous.id, id, false) : -1;
      if (previous && pair >= 0 && wanted.has(pair) && !found.has(pair)) {
        const cuts = (previous.index > 0 && hyphenAfter(previous.index - 1)) || hyphenAfter(index);
        // Nor is a pair quoted across punctuation: "graph neural networks (GNNs)" made papers "both
        // on networks GNNs", words the paper never writes together.
        const between = text.slice(written[previous.index]!.end, written[index]!.start);
        if (!cuts && /^(?:\s+|-)$/.test(between)) found.set(pair, `${previous.raw}${hyphenAfter(previous.index) ? '-' : ' '}${raw}`);
      }
      previous = { id, raw, index };
    });
    return found;
  }

  private pairId(a: number, b: number, learn: boolean): number {
    // Nested maps with small-integer keys: a combined key would leave V8's fast integer range.
    let after = this.pairIds.get(a);
    if (!after) {
      if (!learn) return -1;
      this.pairIds.set(a, (after = new Map()));
    }
    let id = after.get(b);
    if (id === undefined) {
      if (!learn) return -1;
      after.set(b, (id = this.size++));
    }
    return id;
  }
}

/** Collects documents page by page (their text can then be dropped), then builds the index. */
export class TextIndexBuilder {
  private readonly vocabulary = new Vocabulary();
  private readonly ids: number[] = [];
  private readonly docs: Array<{ terms: Int32Array; counts: Float32Array }> = [];

  add(documents: TextDocument[]): void {
    for (const doc of documents) {
      this.ids.push(doc.id);
      this.docs.push(packed(this.vocabulary.count(doc.title, doc.abstract, true)));
    }
  }

  build(): TextIndex {
    return new TextIndex(this.vocabulary, this.ids, this.docs);
  }
}

const EMPTY_DOC = { terms: new Int32Array(0), counts: new Float32Array(0) };

/**
 * A profile's similarity to the indexed papers, read in place from the index's buffer: valid until
 * the next call of the method that made it, and then cleared. A reader is scored synchronously,
 * so two readers never hold one at once.
 */
export interface Similarities {
  of(paperId: number): number;
  forEach(fn: (paperId: number, similarity: number) => void): void;
}

/**
 * Similarities that also tell, for each paper, how many of the profile's terms it shares and the
 * largest one's part of the similarity (the dot over those terms): enough to see a closeness that
 * rests on one word without walking the paper's vector again.
 */
export interface Closeness extends Similarities {
  forEach(fn: (paperId: number, similarity: number, shared: number, largest: number) => void): void;
}

export class TextIndex {
  private readonly idf: Float32Array;
  private readonly rowOf = new Map<number, number>();
  private readonly docIds: Int32Array;
  // Forward vectors (CSR): row r holds terms[offsets[r] .. offsets[r+1]).
  private readonly offsets: Int32Array;
  private readonly terms: Int32Array;
  private readonly weights: Float32Array;
  // Inverted index (CSR by term): the rows containing each term, with the row's weight for it.
  private readonly postingOffsets: Int32Array;
  private readonly postingRows: Int32Array;
  private readonly postingWeights: Float32Array;
  // Dense accumulators, one per kind of walk, reused and read whole: a reader's profile touches
  // most of a large window (in bench:match, 30,000 of 30,000 papers), where a list of the rows
  // touched cost more than it saved.
  private similarityBuffer: Float64Array | undefined;
  /** Per row: similarity, shared terms, largest product (side by side: one cache line a posting). */
  private closenessBuffer: Float64Array | undefined;

  constructor(
    private readonly vocabulary: Vocabulary,
    ids: number[],
    docs: Array<{ terms: Int32Array; counts: Float32Array }>,
  ) {
    const df = new Int32Array(vocabulary.size);
    for (const doc of docs) for (const term of doc.terms) df[term] = df[term]! + 1;
    const n = Math.max(1, docs.length);
    this.idf = Float32Array.from(df, (count) => Math.log((n + 1) / (count + 1)) + 1);
    this.docIds = Int32Array.from(ids);
    ids.forEach((id, row) => this.rowOf.set(id, row));
    // weigh() keeps exactly min(terms, DOC_TERMS) terms, so the rows' places are known up front and
    // each paper's counts can be dropped as soon as its vector is written.
    this.offsets = new Int32Array(docs.length + 1);
    docs.forEach((doc, row) => (this.offsets[row + 1] = this.offsets[row]! + Math.min(doc.terms.length, DOC_TERMS)));
    const total = this.offsets[docs.length]!;
    this.terms = new Int32Array(total);
    this.weights = new Float32Array(total);
    const kept = new Int32Array(vocabulary.size);
    for (let row = 0; row < docs.length; row++) {
      const vector = this.weigh(docs[row]!.terms, docs[row]!.counts, DOC_TERMS);
      this.terms.set(vector.terms, this.offsets[row]!);
      this.weights.set(vector.weights, this.offsets[row]!);
      for (const term of vector.terms) kept[term] = kept[term]! + 1;
      docs[row] = EMPTY_DOC;
    }
    this.postingOffsets = new Int32Array(vocabulary.size + 1);
    for (let t = 0; t < vocabulary.size; t++) this.postingOffsets[t + 1] = this.postingOffsets[t]! + kept[t]!;
    this.postingRows = new Int32Array(total);
    this.postingWeights = new Float32Array(total);
    const fill = this.postingOffsets.slice(0, -1);
    for (let row = 0; row < docs.length; row++) {
      for (let i = this.offsets[row]!; i < this.offsets[row + 1]!; i++) {
        const term = this.terms[i]!;
        const at = fill[term]!;
        fill[term] = at + 1;
        this.postingRows[at] = row;
        this.postingWeights[at] = this.weights[i]!;
      }
    }
  }

  get size(): number {
    return this.docIds.length;
  }

  has(paperId: number): boolean {
    return this.rowOf.has(paperId);
  }

  /** The stored vector of an indexed paper. */
  vectorOf(paperId: number): SparseVector | null {
    const row = this.rowOf.get(paperId);
    if (row === undefined) return null;
    return { terms: this.terms.subarray(this.offsets[row], this.offsets[row + 1]), weights: this.weights.subarray(this.offsets[row], this.offsets[row + 1]) };
  }

  /** The terms of `wanted` that `text` contains, as the text writes them (see Vocabulary.quote). */
  quote(text: string, wanted: Set<number>): Map<number, string> {
    return this.vocabulary.quote(text, wanted);
  }

  /**
   * How many terms (words and pairs of words) two vectors share that are telling: in at most
   * `commonShare` of the indexed papers, as topics count them (weights.ts COMMON_TERM_SHARE).
   */
  tellingShared(a: SparseVector, b: SparseVector, commonShare: number): number {
    let telling = 0;
    eachShared(a, b, (term) => {
      if (this.isTelling(term, commonShare)) telling++;
    });
    return telling;
  }

  /** Whether a term is in at most `commonShare` of the indexed papers: a word that tells a subject, not a habit of the field. */
  isTelling(term: number, commonShare: number): boolean {
    return this.postingOffsets[term + 1]! - this.postingOffsets[term]! <= commonShare * this.docIds.length;
  }

  /** Any text, with this index's statistics; words the index has never seen cannot match and are left out. */
  vectorize(title: string, abstract: string): SparseVector {
    const { terms, counts } = packed(this.vocabulary.count(title, abstract, false));
    return this.weigh(terms, counts, Infinity);
  }

  /** Cosine similarity of `profile` to every indexed paper sharing one of its `maxTerms` strongest terms. */
  similarities(profile: SparseVector, maxTerms: number): Similarities {
    const n = this.docIds.length;
    const scores = (this.similarityBuffer ??= new Float64Array(n)).fill(0);
    const { postingOffsets, postingRows, postingWeights } = this;
    for (const i of strongestTerms(profile, maxTerms)) {
      const weight = profile.weights[i]!;
      for (let p = postingOffsets[profile.terms[i]!]!, end = postingOffsets[profile.terms[i]! + 1]!; p < end; p++) {
        const row = postingRows[p]!;
        scores[row] = scores[row]! + weight * postingWeights[p]!;
      }
    }
    return {
      of: (paperId) => {
        const row = this.rowOf.get(paperId);
        return row === undefined ? 0 : scores[row]!;
      },
      // Every weight is positive, so a paper shares a term with the profile exactly when its score is.
      forEach: (fn) => {
        for (let row = 0; row < n; row++) if (scores[row]! > 0) fn(this.docIds[row]!, scores[row]!);
      },
    };
  }

  /** `similarities`, with what each paper shares with the profile (Closeness): for the profile of what a reader wants. */
  closeness(profile: SparseVector, maxTerms: number): Closeness {
    const n = this.docIds.length;
    const stats = (this.closenessBuffer ??= new Float64Array(3 * n)).fill(0);
    const { postingOffsets, postingRows, postingWeights } = this;
    for (const i of strongestTerms(profile, maxTerms)) {
      const weight = profile.weights[i]!;
      for (let p = postingOffsets[profile.terms[i]!]!, end = postingOffsets[profile.terms[i]! + 1]!; p < end; p++) {
        const at = 3 * postingRows[p]!;
        const product = weight * postingWeights[p]!;
        stats[at] = stats[at]! + product;
        stats[at + 1] = stats[at + 1]! + 1;
        if (product > stats[at + 2]!) stats[at + 2] = product;
      }
    }
    return {
      of: (paperId) => {
        const row = this.rowOf.get(paperId);
        return row === undefined ? 0 : stats[3 * row]!;
      },
      forEach: (fn) => {
        for (let row = 0, at = 0; row < n; row++, at += 3) if (stats[at + 1]! > 0) fn(this.docIds[row]!, stats[at]!, stats[at + 1]!, stats[at + 2]!);
      },
    };
  }

  /** Sublinear tf × idf, L2-normalised over all terms, then cut to the `keep` strongest. */
  private weigh(terms: Int32Array, counts: Float32Array, keep: number): SparseVector {
    // Plain loops: this runs once per paper of the run, and typed-array helpers with callbacks are slow.
    const n = terms.length;
    const weights = new Float32Array(n);
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const weight = (1 + Math.log(counts[i]!)) * this.idf[terms[i]!]!;
      weights[i] = weight;
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    const threshold = n > keep ? weights.slice().sort()[n - keep]! : -Infinity;
    const kept: number[] = [];
    for (let i = 0; i < n && kept.length < keep; i++) if (weights[i]! >= threshold) kept.push(i);
    kept.sort((a, b) => terms[a]! - terms[b]!);
    const vector = { terms: new Int32Array(kept.length), weights: new Float32Array(kept.length) };
    kept.forEach((i, k) => {
      vector.terms[k] = terms[i]!;
      vector.weights[k] = weights[i]! / norm;
    });
    return vector;
  }
}

function packed(counts: Map<number, number>): { terms: Int32Array; counts: Float32Array } {
  const result = { terms: new Int32Array(counts.size), counts: new Float32Array(counts.size) };
  let i = 0;
  for (const [term, count] of counts) {
    result.terms[i] = term;
    result.counts[i++] = count;
  }
  return result;
}

export function normalise(weights: Float32Array): Float32Array {
  let norm = 0;
  for (const w of weights) norm += w * w;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! / norm;
  return weights;
}

/** Walks the terms two vectors share (both ascending), with the product of their weights. */
function eachShared(a: SparseVector, b: SparseVector, visit: (term: number, product: number) => void): void {
  for (let i = 0, j = 0; i < a.terms.length && j < b.terms.length; ) {
    const ta = a.terms[i]!;
    const tb = b.terms[j]!;
    if (ta === tb) visit(ta, a.weights[i++]! * b.weights[j++]!);
    else if (ta < tb) i++;
    else j++;
  }
}

export function dot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  eachShared(a, b, (_, product) => (sum += product));
  return sum;
}

/** The terms two vectors share, by what each adds to their cosine (their dot), largest first. */
export function sharedTerms(a: SparseVector, b: SparseVector): Array<{ term: number; share: number }> {
  const shared: Array<{ term: number; share: number }> = [];
  eachShared(a, b, (term, share) => shared.push({ term, share }));
  return shared.sort((x, y) => y.share - x.share || x.term - y.term);
}

/** Positions of the vector's `maxTerms` strongest terms, strongest first (equal weights by position). */
function strongestTerms(vector: SparseVector, maxTerms: number): number[] {
  const { weights } = vector;
  // The cut by a native numeric sort of the weights, then a comparator sort of the few kept: a
  // reader's profile has a thousand terms or more, and sorting every position with a comparator
  // cost a tenth of what scoring their candidates did.
  const threshold = weights.length > maxTerms ? weights.slice().sort()[weights.length - maxTerms]! : -Infinity;
  const kept: number[] = [];
  for (let i = 0; i < weights.length; i++) if (weights[i]! > threshold) kept.push(i);
  for (let i = 0; i < weights.length && kept.length < maxTerms; i++) if (weights[i] === threshold) kept.push(i);
  return kept.sort((a, b) => weights[b]! - weights[a]! || a - b);
}

/** The vector's `maxTerms` strongest terms, weights as they are: what `similarities` scores with. */
export function truncate(vector: SparseVector, maxTerms: number): SparseVector {
  const kept = strongestTerms(vector, maxTerms).sort((a, b) => a - b);
  return { terms: Int32Array.from(kept, (i) => vector.terms[i]!), weights: Float32Array.from(kept, (i) => vector.weights[i]!) };
}

/**
 * Σ factor × vector as a unit vector (a Rocchio centroid); null when nothing is left. With
 * `consensus` > 0, a term's weight is multiplied by (share of the vectors that have it)^consensus,
 * so words several examples share count more than one example's own.
 */
export function centroid(vectors: SparseVector[], factors?: number[], consensus = 0): SparseVector | null {
  const sum = new Map<number, number>();
  const shared = new Map<number, number>();
  vectors.forEach((vector, v) => {
    const factor = factors?.[v] ?? 1;
    vector.terms.forEach((term, i) => {
      sum.set(term, (sum.get(term) ?? 0) + factor * vector.weights[i]!);
      shared.set(term, (shared.get(term) ?? 0) + 1);
    });
  });
  if (sum.size === 0) return null;
  const terms = Int32Array.from([...sum.keys()].sort((a, b) => a - b));
  const agreement = (term: number) => (consensus > 0 ? (shared.get(term)! / vectors.length) ** consensus : 1);
  return { terms, weights: normalise(Float32Array.from(terms, (term) => sum.get(term)! * agreement(term))) };
}
