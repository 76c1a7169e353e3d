// Structured JSON logs on stderr, so that a command's own output on stdout (summaries, --json)
// stays clean for scripts.
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * `json` for services and scripts; `lines` for a person at a one-shot command: each entry as one
 * readable line on stderr ("paperboy: warning: …"), its message only, without control characters.
 */
export type LogFormat = 'json' | 'lines';

/**
 * Marks an entry that announces the error a run stops with ("job failed", "stopping the run: …",
 * "the database is still not answering: giving up"). That error is thrown on to whoever started
 * the run, and a one-shot command prints it as its last line (src/cli/run.ts): the `lines` format
 * leaves such entries out, so the operator reads the reason once, not two or three times in other
 * words. JSON logs (the service, --json, LOG_LEVEL) keep them.
 */
export const ENDS_RUN = { endsRun: true } as const;

export function createLogger(level: string, destination: number = 2, format: LogFormat = 'json'): Logger {
  const options = { level, base: { service: 'paperboy' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'json') return pino(options, pino.destination(destination));
  const out = pino.destination({ fd: destination, sync: true });
  return pino(options, {
    write(entry: string) {
      const { level: number, msg, to, reason, endsRun } = JSON.parse(entry) as { level: number; msg?: string; to?: unknown; reason?: unknown; endsRun?: boolean };
      if (endsRun === true) return;
      const label = number >= 50 ? 'error' : number >= 40 ? 'warning' : 'note';
      // Who and why, when the entry says (a refused delivery: its masked address and the server's
      // answer): "no such mailbox: not retried" alone would not tell the operator which, or why.
      const detail = [to, reason].filter((part) => typeof part === 'string' && part !== '').join(': ');
      const line = detail ? `${String(msg ?? '')} (${detail})` : String(msg ?? '');
      out.write(`paperboy: ${label}: ${line.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')}\n`);
    },
  });
}

/** Hides the local part of an address in logs: "ada@example.org" -> "a***@example.org". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
