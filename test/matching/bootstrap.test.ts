// The interval bench:relevance and bench:feedback print beside their means, over the sets pooled by
// role (testkit/relevance/metrics.ts, sets.ts): it must cover the mean, shrink as topics are added,
// exclude 0 only for a steady difference, and come out the same on every run.
import { describe, expect, it } from 'vitest';
import { bootstrapMean, intervalText } from '../../testkit/relevance/metrics.js';
import { pooledByRole } from '../../testkit/relevance/sets.js';

describe('bootstrapMean', () => {
  it('brackets the mean, and excludes 0 only when the differences agree', () => {
    const steady = [0.1, 0.12, 0.08, 0.11, 0.09, 0.1, 0.13, 0.07, 0.1, 0.1];
    const noisy = [0.5, -0.4, 0.3, -0.5, 0.2, -0.1, 0.45, -0.35, 0.0, 0.05];
    const a = bootstrapMean(steady);
    expect(a.low).toBeLessThanOrEqual(a.mean);
    expect(a.high).toBeGreaterThanOrEqual(a.mean);
    expect(a.low).toBeGreaterThan(0);
    const b = bootstrapMean(noisy);
    expect(b.low).toBeLessThan(0);
    expect(b.high).toBeGreaterThan(0);
  });

  it('narrows as topics are added, and repeats itself', () => {
    const few = [0.3, -0.2, 0.1, 0.0, 0.2];
    const many = Array.from({ length: 8 }, () => few).flat();
    const width = (values: number[]) => {
      const interval = bootstrapMean(values);
      return interval.high - interval.low;
    };
    expect(width(many)).toBeLessThan(width(few) / 2);
    expect(bootstrapMean(few)).toEqual(bootstrapMean(few));
  });

  it('has no interval without values', () => {
    expect(Number.isNaN(bootstrapMean([]).mean)).toBe(true);
  });
});

describe('intervalText', () => {
  it('signs the difference and its bounds, with a true minus sign', () => {
    expect(intervalText({ mean: 0.021, low: -0.018, high: 0.064 })).toBe('+0.02 [−0.02, +0.06]');
    expect(intervalText(bootstrapMean([]))).toBe('–');
  });
});

describe('pooledByRole', () => {
  it('pools results by role in a fixed order, names the sets briefly, and leaves out empty roles', () => {
    const pools = pooledByRole([
      { set: { name: 'held-out 8', role: 'held-out' }, result: 'h8' },
      { set: { name: 'dev', role: 'examined' }, result: 'dev' },
      { set: { name: 'held-out', role: 'examined' }, result: 'h1' },
      { set: { name: 'held-out 11', role: 'held-out' }, result: 'h11' },
    ]);
    expect(pools).toEqual([
      { role: 'examined', label: 'examined (dev, 1)', results: ['dev', 'h1'] },
      { role: 'held-out', label: 'HELD OUT (8, 11)', results: ['h8', 'h11'] },
    ]);
  });
});
