// Work handed off to run after a request is answered (the emails of the subscribe form), one task
// at a time, in order: a later task sees what an earlier one left. Owned by the composition root,
// which waits for it to drain before closing the mailer.
import fastq from 'fastq';

export interface TaskQueue {
  /** Runs the task after those pushed before it; the promise settles as the task does. */
  push(task: () => Promise<void>): Promise<void>;
  /** Resolves once every task pushed so far has settled. */
  drained(): Promise<void>;
}

export function createTaskQueue(): TaskQueue {
  const queue = fastq.promise((task: () => Promise<void>) => task(), 1);
  return {
    push: (task) => queue.push(task),
    drained: () => (queue.idle() ? Promise.resolve() : queue.drained()),
  };
}
