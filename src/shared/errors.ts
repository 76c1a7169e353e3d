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
