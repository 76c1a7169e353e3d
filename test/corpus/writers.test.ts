// The page writers: a few at once, in the given order for pages that name a common paper.
import { describe, expect, it } from 'vitest';
import { orderedWriters } from '../../src/corpus/writers.js';

/** A task that records when it starts and ends only when the test says so. */
function gate(name: string, log: string[]) {
  let open: () => void = () => {};
  let fail: (error: Error) => void = () => {};
  const ended = new Promise<void>((resolve, reject) => ((open = resolve), (fail = reject)));
  return {
    run: async () => {
      log.push(`start ${name}`);
      await ended;
      log.push(`end ${name}`);
    },
    open,
    fail,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('ordered writers', () => {
  it('runs up to the limit at once, and lets a task that shares nothing overtake one that waits', async () => {
    const log: string[] = [];
    const writers = orderedWriters(2, 10);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => gate(name, log));
    await writers.start(['paper-1'], a!.run);
    await writers.start(['paper-1', 'paper-2'], b!.run); // shares paper-1 with a: waits
    await writers.start(['paper-3'], c!.run); // shares nothing: starts beside a
    await writers.start(['paper-2'], d!.run); // shares paper-2 with b, which has not run: waits for it
    await settle();
    expect(log).toEqual(['start a', 'start c']);
    c!.open();
    await settle();
    expect(log).toEqual(['start a', 'start c', 'end c']); // b still waits for a, d for b
    a!.open();
    await settle();
    expect(log.slice(3)).toEqual(['end a', 'start b']);
    b!.open();
    await settle();
    expect(log.slice(5)).toEqual(['end b', 'start d']);
    d!.open();
    await writers.finish();
    expect(log.at(-1)).toBe('end d');
  });

  it('holds no more than the window: start waits for room', async () => {
    const log: string[] = [];
    const writers = orderedWriters(1, 2);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => gate(name, log));
    await writers.start([], a!.run);
    let room = false;
    const second = writers.start([], b!.run).then(() => (room = true));
    await settle();
    expect(room).toBe(false); // a runs and b waits: two held
    a!.open();
    await second;
    const third = writers.start([], c!.run);
    b!.open();
    await third;
    c!.open();
    await writers.finish();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('starts nothing after a failure, lets the running tasks end, and rejects with the failure', async () => {
    const log: string[] = [];
    const writers = orderedWriters(2, 10);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => gate(name, log));
    await writers.start(['x'], a!.run);
    await writers.start(['y'], b!.run);
    await writers.start(['x'], c!.run); // waits for a
    a!.fail(new Error('connection lost'));
    await settle();
    const finished = writers.finish().catch((error: Error) => error.message);
    b!.open();
    expect(await finished).toBe('connection lost');
    expect(log).toEqual(['start a', 'start b', 'end b']);
    await expect(writers.start([], async () => {})).rejects.toThrow('connection lost');
  });
});
