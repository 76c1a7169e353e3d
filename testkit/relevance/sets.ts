// The one list of relevance sets (issue 14 point 8): which exist, where their fixtures are, and
// which may be looked into while choosing a weight or a rule. bench:relevance, bench:feedback and
// the fixture-integrity test all read it, so a new set or a set that stops being held out is one
// edit here. Kept free of database imports so that the integrity test stays light.
import path from 'node:path';
import { REPO_ROOT } from '../paths.js';

/**
 * - `tuning`: weights were fitted on it.
 * - `examined`: rules and weights were chosen looking at it (a dev set, or a held-out set once a
 *   round has examined it); its figures are not evidence of generalisation.
 * - `held-out`: written before the change it measures and never used for choosing; only measures.
 */
export type SetRole = 'tuning' | 'examined' | 'held-out';

export interface RelevanceSet {
  /** Short name, as the benches' columns print it. */
  name: string;
  dir: string;
  role: SetRole;
  /** Who wrote it and when, and what has happened to it since. */
  history: string;
}

const at = (folder: string) => path.join(REPO_ROOT, 'test/fixtures', folder);

/** In the order they were written: each must not share a topic with any set before it. */
export const RELEVANCE_SETS: readonly RelevanceSet[] = [
  { name: 'tuning', dir: at('relevance'), role: 'tuning', history: 'written with the first ranking' },
  { name: 'dev', dir: at('relevance-dev'), role: 'examined', history: 'a second tuning set, written before the ranking was made to generalise' },
  { name: 'held-out', dir: at('relevance-heldout'), role: 'examined', history: 'written apart from the tuning set; examined since round 22 (2026-12-05)' },
  { name: 'held-out 2', dir: at('relevance-heldout2'), role: 'examined', history: 'written 2026-12-03; examined since round 22' },
  { name: 'held-out 3', dir: at('relevance-heldout3'), role: 'examined', history: 'written 2026-12-03 by a helper who never saw the matcher; examined since round 22' },
  { name: 'held-out 4', dir: at('relevance-heldout4'), role: 'examined', history: 'written 2026-12-05 by a helper who never saw the matcher; examined since round 22' },
  { name: 'held-out 5', dir: at('relevance-heldout5'), role: 'examined', history: 'written 2026-12-05 by a helper who never saw the matcher, committed before round 22; examined since round 23' },
  { name: 'held-out 6', dir: at('relevance-heldout6'), role: 'examined', history: 'written 2026-12-05 by a helper who never saw the matcher, committed before round 22 was refined; examined since round 23' },
  { name: 'held-out 7', dir: at('relevance-heldout7'), role: 'examined', history: 'written 2026-12-05 by a helper who never saw the matcher, committed before round 23, measured once; its topics looked into since' },
  { name: 'held-out 8', dir: at('relevance-heldout8'), role: 'held-out', history: 'written 2026-12-06 by a helper who never saw the matcher, committed after round 23 and before any measurement; measured with the change of round 29, which was not kept (per-topic figures seen, no paper list read); measured twice in round 31 (acronyms read in their other senses as no evidence, kept; a first version, then the rule as documented), means only; measured once in round 32 (a known term inside a reader’s words one idea of a name), means only; measured before and after round 34 (a title weight for descriptions, not kept), means only; measured once more beside held-out 13’s first measurement, no rule changed, means only; measured once after round 35 (one-word catalogue hints that share a stem with everyday words dropped, chosen on tuning and examined sets), means only: unchanged' },
  { name: 'held-out 9', dir: at('relevance-heldout9'), role: 'held-out', history: 'written 2026-12-06 by a helper who never saw the matcher, committed before round 24 (ec4ec48); measured once, with the ranking before and after round 24; measured with the change of round 29, which was not kept (per-topic figures seen, no paper list read); measured twice in round 31 (acronyms read in their other senses as no evidence, kept; a first version, then the rule as documented), means only; measured once in round 32 (a known term inside a reader’s words one idea of a name), means only; measured before and after round 34 (a title weight for descriptions, not kept), means only; measured once more beside held-out 13’s first measurement, no rule changed, means only; measured once after round 35 (one-word catalogue hints that share a stem with everyday words dropped, chosen on tuning and examined sets), means only: unchanged' },
  { name: 'held-out 10', dir: at('relevance-heldout10'), role: 'held-out', history: 'written 2026-12-06 by a helper who never saw the matcher, committed after round 24 (6b5ca87) and before any measurement; measured with the ranking before and after round 25; measured with the change of round 29, which was not kept (per-topic figures seen, no paper list read); measured twice in round 31 (acronyms read in their other senses as no evidence, kept; a first version, then the rule as documented), means only; measured once in round 32 (a known term inside a reader’s words one idea of a name), means only; measured before and after round 34 (a title weight for descriptions, not kept), means only; measured once more beside held-out 13’s first measurement, no rule changed, means only; measured once after round 35 (one-word catalogue hints that share a stem with everyday words dropped, chosen on tuning and examined sets), means only: unchanged' },
  { name: 'held-out 11', dir: at('relevance-heldout11'), role: 'held-out', history: 'written 2026-12-06 by a helper who never saw the matcher, committed after round 25 (38edd82) and before any measurement; measured with the change of round 29, which was not kept (per-topic figures seen, no paper list read); measured twice in round 31 (acronyms read in their other senses as no evidence, kept; a first version, then the rule as documented), means only; measured once in round 32 (a known term inside a reader’s words one idea of a name), means only; measured before and after round 34 (a title weight for descriptions, not kept), means only; measured once more beside held-out 13’s first measurement, no rule changed, means only; measured once after round 35 (one-word catalogue hints that share a stem with everyday words dropped, chosen on tuning and examined sets), means only: unchanged' },
  { name: 'held-out 12', dir: at('relevance-heldout12'), role: 'held-out', history: 'written 2026-12-07 by a helper who never saw the matcher, committed before round 34 and before any measurement; measured before and after round 34 (a title weight for descriptions, not kept), means only (the first two topics’ lines of the table seen by mistake, no paper list read); its about text (subjects and borderline calls, which name papers) read by the developer on 2026-12-07 while looking at the fixtures’ format, no figure seen and no rule chosen since; measured once more beside held-out 13’s first measurement, no rule changed, means only; measured once after round 35 (one-word catalogue hints that share a stem with everyday words dropped, chosen on tuning and examined sets), means only: unchanged' },
  { name: 'held-out 13', dir: at('relevance-heldout13'), role: 'held-out', history: 'written 2026-12-07 by a helper who never saw the matcher, committed before any measurement (no ranking rule changed since round 34); measured once with the ranking as it stood, means only, and once by bench:feedback (pooled figures only); measured once after round 35 (one-word catalogue hints that share a stem with everyday words dropped, chosen on tuning and examined sets), means only: unchanged' },
];

export const setNamed = (name: string): RelevanceSet => {
  const set = RELEVANCE_SETS.find((candidate) => candidate.name === name);
  if (!set) throw new Error(`no relevance set named ${name}`);
  return set;
};

/**
 * Results of several sets pooled by role (tuning, examined, held out), in that order, each with a
 * label naming its sets briefly ("held out (8, 9, 10, 11)"; the first held-out set is 1): the
 * benches print a difference with its interval over each pool. Roles without results are left out.
 */
export function pooledByRole<T>(measured: Array<{ set: Pick<RelevanceSet, 'name' | 'role'>; result: T }>): Array<{ role: SetRole; label: string; results: T[] }> {
  return (['tuning', 'examined', 'held-out'] as const).flatMap((role) => {
    const pool = measured.filter(({ set }) => set.role === role);
    if (pool.length === 0) return [];
    const names = pool.map(({ set }) => (set.name === 'held-out' ? '1' : set.name.replace(/^held-out /, ''))).join(', ');
    return [{ role, label: `${role === 'held-out' ? 'HELD OUT' : role} (${names})`, results: pool.map(({ result }) => result) }];
  });
}

/**
 * Lists of subjects the sample corpus has no paper about (`subjects` of a topics.json): a digest for
 * any of them should be empty, so every paper sent is padding (issue 14 point 4). Same roles.
 */
export const ABSENT_SETS: readonly RelevanceSet[] = [
  { name: 'absent', dir: at('relevance-absent'), role: 'examined', history: 'written 2026-12-06 by the developer while looking for padding; round 24 chose a rule looking at it' },
  { name: 'absent 2', dir: at('relevance-absent-heldout'), role: 'examined', history: 'written 2026-12-06 by a helper who never saw the matcher (e0ed99e), measured once before and after round 24, then looked into' },
  { name: 'absent held-out', dir: at('relevance-absent-heldout2'), role: 'held-out', history: 'written 2026-12-06 by a helper who never saw the matcher (82a567c), before the last rule of round 24; measured once, with the ranking before and after round 24' },
];
