// Which send failures are worth retrying, and whose problem they are. 4xx replies (421, 450, 451,
// 454...), timeouts and dropped or refused connections are temporary. A 5xx reply (503 aside,
// nodemailer's documented session-state problem) is read as mailbox providers mean it, by its
// enhanced status code (RFC 3463, "550 5.1.1 ..."), or its text when it has none:
//
// - `mailbox`: 5.1.x, the address does not exist (5.1.1 no such user, 5.1.10 null MX...). No
//   further mail may go there: the subscriber is suspended at once.
// - `policy`: 5.7.x and relay refusals ("550 relaying denied", 5.1.7/5.1.8 about our sender, any
//   5xx answer to MAIL FROM).
//   The relay's problem, or ours, never the subscriber's: nobody is bounced or suspended; the
//   delivery is retried later, and a run that sees them across many recipients stops.
// - `permanent`: any other 5xx (mailbox full or disabled, message refused...): bounced, and a
//   few in a row suspend the subscriber.
//
// A failed login or TLS setup (`setup`) is our configuration: the run stops, the rows stay pending.

export type FailureKind = 'temporary' | 'permanent' | 'mailbox' | 'policy' | 'setup';

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

/** Refusals that name the relay's rules rather than the recipient, in replies without an enhanced code. */
const POLICY_TEXT = /\b(?:relay(?:ing)?|rcpthosts|policy|not permitted|not allowed|access denied|authentication required|spam|blocked|block ?list|black ?list|reputation)\b/i;
const MAILBOX_TEXT = /\b(?:user unknown|unknown user|no such (?:user|mailbox|recipient)|mailbox (?:not found|unavailable|does not exist)|does not exist|invalid recipient)\b/i;

export function classifyFailure(error: unknown): FailureKind {
  const e = (error ?? {}) as SmtpError;
  if (typeof e.code === 'string' && SETUP_CODES.has(e.code)) return 'setup';
  if (tlsProblem(e)) return 'setup';
  const code = e.responseCode;
  // A refusal of MAIL FROM is a refusal of our sender (MAIL_FROM, its domain), whatever its text:
  // never a reader's bounce.
  if (typeof code === 'number' && code >= 500 && code < 600 && e.command === 'MAIL FROM') return 'policy';
  if (typeof code === 'number' && isRefusalCode(code)) return permanentKind(String(e.response ?? e.message ?? ''));
  // nodemailer refuses an envelope it cannot send (no or malformed recipient) before talking
  // to the server; retrying the same address cannot help.
  if (e.code === 'EENVELOPE' && e.command === 'API') return 'permanent';
  return 'temporary';
}

function permanentKind(reply: string): FailureKind {
  const status = enhancedStatus(reply);
  if (status) {
    if (status.subject === 7) return 'policy';
    // X.1.7 and X.1.8: our sender address or system is refused, not the recipient's mailbox.
    if (status.subject === 1) return status.detail === 7 || status.detail === 8 ? 'policy' : 'mailbox';
    return 'permanent';
  }
  if (POLICY_TEXT.test(reply)) return 'policy';
  if (MAILBOX_TEXT.test(reply)) return 'mailbox';
  return 'permanent';
}

/**
 * Whether a delivery's stored error (its server's reply) is a refusal rather than a temporary
 * failure. A delivery still pending with a 5xx reply was refused by the relay's policy: the other
 * 5xx replies bounce, and 503 is nodemailer's session-state problem, retried as temporary.
 */
function isRefusalReply(reply: string): boolean {
  const code = /^(\d{3})\b/.exec(reply.trim());
  return code !== null && isRefusalCode(Number(code[1]));
}

/** Pending deliveries' errors by kind: each kind's most recent error and how many wait after one. */
export interface PendingReasons {
  temporary?: { error: string; count: number };
  refusal?: { error: string; count: number };
}

/** `errors` as pendingErrors gives them, most recent first. */
export function pendingReasonsOf(errors: Array<{ error: string; count: number }>): PendingReasons {
  const reasons: PendingReasons = {};
  for (const { error, count } of errors) {
    const kind = isRefusalReply(error) ? 'refusal' : 'temporary';
    const seen = reasons[kind];
    reasons[kind] = seen ? { error: seen.error, count: seen.count + count } : { error, count };
  }
  return reasons;
}

/** A 5xx reply, but 503: nodemailer's documented session-state problem, retried as temporary. */
function isRefusalCode(code: number): boolean {
  return code >= 500 && code < 600 && code !== 503;
}

/** The enhanced status code of an SMTP reply ("550 5.1.1 No such user" → 5.1.1), if it has one. */
export function enhancedStatus(reply: string): { class: number; subject: number; detail: number } | null {
  const match = /^\d{3}[ -]([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(reply.trim());
  return match ? { class: Number(match[1]), subject: Number(match[2]), detail: Number(match[3]) } : null;
}

/** Exponential backoff with jitter: uniformly within the upper half of base * 2^(attempt-1), capped. */
export function retryDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function describeFailure(error: unknown): string {
  const e = (error ?? {}) as SmtpError;
  if (isUnknownHost(e)) return unknownHost(e);
  const tls = tlsProblem(e);
  if (tls) return tls;
  if (e.code === 'EAUTH') return `${String(e.response ?? e.message)}: the relay refused the user name and password in SMTP_URL`;
  if (e.code === 'ETIMEDOUT' && e.command === 'CONN' && /greeting never received/i.test(String(e.message))) {
    return `${String(e.message)}: the relay said nothing after connecting; a port that speaks TLS from the first byte (465) needs SMTP_URL to start with smtps://`;
  }
  if (refusedConnection(e)) return `${String(e.message)}: nothing accepted the connection at SMTP_URL's host and port; check that the relay is running there, and SMTP_URL`;
  return String(e.response ?? e.message ?? error).slice(0, 1000);
}

/**
 * TLS that cannot be set up is a setting to fix, not a failure to retry for hours: smtps:// at a
 * port that speaks plain SMTP first (587, 25: OpenSSL's "wrong version number", retried before as
 * temporary with its raw text), or a certificate this machine does not trust (expired, self-signed,
 * another host's). Its description, or undefined for any other error.
 */
function tlsProblem(e: SmtpError & { originalCode?: unknown; reason?: unknown }): string | undefined {
  if (e.code !== 'ESOCKET' || typeof e.originalCode !== 'string') return undefined;
  if (e.originalCode === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return "TLS handshake failed (wrong version number): the server at SMTP_URL's port does not start with TLS; smtps:// is for a port such as 465, smtp:// (with STARTTLS when the relay offers it) for 587 or 25";
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME/.test(e.originalCode)) {
    return `the relay's TLS certificate was not accepted (${String(e.message)}): renew or correct it on the relay, or point SMTP_URL at the host name its certificate names`;
  }
  return undefined;
}

/**
 * The relay's host name does not resolve (getaddrinfo's ENOTFOUND, which nodemailer wraps as EDNS).
 * Still retried as temporary (a resolver that lost its upstream answers so too), but it comes back
 * at every run while SMTP_URL names a host that does not exist: the reason stored (status, /admin,
 * the send's warning) says what to check, not only the resolver's code.
 */
function isUnknownHost(e: SmtpError & { originalCode?: unknown }): boolean {
  return e.code === 'ENOTFOUND' || (e.code === 'EDNS' && e.originalCode === 'ENOTFOUND');
}

/**
 * Nothing listens at the relay's address (a relay restarting, or SMTP_URL's port wrong): retried as
 * temporary like any refused connection, and said with what to check, as for a host that does not resolve.
 */
function refusedConnection(e: SmtpError & { originalCode?: unknown }): boolean {
  return (e.code === 'ECONNREFUSED' || e.originalCode === 'ECONNREFUSED') && typeof e.message === 'string';
}

function unknownHost(e: SmtpError & { hostname?: unknown }): string {
  const host = typeof e.hostname === 'string' ? ` ${e.hostname}` : '';
  return `getaddrinfo ENOTFOUND${host}: the host name in SMTP_URL does not resolve; check it for a typo, and that this machine's DNS knows it`;
}
