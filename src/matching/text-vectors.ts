// Tf-idf vectors of papers' title and abstract, for the per-reader model (reader-model.ts).
// Built once per matcher run over the run's candidates and kept compact: forward vectors and an
// inverted index as typed arrays (CSR), so 40,000 papers cost a few tens of MB and a reader's
// profile is scored against every candidate by walking only the postings of its strongest terms.
// Text from outside the corpus (a liked paper's abstract) is vectorised with the same statistics.

const STOP_WORDS = new Set(
  ('a an the of for and or in on with to via by from is are was were be been at as we our this that these those it its '
    + 'which into than then also can using use used based show shows propose proposes proposed present paper approach '
    + 'method methods new results result such both while their there they has have not but more most only other over')
    .split(' '),
);

/** Lower-cased words of 3+ characters (or digits-and-letters), stop words out, plurals and -ing/-ed folded. */
export function tokenize(text: string): string[] {
  const words = text.toLowerCase().replace(/[-_/]/g, ' ').split(/[^\p{L}\p{N}]+/u);
  const tokens: string[] = [];
  for (const word of words) {
    if (word.length < 3 || STOP_WORDS.has(word) || /^\d+$/.test(word)) continue;
    tokens.push(stem(word));
  }
  return tokens;
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
/** A pair of neighbouring words, relative to a word. */
export const PAIR_WEIGHT = 0.5;

export interface TextDocument {
  id: number;
  title: string;
  abstract: string;
}

export class TextIndex {
  private readonly termIds = new Map<string, number>();
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
  private scratch: Float64Array | undefined;

  constructor(documents: TextDocument[]) {
    const counted = documents.map((doc) => this.countTerms(doc.title, doc.abstract, true));
    const df = new Int32Array(this.termIds.size);
    let total = 0;
    for (const counts of counted) {
      total += counts.size;
      for (const term of counts.keys()) df[term] = df[term]! + 1;
    }
    const n = Math.max(1, documents.length);
    this.idf = Float32Array.from(df, (count) => Math.log((n + 1) / (count + 1)) + 1);
    this.docIds = Int32Array.from(documents, (doc) => doc.id);
    this.offsets = new Int32Array(documents.length + 1);
    this.terms = new Int32Array(total);
    this.weights = new Float32Array(total);
    counted.forEach((counts, row) => {
      this.rowOf.set(documents[row]!.id, row);
      const vector = this.weigh(counts);
      this.terms.set(vector.terms, this.offsets[row]!);
      this.weights.set(vector.weights, this.offsets[row]!);
      this.offsets[row + 1] = this.offsets[row]! + vector.terms.length;
    });
    this.postingOffsets = new Int32Array(this.termIds.size + 1);
    for (let t = 0; t < df.length; t++) this.postingOffsets[t + 1] = this.postingOffsets[t]! + df[t]!;
    this.postingRows = new Int32Array(total);
    this.postingWeights = new Float32Array(total);
    const fill = this.postingOffsets.slice(0, -1);
    for (let row = 0; row < documents.length; row++) {
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

  /** Any text, with this index's statistics; words the index has never seen cannot match and are left out. */
  vectorize(title: string, abstract: string): SparseVector {
    return this.weigh(this.countTerms(title, abstract, false));
  }

  /**
   * Cosine similarity of `profile` to every indexed paper sharing one of its `maxTerms` strongest
   * terms. Returns paper id → similarity (only papers above zero).
   */
  similarities(profile: SparseVector, maxTerms: number): Map<number, number> {
    const order = [...profile.weights.keys()].sort((a, b) => profile.weights[b]! - profile.weights[a]!).slice(0, maxTerms);
    // One dense accumulator per index, reused: scoring is synchronous, so readers never share it at once.
    const scores = (this.scratch ??= new Float64Array(this.docIds.length));
    const touched: number[] = [];
    for (const i of order) {
      const term = profile.terms[i]!;
      const weight = profile.weights[i]!;
      for (let p = this.postingOffsets[term]!; p < this.postingOffsets[term + 1]!; p++) {
        const row = this.postingRows[p]!;
        if (scores[row] === 0) touched.push(row);
        scores[row] = scores[row]! + weight * this.postingWeights[p]!;
      }
    }
    const result = new Map<number, number>();
    for (const row of touched) {
      result.set(this.docIds[row]!, scores[row]!);
      scores[row] = 0;
    }
    return result;
  }

  private countTerms(title: string, abstract: string, learn: boolean): Map<number, number> {
    const counts = new Map<number, number>();
    const count = (term: string, weight: number) => {
      let id = this.termIds.get(term);
      if (id === undefined) {
        if (!learn) return;
        this.termIds.set(term, (id = this.termIds.size));
      }
      counts.set(id, (counts.get(id) ?? 0) + weight);
    };
    // Words and pairs of neighbouring words: "mixture experts", "gaussian splatting" say far more
    // about a paper than "expert" or "gaussian" alone.
    const add = (text: string, weight: number) => {
      const tokens = tokenize(text);
      tokens.forEach((token, i) => {
        count(token, weight);
        if (i > 0 && PAIR_WEIGHT > 0) count(`${tokens[i - 1]} ${token}`, weight * PAIR_WEIGHT);
      });
    };
    add(title, TITLE_WEIGHT);
    add(abstract, 1);
    return counts;
  }

  /** Sublinear tf × idf, L2-normalised. */
  private weigh(counts: Map<number, number>): SparseVector {
    const terms = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    const weights = Float32Array.from(terms, (term) => (1 + Math.log(counts.get(term)!)) * this.idf[term]!);
    return { terms, weights: normalise(weights) };
  }
}

export function normalise(weights: Float32Array): Float32Array {
  let norm = 0;
  for (const w of weights) norm += w * w;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! / norm;
  return weights;
}

export function dot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  for (let i = 0, j = 0; i < a.terms.length && j < b.terms.length; ) {
    const ta = a.terms[i]!;
    const tb = b.terms[j]!;
    if (ta === tb) sum += a.weights[i++]! * b.weights[j++]!;
    else if (ta < tb) i++;
    else j++;
  }
  return sum;
}

/** Σ weight × vector, as a unit vector (a Rocchio centroid); null when nothing is left. */
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
  // consensus > 0 favours the words several examples share over one example's own.
  const agreement = (term: number) => (consensus > 0 ? (shared.get(term)! / vectors.length) ** consensus : 1);
  return { terms, weights: normalise(Float32Array.from(terms, (term) => sum.get(term)! * agreement(term))) };
}
