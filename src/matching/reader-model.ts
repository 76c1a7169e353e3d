// The per-reader model: what a reader marked "more / less like this" and the papers they said they
// like, turned into a ranking over the papers' text. Two Rocchio profiles over tf-idf vectors of
// title and abstract (text-vectors.ts): the centroid of the papers they want more of and of those
// they want less of, words shared by several examples weighted up. Cosines between papers are
// small and their scale depends on the examples: the "more" one is taken relative to the reader's
// closest candidate, the "less" one relative to how close the papers marked "less" are to their own
// profile (so the paper closest to one "less" mark is not fully penalised however unlike it it is):
//
//   feedback   = cos(paper, more) / best cos(·, more) − LESS_WEIGHT × min(1, cos(paper, less) / cohesion(less))
//   relevance' = max(topic relevance + LIFT × feedback, LESS_KEEPS × topic relevance)
//   score      = relevance' × (1 + freshness and trending boosts, as for topics)
//
// so papers like those marked are lifted, papers like those marked less pushed down (a paper of the
// reader's topics keeps a quarter of its relevance: "less" reorders, it never empties a digest), and a paper
// off the reader's topics enters only when it is close to what they want more of (at least
// MIN_SIMILARITY of the best cosine). A reader with liked papers and no topic is ranked by the
// profile alone. The numbers are fitted on the tuning set by `npm run bench:feedback`
// (docs/matching.md).
import { normaliseTitle } from '../corpus/title.js';
import type { PrismaClient } from '../db/index.js';
import { LIKED_BY_READER, MARKED_BY_READER, type MatchReason } from './reasons.js';
import { scoreOf, type PaperFactors, type PoolEntry } from './pool.js';
import { isGenericWording } from './generic-words.js';
import { centroid, dot, normaliseWord, sharedTerms, TextIndexBuilder, truncate, withoutLinks, type Closeness, type Similarities, type SparseVector, type TextDocument, type TextIndex } from './text-vectors.js';
import { COMMON_TERM_SHARE } from './weights.js';

export const FEEDBACK = {
  /** What the closest candidate to the reader's "more" profile gains in relevance (which lies in [0, 1)). */
  lift: 1.0,
  /** How much a cosine to the "less" profile takes away, relative to the "more" one. */
  lessWeight: 1.5,
  /** What a paper of the reader's topics keeps of its topic relevance, however like the papers marked "less" it is. */
  lessKeeps: 0.25,
  /** A paper off the reader's topics needs at least this share of the best candidate's cosine to what they want more of. */
  minSimilarity: 0.5,
  /** …or this share to fill the places left once the reader's topic candidates and those are used up. */
  fillSimilarity: 0.3,
  /**
   * A paper off the reader's topics needs at least this cosine to what they want more of, whatever
   * the window's best: the shares above are of the closest candidate, and in a window with nothing
   * close (one "more" on an RL paper, no RL paper left) they let in implicit video representations
   * and certified robustness at cosines of 0.04–0.065, "both on upper bound, baselines". Chosen on
   * the examined sets (bench:feedback --grid-on examined): 0.08 costs at most 0.01 of any nDCG there;
   * 0.12 took a sixth of the liked-papers nDCG.
   */
  minCosine: 0.08,
  /** A paper off the reader's topics enters their candidates only at this relevance (what its topics gave it below their cut-off plus what feedback added). */
  minRelevance: 0.09,
  /** A paper is said to be "like X" when its cosine to X is at least this… */
  reasonSimilarity: 0.1,
  /** …and no one shared word makes more than this share of that cosine. */
  reasonOneWord: 0.5,
  /** A paper off the reader's topics enters on its closeness only with two shared terms or more, none making more than this share of it. */
  entryOneWord: 0.8,
  /** The profile's strongest terms that are looked up in the index (bounds a reader's cost). */
  profileTerms: 64,
  /** Words shared by several examples count more: weight × (share of examples with the word)^consensus. */
  consensus: 1,
  /** The most recent examples of each kind that shape the profile. */
  maxExamples: 100,
} as const;

/** Shared words named in a "like X" reason. */
const REASON_SHARED_WORDS = 3;
/** A term in more than this share of the papers is the field's everyday vocabulary, never named as what two papers share. */
const EVERYDAY_TERM_SHARE = 0.25;

export interface FeedbackExample {
  /** Set when the paper is in the corpus. */
  paperId: number | null;
  title: string;
  /** Empty when the paper is among the run's candidates: its indexed text is used. */
  abstract: string;
  verdict: 'more' | 'less';
  /** Marked from a digest, or given as a paper the reader likes. */
  source: 'marked' | 'liked';
}

export interface ReaderFeedback {
  /** Papers the reader rated, or named as liked: never sent to them. */
  excluded: Set<number>;
  /** Most recent first. */
  examples: FeedbackExample[];
}

export interface FeedbackEntry extends PoolEntry {
  /** cos(paper, more) − LESS_WEIGHT × cos(paper, less); 0 without feedback. */
  feedback: number;
}

/**
 * Every subscriber's feedback, in two queries. A rated paper's abstract is read only when the paper
 * is older than the run's window (`since`); newer ones are in the run's text index.
 */
export async function loadReaderFeedback(prisma: PrismaClient, subscriberIds: number[], since: Date): Promise<Map<number, ReaderFeedback>> {
  const [ratings, liked] = await Promise.all([
    prisma.$queryRaw<Array<{ subscriberId: number; paperId: number; verdict: 'more' | 'less'; title: string; abstract: string }>>`
      SELECT r."subscriberId", r."paperId", r.verdict::text AS verdict, p.title,
             CASE WHEN p."firstSeenAt" >= ${since} THEN '' ELSE p.abstract END AS abstract
      FROM "Rating" r JOIN "Paper" p ON p.id = r."paperId"
      WHERE r."subscriberId" = ANY(${subscriberIds}::int[]) AND r."undoneAt" IS NULL
      ORDER BY r."createdAt" DESC, r.id DESC`,
    prisma.likedPaper.findMany({
      where: { subscriberId: { in: subscriberIds } },
      select: { subscriberId: true, paperId: true, arxivId: true, title: true, abstract: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    }),
  ]);
  const lateArrivals = await likedPapersNowInCorpus(prisma, liked);
  const result = new Map<number, ReaderFeedback>();
  const of = (id: number) => {
    let feedback = result.get(id);
    if (!feedback) result.set(id, (feedback = { excluded: new Set(), examples: [] }));
    return feedback;
  };
  for (const row of ratings) {
    const feedback = of(row.subscriberId);
    feedback.excluded.add(row.paperId);
    feedback.examples.push({ paperId: row.paperId, title: row.title, abstract: row.abstract, verdict: row.verdict, source: 'marked' });
  }
  for (const row of liked) {
    const feedback = of(row.subscriberId);
    const inCorpus = row.paperId ?? lateArrivals.byArxivId.get(row.arxivId ?? '') ?? lateArrivals.byTitle.get(normaliseTitle(row.title));
    if (inCorpus !== undefined) feedback.excluded.add(inCorpus);
    feedback.examples.push({ paperId: row.paperId, title: row.title, abstract: row.abstract, verdict: 'more', source: 'liked' });
  }
  return result;
}

/**
 * Liked papers that were outside the corpus when named (no paperId) may be in it now: a favourite
 * named by its arXiv id a day before a feed lists it, or by a title a page now carries. Found by
 * arXiv id or by title key, so that they are excluded like any liked paper of the corpus (sent
 * back to the reader, "like X" of X itself, they would also take the best cosine and push every
 * other paper below the reader's thresholds).
 */
async function likedPapersNowInCorpus(
  prisma: PrismaClient,
  liked: Array<{ paperId: number | null; arxivId: string | null; title: string }>,
): Promise<{ byArxivId: Map<string, number>; byTitle: Map<string, number> }> {
  const outside = liked.filter((row) => row.paperId === null);
  const arxivIds = [...new Set(outside.flatMap((row) => row.arxivId ?? []))];
  const titleKeys = [...new Set(outside.map((row) => normaliseTitle(row.title)).filter(Boolean))];
  const found =
    outside.length === 0
      ? []
      : await prisma.paper.findMany({
          where: { OR: [{ arxivId: { in: arxivIds } }, { titleKey: { in: titleKeys } }] },
          select: { id: true, arxivId: true, titleKey: true },
        });
  return {
    byArxivId: new Map(found.flatMap((paper) => (paper.arxivId ? [[paper.arxivId, paper.id] as const] : []))),
    byTitle: new Map(found.map((paper) => [paper.titleKey, paper.id] as const)),
  };
}

const TEXT_PAGE = 2000;

/**
 * The run's text index over every candidate (papers first seen since `since`), read a page at a
 * time so that only one page of abstracts is in memory at once.
 */
export async function buildCandidateIndex(prisma: PrismaClient, since: Date): Promise<TextIndex> {
  const builder = new TextIndexBuilder();
  for (let cursor = 0; ; ) {
    const page: TextDocument[] = await prisma.paper.findMany({
      where: { firstSeenAt: { gte: since }, id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take: TEXT_PAGE,
      select: { id: true, title: true, abstract: true },
    });
    builder.add(page);
    if (page.length < TEXT_PAGE) return builder.build();
    cursor = page.at(-1)!.id;
  }
}

export interface RerankOptions {
  factors: Map<number, PaperFactors>;
  /** Also score the second tier (papers only fairly close to what the reader wants). */
  withFill?: boolean;
  /** Topic relevance of a paper that its topics' cut-off left out (0: none). */
  belowCut?: (paperId: number) => number;
}

interface Profile {
  more: SparseVector | null;
  /** `more`'s strongest terms, as the index scores candidates with them. */
  moreTerms: SparseVector | null;
  less: SparseVector | null;
  /** How close the papers marked "less" are to their own profile, on average (1 without any). */
  lessCohesion: number;
  positives: Array<{ example: FeedbackExample; vector: SparseVector }>;
}

export class ReaderModel {
  constructor(private readonly index: TextIndex) {}

  /**
   * The reader's candidates re-scored with their feedback: their topic candidates (`entries`, may
   * be empty) plus the run's papers close to what they want more of, best first; then, best first, the
   * papers only fairly close to it, to fill what places are left: only `withFill`, asked for when the
   * first tier did not fill the digest (most readers never pay for scoring the second). A paper
   * that entered on its closeness keeps what relevance its topics gave it below their cut-off
   * (`belowCut`, 0 when none).
   */
  rerank(entries: PoolEntry[], feedback: ReaderFeedback, options: RerankOptions): FeedbackEntry[] {
    const { factors, withFill = false, belowCut = () => 0 } = options;
    const profile = this.profile(feedback);
    const more = profile.more ? this.index.closeness(profile.more, FEEDBACK.profileTerms) : NONE;
    const less = profile.less ? this.index.similarities(profile.less, FEEDBACK.profileTerms) : NONE;
    // Cosines between different papers are small and their scale depends on the reader's examples:
    // "more" is taken relative to its best candidate (1 = the closest), "less" relative to the
    // profile's cohesion (the marked papers' own closeness to it).
    const moreTop = topOf(more, feedback.excluded, factors);
    const byId = new Map(entries.map((entry) => [entry.paperId, entry]));
    // Two tiers: the reader's topic candidates and the papers close to what they want more of, then
    // papers only fairly close to it, which fill the places the first tier leaves (selectDigest
    // walks the list in order): a digest of a reader whose topics ran dry, or who named only liked
    // papers, is completed with what is most like their examples rather than left short.
    const first = new Set(byId.keys());
    const fill = new Set<number>();
    more.forEach((id, similarity, shared, largest) => {
      // The cosine first: most of a large window is far from the profile, and a number is cheaper to ask than a map.
      const tier = similarity >= FEEDBACK.minSimilarity * moreTop ? first : withFill && similarity >= FEEDBACK.fillSimilarity * moreTop ? fill : null;
      if (!tier || similarity < FEEDBACK.minCosine || !factors.has(id) || first.has(id) || restsOnOneWord(shared, largest, similarity)) return;
      if (tier === first || this.sharesTwoTellingTerms(id, profile.moreTerms)) tier.add(id);
    });
    const scored = (ids: Set<number>) => {
      const result: FeedbackEntry[] = [];
      for (const paperId of ids) {
        if (feedback.excluded.has(paperId)) continue;
        const score = more.of(paperId) / moreTop - FEEDBACK.lessWeight * Math.min(1, less.of(paperId) / profile.lessCohesion);
        const entry = byId.get(paperId);
        const topical = entry?.relevance ?? belowCut(paperId);
        // "Less like this" ranks a paper of the reader's topics lower; it never takes it out of
        // the digest on its own (a reader who marked a whole digest "less" still gets their topic).
        const relevance = Math.max(topical + FEEDBACK.lift * score, (entry ? FEEDBACK.lessKeeps : 0) * topical);
        if (!entry && relevance < FEEDBACK.minRelevance) continue;
        const paper = factors.get(paperId) ?? { freshness: 0, trending: 0 };
        result.push({ paperId, relevance, feedback: score, score: scoreOf(relevance, paper), freshness: paper.freshness, trending: paper.trending, topic: entry?.topic ?? -1 });
      }
      return result.sort((a, b) => b.score - a.score || a.paperId - b.paperId);
    };
    return [...scored(first), ...scored(fill)];
  }

  /**
   * Whether a paper shares two telling terms (words or pairs in at most COMMON_TERM_SHARE of the
   * run's papers) with what the reader wants more of: asked of a paper that would only fill the
   * places left, where nothing else vouches for it. A favourite named by its title alone gives a
   * profile of a handful of words, and "Playing Atari with Deep Reinforcement Learning" filled a
   * digest with papers sharing only "deep", "learning" and "played" (bench:feedback's third reader).
   */
  private sharesTwoTellingTerms(paperId: number, profile: SparseVector | null): boolean {
    const vector = this.index.vectorOf(paperId);
    return vector !== null && profile !== null && this.index.tellingShared(vector, profile, COMMON_TERM_SHARE) >= 2;
  }

  /**
   * "like *X*, which you marked (both on …)": the wanted paper this one is closest to, with the words
   * they share that make most of that closeness, as this paper writes them, so the reader can see
   * what "like" rests on. Without `always`, only when close enough and not resting on one word:
   * "Dense" shared with a dense-retrieval paper makes a vision paper no more like it. With `always`
   * (a paper that entered on the model alone, which must still say why it is there), the closest one
   * however far, with its shared words.
   */
  reason(paperId: number, feedback: ReaderFeedback, text: { title: string; abstract: string }, always = false): MatchReason | null {
    const vector = this.index.vectorOf(paperId);
    if (!vector) return null;
    let best: { example: FeedbackExample; vector: SparseVector; similarity: number } | null = null;
    for (const { example, vector: other } of this.profile(feedback).positives) {
      const similarity = dot(vector, other);
      if (similarity > 0 && (always || similarity >= FEEDBACK.reasonSimilarity) && (!best || similarity > best.similarity)) best = { example, vector: other, similarity };
    }
    if (!best) return null;
    const shared = sharedTerms(vector, best.vector);
    if (!always && shared[0]!.share > FEEDBACK.reasonOneWord * best.similarity) return null;
    return {
      topic: best.example.title,
      words: [best.example.source === 'liked' ? LIKED_BY_READER : MARKED_BY_READER],
      kind: 'like',
      shared: this.sharedWords(shared, text),
    };
  }

  /**
   * Up to REASON_SHARED_WORDS of the shared terms, strongest first, as `text` writes them. A pair of
   * neighbouring words among the strongest terms stands for its words, in the place of the first
   * of them ("Dual Encoders", not "Dual", "Encoders"). The field's everyday words (in over
   * EVERYDAY_TERM_SHARE of the papers: "model", "learning", "data") are not named when anything
   * else is shared (in a small corpus, everything can be): a liked "Denoising Diffusion Probabilistic
   * Models" made papers "both on denoising diffusion, models" and "both on diffusion, modeling", as
   * if "models" were a subject. A subject as common as "diffusion" (12 % of the sample papers) is
   * still named: it is often what the two papers do share.
   */
  private sharedWords(shared: Array<{ term: number; share: number }>, text: { title: string; abstract: string }): string[] {
    const telling = shared.filter((item) => this.index.isTelling(item.term, EVERYDAY_TERM_SHARE));
    const strongest = (telling.length > 0 ? telling : shared).slice(0, 3 * REASON_SHARED_WORDS);
    // As the abstract writes them first: its sentence case keeps names ("Gaussian", "UNet") and
    // common words ("diffusion models") apart, where a Title Case title capitalises every word.
    const wanted = new Set(strongest.map((item) => item.term));
    // Words the paper writes only inside a link are no subject it is on: two abstracts that both end
    // in a GitHub URL were "both on github com, https github".
    const quoted = new Map([...this.index.quote(withoutLinks(text.title), wanted), ...this.index.quote(withoutLinks(text.abstract), wanted)]);
    // Nor is a word every abstract argues with ("shown", "two key"), however rare in a small window.
    const found = strongest.flatMap(({ term }) => quoted.get(term) ?? []).filter((word) => !isGenericWording(word));
    const pairs = found.filter((word) => /[ -]/.test(word));
    const words: string[] = [];
    for (const word of found) {
      // Compared as terms: "molecules" is a word of the pair "Molecule Generation" too.
      const term = normaliseWord(word.toLowerCase());
      const shown = pairs.includes(word) ? word : (pairs.find((pair) => pair.toLowerCase().split(/[ -]/).some((part) => normaliseWord(part) === term)) ?? word);
      // An acronym and its plural, which the vectors keep apart ("llm", "llms"), are one word named once:
      // "both on LLM, LLMs, dual".
      if (!words.some((other) => sameWord(other, shown))) words.push(shown);
    }
    return joinOverlapping(words, [withoutLinks(text.abstract), withoutLinks(text.title)]).slice(0, REASON_SHARED_WORDS);
  }

  private readonly profiles = new WeakMap<ReaderFeedback, Profile>();

  private profile(feedback: ReaderFeedback): Profile {
    let profile = this.profiles.get(feedback);
    if (profile) return profile;
    const vectors = (verdict: 'more' | 'less') =>
      feedback.examples
        .filter((example) => example.verdict === verdict)
        .slice(0, FEEDBACK.maxExamples)
        .map((example) => ({ example, vector: this.vectorOf(example) }));
    const positives = vectors('more');
    const negatives = vectors('less').map((n) => n.vector);
    const less = centroid(negatives, undefined, FEEDBACK.consensus);
    const more = centroid(positives.map((p) => p.vector), undefined, FEEDBACK.consensus);
    profile = {
      positives,
      more,
      moreTerms: more ? truncate(more, FEEDBACK.profileTerms) : null,
      less,
      lessCohesion: less ? cohesion(negatives, less, FEEDBACK.profileTerms) : 1,
    };
    this.profiles.set(feedback, profile);
    return profile;
  }

  private vectorOf(example: FeedbackExample): SparseVector {
    return (example.paperId !== null ? this.index.vectorOf(example.paperId) : null) ?? this.index.vectorize(example.title, example.abstract);
  }
}

/**
 * Whether a paper's closeness to what the reader wants rests on one word: it shares one term with
 * the profile's strongest terms, or one term makes over FEEDBACK.entryOneWord of the closeness.
 * Such a paper does not enter off the reader's topics: a title-only favourite, "Attention Is All
 * You Need", filled a digest with whole-slide imaging and diffusion papers "both on attention", the
 * padding issue 14 rules out for topics ("never on one common word") and that holds for what a
 * reader likes as well.
 */
function restsOnOneWord(shared: number, largest: number, similarity: number): boolean {
  return shared < 2 || largest > FEEDBACK.entryOneWord * similarity;
}

/** The highest similarity among the run's candidates the reader may get (1 when there is none). */
function topOf(similarities: Similarities, excluded: Set<number>, factors: Map<number, PaperFactors>): number {
  let top = 0;
  similarities.forEach((id, similarity) => {
    if (similarity > top && !excluded.has(id) && factors.has(id)) top = similarity;
  });
  return top > 0 ? top : 1;
}

/**
 * The mean similarity of the examples to their profile, over the profile's strongest terms as the
 * index scores it: the "less" penalty is full for a paper as close to the profile as the papers the
 * reader marked are, and in proportion below that. (Relative to the closest candidate instead, the
 * closest paper took the full penalty however unlike the marked ones it was: one "less" on an LLM
 * paper removed a fifth of a reader's LLM papers, and "less" on a whole digest emptied the next.)
 */
function cohesion(vectors: SparseVector[], profile: SparseVector, maxTerms: number): number {
  const strongest = truncate(profile, maxTerms);
  const mean = vectors.reduce((sum, vector) => sum + dot(vector, strongest), 0) / Math.max(1, vectors.length);
  return mean > 0 ? mean : 1;
}

const NONE: Closeness = { of: () => 0, forEach: () => {} };

/** The same word, up to case and a plural s: "LLM" and "LLMs", "GAN" and "gans". */
const sameWord = (a: string, b: string) => a.toLowerCase().replace(/s$/, '') === b.toLowerCase().replace(/s$/, '');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Two pairs of words that overlap where the paper writes all three ("large language" and "language
 * models" in "large language models") are one phrase: a reason read "both on LLM, large language,
 * language models". Joined only as the text writes them, abstract first; words are otherwise kept
 * in their order.
 */
export function joinOverlapping(words: readonly string[], texts: readonly string[]): string[] {
  const out = [...words];
  for (let joined = true; joined; ) {
    joined = false;
    for (let i = 0; i < out.length && !joined; i++) {
      for (let j = 0; j < out.length && !joined; j++) {
        const first = out[i]!.split(' ');
        const second = out[j]!.split(' ');
        if (i === j || first.length < 2 || second.length < 2 || first.at(-1)!.toLowerCase() !== second[0]!.toLowerCase()) continue;
        const phrase = [...first, ...second.slice(1)].map(escapeRegExp).join('\\s+');
        const pattern = new RegExp(`(?<![\\p{L}\\p{N}-])${phrase}(?![\\p{L}\\p{N}-])`, 'iu');
        const found = texts.map((text) => pattern.exec(text)?.[0]).find((match) => match !== undefined);
        if (found === undefined) continue;
        out[i] = found.replace(/\s+/g, ' ');
        out.splice(j, 1);
        joined = true;
      }
    }
  }
  return out;
}
