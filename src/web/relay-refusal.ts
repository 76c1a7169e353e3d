// A confirmation the relay would not take is the relay's answer, not a fault of ours: the reader
// gets a page that says what to do (never the generic 500), the pending row stays (asking again
// works), and the log has the SMTP codes and the address masked, never the relay's text, which
// usually quotes the address.
import type { FastifyBaseLogger } from 'fastify';
import { describeFailure } from '../delivery/index.js';
import { maskEmail } from '../shared/logger.js';
import { TitledError } from './errors.js';

type SmtpError = { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };

/** nodemailer's codes for a relay that could not be reached or talked to. */
const UNREACHABLE = new Set(['ECONNECTION', 'ECONNREFUSED', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL', 'EAUTH']);

/** 'address' when the relay refused this address itself (no such mailbox, bad syntax); null when it was no SMTP failure. */
export function relayRefusal(error: unknown): 'address' | 'relay' | null {
  const e = (error ?? {}) as SmtpError;
  if (typeof e.responseCode === 'number') {
    const text = `${String(e.response ?? '')} ${String(e.message ?? '')}`;
    // 501/553: the address's syntax; 5.1.x: no such mailbox or domain (RFC 3463).
    return e.responseCode === 501 || e.responseCode === 553 || /\b5\.1\.\d{1,3}\b/.test(text) ? 'address' : 'relay';
  }
  if (e.code === 'EENVELOPE') return 'address';
  return typeof e.code === 'string' && UNREACHABLE.has(e.code) ? 'relay' : null;
}

export function logRelayRefusal(log: FastifyBaseLogger, error: unknown, to: string): void {
  const e = error as SmtpError;
  // No SMTP reply (refused, timed out, a host name that does not resolve, a TLS setup that failed):
  // the relay refused nothing. The reason is the system's (no relay text, so no address), and
  // names SMTP_URL when its host does not resolve.
  if (typeof e.responseCode !== 'number') {
    log.warn({ to: maskEmail(to), code: e.code, reason: describeFailure(error) }, 'subscribe email not sent: the relay (SMTP_URL) could not be reached or talked to; the request is kept');
    return;
  }
  log.warn({ to: maskEmail(to), responseCode: e.responseCode, code: e.code }, 'subscribe email refused by the relay; the request is kept');
}

export function relayRefusalError(kind: 'address' | 'relay'): TitledError {
  return kind === 'address'
    ? new TitledError(
        'We could not email this address',
        'The mail server for this address refused our email, so no confirmation was sent. Check the address for typos and try again, or use another one.',
        400,
        'address_refused',
      )
    : new TitledError(
        'We could not send the email just now',
        'Our mail server did not take the email, so it was not sent. Nothing is lost: try again in a few minutes and we will send a fresh one.',
        503,
        'mail_unavailable',
      );
}
