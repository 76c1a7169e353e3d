import { z } from 'zod';
import { UserError } from '../shared/errors.js';

/** RFC 5321 §4.5.3.1: a path is at most 256 octets with its brackets, so an address at most 254. */
export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 255;
/** RFC 1035: a DNS label is at most 63 octets. */
const MAX_LABEL = 63;

const emailShape = z.email({ error: 'is not a valid email address' });

/** Why an address breaks the RFC 5321 limits, or null. Lengths in octets, as SMTP counts them. */
function limitProblem(address: string): string | null {
  const at = address.lastIndexOf('@');
  const octets = (text: string) => Buffer.byteLength(text, 'utf8');
  if (octets(address) > MAX_EMAIL_LENGTH) return `Email address is longer than ${MAX_EMAIL_LENGTH} characters.`;
  if (octets(address.slice(0, at)) > MAX_LOCAL_PART) return `The part of the email address before the @ has more than ${MAX_LOCAL_PART} characters.`;
  const domain = address.slice(at + 1);
  if (octets(domain) > MAX_DOMAIN || domain.split('.').some((label) => octets(label) > MAX_LABEL)) {
    return `The part of the email address after the @ is longer than a domain name can be.`;
  }
  return null;
}

/**
 * The key one mailbox is found by, whatever case was typed (the unique `Subscriber.emailKey`):
 * "Ada@Example.org" and "ada@example.org" are one subscriber.
 */
export function subscriberKey(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * Trims and lower-cases the domain (domains are case-insensitive; local parts may not be, so they
 * are kept as typed). Throws a UserError naming the problem.
 */
export function normaliseEmail(raw: string): string {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf('@');
  const candidate = at > 0 ? `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}` : trimmed;
  const tooLong = at > 0 ? limitProblem(candidate) : null;
  if (tooLong) throw new UserError(tooLong, 400, 'invalid_email');
  const parsed = emailShape.safeParse(candidate);
  if (!parsed.success) throw new UserError(`"${truncate(trimmed)}" is not a valid email address.`, 400, 'invalid_email');
  return parsed.data;
}

/**
 * The mailbox an address reaches, for budgets: case-insensitive, and without a "+tag" (most
 * providers deliver ada+1@ and ada+2@ to the same inbox). Not for uniqueness: a reader may keep
 * two tagged subscriptions on purpose.
 */
export function mailboxKey(address: string): string {
  const lower = address.toLowerCase();
  const at = lower.lastIndexOf('@');
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}${lower.slice(at)}`;
}

/** zod field for request bodies and CLI arguments: validates and normalises in one step. */
export const emailField = z.string().transform((value, ctx) => {
  try {
    return normaliseEmail(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
