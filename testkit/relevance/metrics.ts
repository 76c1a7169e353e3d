// Ranking metrics over graded judgments (0 not relevant, 1 partly, 2 on topic).
import { seededRandom } from '../random.js';

/** Share of the first k results judged relevant (grade ≥ 1); missing results count as misses. */
export function precisionAt(k: number, grades: number[]): number {
  return grades.slice(0, k).filter((grade) => grade >= 1).length / k;
}

/** Normalised discounted cumulative gain at k, with gain 2^grade − 1 (1 for partly, 3 for on topic). */
export function ndcgAt(k: number, grades: number[], allGrades: number[]): number {
  const dcg = (list: number[]) => list.slice(0, k).reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...allGrades].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(grades) / ideal;
}

export const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length);

export interface Interval {
  /** The mean of the values. */
  mean: number;
  /** Lower and upper bounds of the 95 % interval of that mean. */
  low: number;
  high: number;
}

/**
 * A 95 % percentile-bootstrap interval for the mean of paired differences (one per topic: the
 * ranking's nDCG@10 minus plain BM25's on the same words). With 15 topics a set's mean moves by
 * several hundredths with one topic, so "0.59 against 0.55" says nothing until the interval
 * excludes 0. Resampled from a seeded generator, so the bench prints the same bounds every run.
 */
export function bootstrapMean(values: number[], resamples = 10_000, seed = 1): Interval {
  if (values.length === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[Math.floor(random() * values.length)]!;
    means[r] = sum / values.length;
  }
  means.sort();
  return { mean: mean(values), low: means[Math.floor(0.025 * resamples)]!, high: means[Math.ceil(0.975 * resamples) - 1]! };
}

/** "+0.02 [−0.02, +0.06]": a difference with its interval, signed, as the benches print it. */
export function intervalText({ mean, low, high }: Interval): string {
  const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`;
  return Number.isNaN(mean) ? '–' : `${signed(mean)} [${signed(low)}, ${signed(high)}]`;
}
