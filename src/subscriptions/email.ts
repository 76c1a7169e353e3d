import { z } from 'zod';
import { UserError } from '../shared/errors.js';

export const MAX_EMAIL_LENGTH = 254;

const emailShape = z.email({ error: 'is not a valid email address' }).max(MAX_EMAIL_LENGTH);

/**
 * Trims and lower-cases the domain (domains are case-insensitive; local parts may not be, so they
 * are kept as typed). Throws a UserError naming the problem.
 */
export function normaliseEmail(raw: string): string {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf('@');
  const candidate = at > 0 ? `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}` : trimmed;
  const parsed = emailShape.safeParse(candidate);
  if (!parsed.success) {
    const tooLong = candidate.length > MAX_EMAIL_LENGTH;
    throw new UserError(
      tooLong ? `Email address is longer than ${MAX_EMAIL_LENGTH} characters.` : `"${truncate(trimmed)}" is not a valid email address.`,
      400,
      'invalid_email',
    );
  }
  return parsed.data;
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
