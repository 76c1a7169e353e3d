// Typed errors. Everything a user can get wrong is a UserError (4xx on the web, exit code 2 on the
// CLI, a plain message either way); anything else is unexpected and is logged in full.

export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    /** HTTP status to answer with: 400 unless a more precise 4xx fits. */
    readonly status: number = 400,
    /** Short machine-readable code for JSON answers. */
    readonly code: string = 'bad_request',
  ) {
    super(message);
  }
}

export class NotFoundError extends UserError {
  override name = 'NotFoundError';
  constructor(message: string) {
    super(message, 404, 'not_found');
  }
}

/** Bad configuration: the process cannot start until the operator fixes it. One line per problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** A corpus page that cannot be parsed; names the file and line. */
export class ParseError extends UserError {
  override name = 'ParseError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`, 422, 'parse_error');
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** Formats zod issues as "field: message" lines, for people rather than programs. */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string[] {
  return issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
}

/** What a zod issue carries that plain words need; zod's own issue type, loosely. */
export interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
  values?: ReadonlyArray<unknown>;
  format?: string;
}

/**
 * One line for one problem, naming what the person typed (`--hour`, `PORT`): the schema's own
 * message when it has one, else zod's standard wording ("Too big: expected number to be <=23")
 * put in plain words ("must be at most 23").
 */
export function explainIssue(issue: IssueLike, name: string): string {
  const rule = zodsOwnWording(issue.message) ? plainRule(issue) : issue.message;
  return /^(must|is|are|cannot|needs|has) /.test(rule) ? `${name} ${rule}` : `${name}: ${rule}`;
}

const zodsOwnWording = (message: string) => /^(Too big|Too small|Invalid|Expected)/.test(message);

function plainRule(issue: IssueLike): string {
  const { code, origin, minimum, maximum } = issue;
  if (code === 'invalid_type') {
    if (/received undefined/.test(issue.message)) return 'is required';
    if (issue.expected === 'int') return 'must be a whole number';
    return `must be ${issue.expected === 'number' ? 'a number' : `a ${issue.expected ?? 'value of another kind'}`}`;
  }
  if (code === 'invalid_value' && issue.values) return `must be ${issue.values.map(String).join(' or ')}`;
  if (code === 'invalid_format') return `is not a valid ${issue.format === 'regex' ? 'value' : (issue.format ?? 'value')}`;
  if (code === 'too_small' && origin === 'array' && Number(minimum) === 1) return 'is required';
  if (code === 'too_small' && origin === 'string' && Number(minimum) === 1) return 'must not be empty';
  const unit = origin === 'string' ? ' characters' : origin === 'array' ? ' values' : '';
  if (code === 'too_small') return `must be at least ${minimum}${unit}`;
  if (code === 'too_big') return `must be at most ${maximum}${unit}`;
  return 'is not valid';
}
