import type { z } from 'zod';
import { explainIssue, UserError } from '../shared/errors.js';

/**
 * How the user typed each validated field: its flag, and optionally the rule in their words, as
 * text or made from the value they gave. Keys are field paths, list items as `*`
 * ('preferences.sendHour', 'topics.*'); an item without a key of its own takes its list's flag, and
 * a field not listed is named `--<field-in-kebab-case>`.
 */
export type FlagNames = Record<string, string | [flag: string, rule: string | ((value: unknown) => string)]>;

/**
 * Validates a command's options with zod; a failure is the user's mistake, said plainly: one line
 * per problem, naming the flag (`--hour must be 0–23`), never the schema's field path.
 */
export function parseArgs<S extends z.ZodType>(schema: S, input: unknown, flags: FlagNames = {}): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = issue.path.map((part) => (typeof part === 'number' ? '*' : String(part))).join('.');
    const list = flags[key.replace(/\.\*/g, '')];
    // A list item's path ends in its index: the flag is the list's (`--edition`, not `--0`).
    const field = issue.path.findLast((part) => typeof part !== 'number') ?? '';
    const named = flags[key] ?? (list && (typeof list === 'string' ? list : list[0])) ?? `--${kebab(String(field))}`;
    if (typeof named === 'string') return explainIssue(issue, named);
    const [flag, rule] = named;
    const words = typeof rule === 'function' ? rule(valueAt(input, issue.path)) : rule;
    return words.startsWith(':') ? `${flag}${words}` : `${flag} ${words}`;
  });
  throw new UserError([...new Set(lines)].join('\n'));
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  return path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), input);
}
