// Which send failures are worth retrying. SMTP 5xx replies are permanent (the address or the
// message is refused); 4xx replies, timeouts and connection errors are temporary.

export type FailureKind = 'temporary' | 'permanent';

export const MAX_ATTEMPTS = 6;

export function classifyFailure(error: unknown): FailureKind {
  const code = (error as { responseCode?: unknown }).responseCode;
  if (typeof code === 'number' && code >= 500 && code < 600) return 'permanent';
  return 'temporary';
}

/** Exponential backoff with full jitter: ~30 s, 1 min, 2 min... capped at 30 min. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function describeFailure(error: unknown): string {
  const e = error as { response?: unknown; message?: unknown };
  return String(e.response ?? e.message ?? error).slice(0, 1000);
}
