// Why a database could not be opened, in the operator's words: these are configuration mistakes
// (wrong host, database not created, unknown role), not bugs, and the command says what to fix.
import { ConfigError } from '../shared/errors.js';

interface ErrorWithCode {
  code?: string;
  message?: string;
  errors?: ErrorWithCode[];
}

/** A ConfigError for a failure to reach or log in to DATABASE_URL's server, else undefined. */
export function connectionProblem(error: unknown, databaseUrl: string): ConfigError | undefined {
  // Several addresses for one host (IPv4 and IPv6) fail together as an AggregateError.
  const cause = (error as ErrorWithCode)?.errors?.[0] ?? (error as ErrorWithCode);
  const url = new URL(databaseUrl);
  const server = `${url.hostname || url.searchParams.get('host') || 'localhost'}:${url.port || 5432}`;
  const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
  const role = decodeURIComponent(url.username) || 'the current user';
  const problem = (words: string) => new ConfigError([`DATABASE_URL: ${words}`]);
  switch (cause?.code) {
    case 'ECONNREFUSED':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return problem(`cannot reach PostgreSQL at ${server} (${cause.code}); is it running, and are the host and port right?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return problem(`unknown host "${url.hostname}"; check the host name`);
    case '3D000':
      return problem(`database "${database}" does not exist on ${server}; create it (createdb ${database}) or name another`);
    case '28000':
      return problem(`${cause.message ?? `role "${role}" may not connect`} (${server}); check the user name`);
    case '28P01':
      return problem(`wrong password for role "${role}" on ${server}`);
    default:
      return undefined;
  }
}
