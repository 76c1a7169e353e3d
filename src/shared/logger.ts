// Structured JSON logs on stderr, so that a command's own output on stdout (summaries, --json)
// stays clean for scripts.
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(level: string, destination: number = 2): Logger {
  return pino({ level, base: { service: 'paperboy' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(destination));
}

/** Hides the local part of an address in logs: "ada@example.org" -> "a***@example.org". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
