import type { z } from 'zod';
import { describeIssues, UserError } from '../shared/errors.js';

/** Validates a command's options with zod; a failure is the user's mistake, said plainly. */
export function parseArgs<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new UserError(describeIssues(parsed.error.issues).map((line) => `--${line}`).join('\n'));
  return parsed.data;
}
