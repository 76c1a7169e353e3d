// Graceful stop for long commands: the first SIGTERM or SIGINT aborts a signal that the work
// watches (a send run stops claiming, finishes what is in flight, gives the rest back); a second
// one ends the process the default way, at once.

export interface ShutdownSignal {
  signal: AbortSignal;
  /** Stops listening (the process's default handling of the signals comes back). */
  dispose(): void;
}

export function abortOnSignals(onSignal?: (name: NodeJS.Signals) => void): ShutdownSignal {
  const controller = new AbortController();
  const handle = (name: NodeJS.Signals) => {
    dispose();
    onSignal?.(name);
    controller.abort(new Error(`${name} received`));
  };
  function dispose() {
    process.off('SIGTERM', handle);
    process.off('SIGINT', handle);
  }
  process.once('SIGTERM', handle);
  process.once('SIGINT', handle);
  return { signal: controller.signal, dispose };
}
