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
  const server = serverOf(databaseUrl);
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
    case '57P03':
      // Starting up, shutting down or recovering: a wrapper that retries on exit 2 gets it once it is up.
      return problem(`PostgreSQL at ${server} is not accepting connections yet (${cause.message ?? 'starting up, shutting down or recovering'}); try again in a moment`);
    case '55000':
      // ALTER DATABASE … ALLOW_CONNECTIONS false (maintenance), by its words: 55000 also names other states.
      if (/not currently accepting connections/.test(cause.message ?? '')) return problem(`database "${database}" on ${server} is not accepting connections (closed for maintenance: ALTER DATABASE … ALLOW_CONNECTIONS); try again once it is open`);
      return undefined;
    default:
      // A server that hangs up at once is not PostgreSQL (an SMTP or HTTP port, a proxy without its backend).
      if (hungUpBeforeAnswer(error)) {
        return problem(`the server at ${server} closed the connection before answering as PostgreSQL; is the port right?`);
      }
      return undefined;
  }
}

/**
 * Whether the server hung up on a connection before answering it. It closes (pg: "Connection
 * terminated unexpectedly") or resets it (ECONNRESET, when it hangs up before reading what the
 * client sent): which one is a matter of timing, so both mean the same.
 */
export function hungUpBeforeAnswer(error: unknown): boolean {
  const cause = (error as ErrorWithCode)?.errors?.[0] ?? (error as ErrorWithCode);
  if (cause?.code === 'ECONNRESET' || /\bECONNRESET\b/.test(cause?.message ?? '')) return true;
  return cause?.code === undefined && /Connection terminated unexpectedly/.test(cause?.message ?? '');
}

/** How long the first statement may wait for DATABASE_URL's server: one that accepts and never answers hung for ever. */
export const FIRST_ANSWER_MS = 15_000;

export function noAnswerProblem(databaseUrl: string): ConfigError {
  return new ConfigError([`DATABASE_URL: no answer from ${serverOf(databaseUrl)} within ${FIRST_ANSWER_MS / 1000} s; is it a PostgreSQL server, and are the host and port right?`]);
}

function serverOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname || url.searchParams.get('host') || 'localhost'}:${url.port || 5432}`;
}
