// Runs a few tasks (page transactions) at once, in the order given wherever it matters: a task
// starts only when no earlier unfinished task shares one of its keys (a paper both pages name), so
// for any one paper its pages are stored in the order they were given. A task that shares nothing
// with those before it may overtake them: consecutive pages often name the same trending papers,
// and waiting for each in turn would leave every other writer idle.

export interface OrderedWriters {
  /**
   * Queues `task`, and resolves when there is room for another: fewer than `window` tasks are
   * queued or running. After a task has failed nothing more starts, and this waits for the
   * running tasks and rejects with the first failure.
   */
  start(keys: Iterable<string>, task: () => Promise<void>): Promise<void>;
  /** Waits for every queued task; rejects with the first failure, if any. */
  finish(): Promise<void>;
}

interface Task {
  keys: Set<string>;
  run: () => Promise<void>;
  running: boolean;
}

/**
 * `limit` tasks run at once; `window` bounds how many are held (each holds a parsed page), and so
 * how far a task may overtake.
 */
export function orderedWriters(limit: number, window: number = 2 * limit + 2): OrderedWriters {
  const queued: Task[] = []; // in the order given; a task leaves when it ends
  let running = 0;
  let failure: { error: unknown } | undefined;
  let wake: () => void = () => {};
  let changed = new Promise<void>((resolve) => (wake = resolve));

  function ended(task: Task) {
    queued.splice(queued.indexOf(task), 1);
    running--;
    pump();
    wake();
    changed = new Promise<void>((resolve) => (wake = resolve));
  }

  function pump() {
    if (failure) return;
    for (let index = 0; index < queued.length && running < limit; index++) {
      const task = queued[index]!;
      if (task.running || queued.slice(0, index).some((earlier) => shares(earlier.keys, task.keys))) continue;
      task.running = true;
      running++;
      task
        .run()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => ended(task));
    }
  }

  async function drain(): Promise<void> {
    while (running > 0 || (!failure && queued.length > 0)) await changed;
    if (failure) throw failure.error;
  }

  return {
    async start(keys, run) {
      if (failure) return drain();
      queued.push({ keys: new Set(keys), run, running: false });
      pump();
      while (queued.length >= window && !failure) await changed;
      if (failure) return drain();
    },
    finish: drain,
  };
}

function shares(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const key of small) if (large.has(key)) return true;
  return false;
}
