// Which send failures are worth retrying, and when. SMTP 5xx replies are permanent (the address
// or the message is refused; 503 is nodemailer's documented exception, a session-state problem);
// 4xx replies (421, 450, 451, 454...), timeouts and dropped or refused connections are temporary.
// A failed login or TLS setup is neither: it is our configuration, not the recipient, so it must
// never bounce a subscriber; the run stops and the rows stay pending for the next one.

export type FailureKind = 'temporary' | 'permanent' | 'setup';

export interface RetryPolicy {
  /** Delay before the first retry; each further retry doubles it. */
  baseMs: number;
  maxMs: number;
  /** Temporary failures a delivery may have before it is marked failed. */
  maxAttempts: number;
}

/** 30 s, 1, 2, 4, 8, 16, 30, 30 min (each with jitter): about 90 minutes before giving up. */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 30 * 60_000, maxAttempts: 9 };

const SETUP_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'EREQUIRETLS', 'ECONFIG']);

interface SmtpError {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
  response?: unknown;
  message?: unknown;
}

export function classifyFailure(error: unknown): FailureKind {
  const e = (error ?? {}) as SmtpError;
  if (typeof e.code === 'string' && SETUP_CODES.has(e.code)) return 'setup';
  const code = e.responseCode;
  if (typeof code === 'number' && code >= 500 && code < 600 && code !== 503) return 'permanent';
  // nodemailer refuses an envelope it cannot send (no or malformed recipient) before talking
  // to the server; retrying the same address cannot help.
  if (e.code === 'EENVELOPE' && e.command === 'API') return 'permanent';
  return 'temporary';
}

/** Exponential backoff with jitter: uniformly within the upper half of base * 2^(attempt-1), capped. */
export function retryDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function describeFailure(error: unknown): string {
  const e = (error ?? {}) as SmtpError;
  return String(e.response ?? e.message ?? error).slice(0, 1000);
}
