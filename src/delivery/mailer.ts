// Sends a composed message: over SMTP (a pooled nodemailer transport) when SMTP_URL is set,
// otherwise as an .eml file in OUTBOX_DIR. nodemailer builds the MIME either way.
import { rmSync, writeFileSync } from 'node:fs';
import { makeDirectories } from '../shared/directories.js';
import path from 'node:path';
import fastq from 'fastq';
import nodemailer, { type SMTPPoolOptions } from 'nodemailer';
import { ConfigError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { mailboxOf } from '../subscriptions/index.js';
import { createMimePool, defaultMimeThreads } from './mime-pool.js';

export interface OutgoingMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable Message-ID (with angle brackets), so a resend after a crash is recognisably the same. */
  messageId?: string;
  headers?: Record<string, string>;
}

export interface SendResult {
  messageId: string;
  /** The SMTP server's final answer, or the file the message was written to. */
  response: string;
}

export interface SendOptions {
  /**
   * Awaited right before the message is handed to the server, after its MIME is built: the
   * sender holds messages back there while their outcome could not be recorded.
   */
  beforeHandOver?: () => Promise<void>;
}

export interface Mailer {
  send(message: OutgoingMessage, options?: SendOptions): Promise<SendResult>;
  /** Where mail goes, for logs: a redacted SMTP URL or the outbox directory. */
  readonly destination: string;
  /** How many messages can usefully be handed over at once (the SMTP pool size). */
  readonly parallelism: number;
  /** Checks, before a run sends anything, what can be checked without sending (the outbox is writable). */
  verify?(): Promise<void>;
  close(): Promise<void>;
}

export interface MailerOptions {
  smtpUrl: string | undefined;
  outboxDir: string;
  from: string;
  poolSize?: number;
  /** Messages per second across the pool; 0 means unlimited. */
  ratePerSecond?: number;
  /** Threads that build MIME off the main thread; 0 builds it inline. Default: one per spare core, up to 2. */
  mimeThreads?: number;
  log?: Logger;
}

/**
 * Options of every message. Digests are mostly ASCII text: quoted-printable is what nodemailer
 * would pick anyway, and saying so spares it scanning every body to decide.
 */
export const MESSAGE_DEFAULTS = { textEncoding: 'quoted-printable' } as const;

export function createMailer(options: MailerOptions): Mailer {
  return options.smtpUrl ? smtpMailer(options, options.smtpUrl) : outboxMailer(options);
}

/** The pooled transport's options; the send benchmark's raw ceiling uses exactly these. */
export function smtpPoolOptions(smtpUrl: string, poolSize: number, ratePerSecond: number): SMTPPoolOptions {
  const url = new URL(smtpUrl);
  return {
    pool: true,
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    maxConnections: poolSize,
    // Reconnecting now and then spreads a long run over a relay's servers; rarely enough to be free.
    maxMessages: 1000,
    // nodemailer's own limiter: at most rateLimit messages per rateDelta ms, shared by the pool.
    ...(ratePerSecond > 0 ? { rateDelta: 1000, rateLimit: ratePerSecond } : {}),
    // A local relay without TLS is common in development; use smtps:// or STARTTLS in production.
    tls: { rejectUnauthorized: url.searchParams.get('tls_reject_unauthorized') !== 'false' },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
}

function smtpMailer(options: MailerOptions, smtpUrl: string): Mailer {
  const poolSize = options.poolSize ?? 5;
  const transport = nodemailer.createTransport(smtpPoolOptions(smtpUrl, poolSize, options.ratePerSecond ?? 0), MESSAGE_DEFAULTS);
  const mimeThreads = options.mimeThreads ?? defaultMimeThreads();
  const mime = mimeThreads > 0 ? createMimePool(mimeThreads) : null;
  const envelopeFrom = mailboxOf(options.from);
  // Failures reach each sendMail call; an unhandled 'error' event would only crash the process.
  transport.on('error', (error) => options.log?.warn({ err: error }, 'SMTP pool error'));
  // The last check before a message goes (beforeHandOver: the database answers, the claim is still
  // ours) is made only when one of the pool's connections is free, and sendMail follows at once.
  // Checked messages must not wait in nodemailer's own queue: a run allows more messages in flight
  // than the pool has connections, and a sender frozen past its claim (Ctrl-Z, a paused VM or
  // container) that woke up sent the 15 it had queued, checked before the freeze, after another run
  // had taken them over and sent them: 15 readers got two copies.
  const handOver = fastq.promise(async (task: { check?: () => Promise<void>; mail: Parameters<typeof transport.sendMail>[0] }) => {
    await task.check?.();
    return transport.sendMail(task.mail);
  }, poolSize);
  const url = new URL(smtpUrl);
  url.password = url.password ? '***' : '';
  const destination = url.toString();
  options.log?.info({ smtp: destination, poolSize, mimeThreads }, 'mail goes to the SMTP server');
  return {
    destination,
    parallelism: poolSize,
    async send(message, sendOptions) {
      const check = sendOptions?.beforeHandOver;
      if (!mime) {
        const info = await handOver.push({ check, mail: { from: options.from, ...message } });
        return { messageId: info.messageId, response: info.response };
      }
      const raw = await mime.build({ ...MESSAGE_DEFAULTS, from: options.from, ...message });
      const info = await handOver.push({ check, mail: { envelope: { from: envelopeFrom, to: [message.to] }, raw } });
      return { messageId: message.messageId ?? info.messageId, response: info.response };
    },
    async close() {
      transport.close();
      await mime?.close();
    },
  };
}

/**
 * Mail cannot go out because of our own settings (an outbox that cannot be written): a run stops
 * at once, whoever the message was for. `code` makes classifyFailure call it a setup failure.
 */
export class MailSetupError extends ConfigError {
  override name = 'MailSetupError';
  readonly code = 'ECONFIG';
  constructor(problem: string) {
    super([problem]);
    this.message = problem; // one line: the problem itself
  }
}

function unwritableOutbox(dir: string, error: unknown): MailSetupError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new MailSetupError(`OUTBOX_DIR: cannot write to ${dir} (${code}): make it a writable folder, or set SMTP_URL to send through a relay`);
}

function outboxMailer(options: MailerOptions): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  options.log?.info({ outbox: options.outboxDir }, 'SMTP_URL is not set: each message is written as an .eml file to the outbox');
  return {
    destination: options.outboxDir,
    parallelism: 4,
    async verify() {
      const probe = path.join(options.outboxDir, `.paperboy-write-check-${process.pid}`);
      try {
        makeDirectories(options.outboxDir);
        writeFileSync(probe, '');
        rmSync(probe, { force: true });
      } catch (error) {
        throw unwritableOutbox(options.outboxDir, error);
      }
    },
    async send(message, sendOptions) {
      const info = await transport.sendMail({ from: options.from, ...message });
      await sendOptions?.beforeHandOver?.();
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const safeTo = message.to.replace(/[^a-zA-Z0-9@._-]/g, '_');
      const file = path.join(options.outboxDir, `${stamp}-${safeTo}-${info.messageId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 12)}.eml`);
      try {
        makeDirectories(options.outboxDir);
        writeFileSync(file, info.message as Buffer);
      } catch (error) {
        // Not the recipient's failure: no message can be written (full disk, read-only, removed).
        throw unwritableOutbox(options.outboxDir, error);
      }
      return { messageId: info.messageId, response: `written to ${file}` };
    },
    async close() {},
  };
}
