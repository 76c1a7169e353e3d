// The two pieces of state a send loop shares between its claiming and its sending: why (and
// whether) it is stopping, and the messages it has in flight.

/**
 * Why a run stops before its work is done:
 * - `signal`: asked to (SIGTERM, Ctrl-C): stop claiming, let what is in flight finish, give back the rest;
 * - `setup`: our own mail setup does not work (SMTP login or TLS refused, the relay refusing
 *   everyone, the outbox unwritable): nothing more is sent, the error is the run's outcome;
 * - `database`: it did not answer within the outage bound: claims are left for the next run;
 * - `record`: a delivery could not be recorded for a reason that is no outage: what the run
 *   handed to SMTP next could not be recorded either, so nothing more is; the journal keeps what
 *   was accepted, and the error is the run's outcome.
 */
export type StopReason = 'signal' | 'setup' | 'database' | 'record';

export class RunStop {
  #reason: StopReason | undefined;
  #error: unknown;
  #wake = new Set<() => void>();
  #markStopped!: () => void;
  /** One promise for every waiter: racing it per message must not pile up callbacks. */
  readonly #stopped = new Promise<void>((resolve) => (this.#markStopped = resolve));
  readonly #onAbort: () => void;

  constructor(private readonly signal?: AbortSignal) {
    this.#onAbort = () => this.stop('signal', signal?.reason);
    if (signal?.aborted) this.#onAbort();
    else signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  get stopped(): boolean {
    return this.#reason !== undefined;
  }
  get reason(): StopReason | undefined {
    return this.#reason;
  }
  get error(): unknown {
    return this.#error;
  }

  /** Stops the run; the first reason wins. Returns whether this call stopped it. */
  stop(reason: StopReason, error?: unknown): boolean {
    if (this.#reason !== undefined) return false;
    this.#reason = reason;
    this.#error = error;
    this.#markStopped();
    for (const wake of this.#wake) wake();
    this.#wake.clear();
    return true;
  }

  /** Resolves once the run stops. */
  whenStopped(): Promise<void> {
    return this.#stopped;
  }

  /** Waits `ms`, or less should the run stop meanwhile. */
  sleep(ms: number): Promise<void> {
    if (this.stopped || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake.add(done);
    });
  }

  dispose(): void {
    this.signal?.removeEventListener('abort', this.#onAbort);
  }
}

/** The messages being rendered, sent or recorded: at most `limit` at once. */
export class InFlight {
  readonly #tasks = new Set<Promise<void>>();

  constructor(readonly limit: number) {}

  get size(): number {
    return this.#tasks.size;
  }

  /** Resolves once a message may be started. */
  async slot(): Promise<void> {
    while (this.#tasks.size >= this.limit) await Promise.race(this.#tasks);
  }

  /** Tracks a task; it must handle its own errors. */
  add(task: Promise<void>): void {
    const tracked = task.finally(() => this.#tasks.delete(tracked));
    this.#tasks.add(tracked);
  }

  /** Waits for every task, at most `timeoutMs`; returns whether they all finished. */
  async settled(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    if (this.#tasks.size === 0) return true;
    const all = Promise.all(this.#tasks).then(() => true);
    if (!Number.isFinite(timeoutMs)) return all;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
