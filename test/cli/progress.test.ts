// The progress bar's estimate of time left, as a terminal shows it: cli-progress's own format once
// it is a number, "--" before (its 'INF' and 'NULL' were cut to "ETA NFs" by the default format).
import { describe, expect, it } from 'vitest';
import { knownTime } from '../../src/cli/output.js';

describe('the progress bar\'s time left', () => {
  const options = { autopaddingChar: '0' };
  it('is "--" while cli-progress has no estimate, and its own format once it has one', () => {
    for (const unknown of ['INF', 'NULL', '0', Number.POSITIVE_INFINITY, Number.NaN]) expect(knownTime(unknown, options, 5), String(unknown)).toBe('--');
    expect(knownTime(75, options, 5)).toBe('01m15s');
    expect(knownTime(4, options, 5)).toBe('04s');
  });
});
