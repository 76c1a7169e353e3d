// Ranking metrics over graded judgments (0 not relevant, 1 partly, 2 on topic).

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
