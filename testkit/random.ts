// Randomness the tests and benchmarks can replay: tests mock only time and randomness, and a
// failing random test, a synthetic world or a bootstrap interval must come out the same again.

/** A small deterministic generator (mulberry32): the same sequence in [0, 1) for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
