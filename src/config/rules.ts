// Checks for settings whose mistakes would otherwise surface later as a stack trace: a URL that
// does not parse, a cron expression node-cron would refuse, a secret of blanks, a host that is no
// host. Each failure names what to write instead.
import { isIP } from 'node:net';
import { validateDetailed } from 'node-cron';
import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';
import { distance } from 'fastest-levenshtein';

/** A URL with one of these schemes and a host (PostgreSQL also allows `?host=/socket/dir`). */
export function serverUrl(schemes: string[], example: string) {
  return z.string().superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `is not a valid URL: ${describeUrlMistake(value)} (e.g. ${example})` });
      return;
    }
    if (!schemes.includes(url.protocol.replace(/:$/, ''))) {
      ctx.addIssue({ code: 'custom', message: `must start with ${schemes.map((s) => `${s}://`).join(' or ')} (e.g. ${example})` });
    } else if (!url.hostname && !url.searchParams.has('host')) {
      ctx.addIssue({ code: 'custom', message: `has no host (e.g. ${example})` });
    }
  });
}

function describeUrlMistake(value: string): string {
  if (/\s/.test(value)) return 'it contains a space';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'it has no scheme://';
  return 'check the host, the port and percent-encode special characters in the password';
}

/**
 * The base every emailed link is built on (`${base}/confirm/…`): http(s) with a host, and nothing
 * that would swallow the path appended to it (a `?query` or `#fragment`) or show a password in every
 * email. Read back as the URL parser writes it, so a space is %20 in the links, not a break.
 */
export const publicBaseUrl = z
  .string()
  .superRefine((value, ctx) => {
    const example = 'such as https://papers.example.org';
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be an http(s) URL ${example}` });
      return;
    }
    if (!/^https?:$/.test(url.protocol) || !url.hostname) ctx.addIssue({ code: 'custom', message: `must be an http(s) URL ${example}` });
    else if (url.search || url.hash || value.includes('?') || value.includes('#')) ctx.addIssue({ code: 'custom', message: `must have no ?query or #fragment: every link is built by adding a path to it (${example}, or https://example.org/papers)` });
    else if (url.username || url.password) ctx.addIssue({ code: 'custom', message: `must have no user or password: it is written into every email (${example})` });
  })
  .transform((value) => new URL(value).href.replace(/\/+$/, ''));

/** A five- or six-field cron expression node-cron accepts. */
export const cronExpression = z.string().superRefine((value, ctx) => {
  const check = validateDetailed(value);
  if (check.valid) return;
  const first = check.errors[0];
  const detail = first ? `: ${first.field} "${first.value ?? ''}" is out of range or malformed` : '';
  ctx.addIssue({ code: 'custom', message: `is not a valid cron expression ("${value}"${detail}); use five fields: minute hour day month weekday, e.g. "*/10 * * * *"` });
});

/** A secret made of something: blanks do not count towards its length. */
export function secret(minLength: number, hint: string) {
  return z.string().refine((value) => value.trim().length >= minLength, `must be at least ${minLength} characters that are not blanks (${hint})`);
}

/** An IP address or a host name to listen on. */
export const listenHost = z
  .string()
  .refine((value) => isIP(value) !== 0 || /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(value), 'must be an IP address or a host name of this machine (e.g. 0.0.0.0 for every interface, 127.0.0.1 for this machine only)');

/**
 * Names in `.env` one or two letters away from a setting (DATABSE_URL, LOGLEVEL): a typo there is
 * otherwise silently ignored, and the service runs on the embedded database, or the outbox, while
 * the operator believes it uses their server. Short names (PORT, HOST, TZ) are left out: too many
 * unrelated names are that close to them.
 */
export function misspeltSettings(read: { file: string; names: string[] } | null, settings: string[]): string[] {
  if (!read) return [];
  return read.names.flatMap((name) => {
    if (settings.includes(name) || name.length < 6) return [];
    const meant = settings.find((setting) => setting.length >= 6 && distance(name.toUpperCase(), setting) <= 2);
    return meant ? [`${read.file}: ${name} is not a Paperboy setting; did you mean ${meant}? (rename it, or remove the line)`] : [];
  });
}

/**
 * A sender as nodemailer reads it: one address, `Name <box@host>` or `box@host`, parsed by
 * nodemailer's own address parser and required to come out as written. A malformed one was taken
 * as it was, and the relay's refusal of it ("501 Bad sender address syntax") was then counted as
 * every reader's bounce.
 */
export const senderAddress = z.string().superRefine((value, ctx) => {
  const text = value.trim();
  const parsed = addressparser(text, { flatten: true });
  const address = parsed.length === 1 ? parsed[0]!.address : '';
  const bracketed = /<([^<>]*)>$/.exec(text)?.[1]?.trim();
  const asWritten = text.includes('<') ? bracketed === address : text === address;
  if (!/^[^\s@<>",;]+@[^\s@<>",;]+$/.test(address) || !asWritten) {
    ctx.addIssue({ code: 'custom', message: `must be one address, such as "Papers <papers@example.org>" or papers@example.org (read as ${JSON.stringify(address || '(no address)')})` });
  }
});
