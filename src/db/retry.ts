// What a failed database call means, and running calls again when that is safe. Two families:
//
// - a deadlock or serialization failure: the statement was rolled back and may simply run again;
// - a lost or refused connection (the server restarting, a backend terminated, a failover, the
//   embedded owner process gone): nothing can be written until it answers again. The outage guard
//   (outage.ts) retries these with backoff for a bounded time, and tells the sender to stop
//   handing messages to SMTP meanwhile.
//
// Errors reach us in several wrappings: node-postgres' own (a SQLSTATE in `code`, or a socket
// errno), Prisma's driver adapter (`meta.driverAdapterError.cause` with a `kind` and the original
// code), and Prisma's client codes (P1001...). All are looked at.

/**
 * SQLSTATEs of a connection that is gone or refused: class 08, admin/crash shutdown, cannot connect
 * now, and what a new connection is refused with once the server is up (the database dropped or
 * renamed, a login no longer allowed): mid-run, the database went away as surely as with a restart.
 */
const CONNECTION_SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300', '3D000', '28000', '28P01']);
/** Socket errors of node-postgres (TCP or the embedded database's Unix socket). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ENOENT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** The driver adapter's kinds for the same. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** Prisma: can't reach, timed out, server closed the connection, pool timeout. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
/** node-postgres errors that carry no code. */
// "is not currently accepting connections" is 55000, a code PostgreSQL also uses for unrelated
// states, so it is known by its words: `ALTER DATABASE … ALLOW_CONNECTIONS false` while a send ran
// left it unrecognised, and 150 digests went out unrecorded.
const CONNECTION_MESSAGES = /is not currently accepting connections|Connection terminated|connection (?:is )?closed|Client has encountered a connection error|server closed the connection|Can't reach database server|terminating connection|ECONNREFUSED|ECONNRESET|\.s\.PGSQL\.\d+/i;

interface WrappedError {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } } };
}

/** The error and what it wraps, outermost first (bounded: causes can be circular). */
function layers(error: unknown): WrappedError[] {
  const found: WrappedError[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && found.length < 5 && !found.includes(current as WrappedError)) {
    const e = current as WrappedError;
    found.push(e);
    const adapter = e.meta?.driverAdapterError?.cause;
    if (adapter) found.push(adapter as WrappedError);
    current = e.cause;
  }
  return found;
}

/** A lost, refused or shut-down connection: worth waiting for, never a fault of the data. */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  return layers(error).some((e) => {
    const adapter = e as { kind?: unknown; originalCode?: unknown };
    for (const code of [e.code, adapter.originalCode]) {
      if (typeof code === 'string' && (CONNECTION_SQLSTATES.has(code) || SOCKET_CODES.has(code) || PRISMA_CODES.has(code))) return true;
    }
    if (typeof adapter.kind === 'string' && ADAPTER_KINDS.has(adapter.kind)) return true;
    return typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message);
  });
}

/**
 * A statement the server cancelled (57014: `statement_timeout`, `pg_cancel_backend`) or that gave
 * up waiting for a lock (55P03: `lock_timeout`): it was rolled back, the connection is fine, and
 * the database did not answer in time.
 */
export function isCanceledStatement(error: unknown): boolean {
  return layers(error).some((e) => {
    const adapter = e as { originalCode?: unknown };
    return [e.code, adapter.originalCode].some((code) => code === '57014' || code === '55P03');
  });
}

/** A deadlock or serialization failure: the statement was rolled back and may simply run again. */
export function isTransientDbError(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | undefined;
  const sqlState = e?.meta?.driverAdapterError?.cause?.originalCode;
  return sqlState === '40P01' || sqlState === '40001' || e?.code === 'P2034';
}

/**
 * Runs a write again after a deadlock or serialization failure. Only for writes that are safe
 * to run twice (conditional on a claim, or inside a transaction that was rolled back).
 */
export async function retryTransient<T>(write: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isTransientDbError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
    }
  }
}

/** The database did not answer for longer than the run may wait: the run stops, nothing is marked failed. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  constructor(
    readonly downForMs: number,
    override readonly cause: unknown,
  ) {
    super(`the database did not answer for ${Math.round(downForMs / 1000)} s (${describeDbError(cause)})`);
  }
}

export function describeDbError(error: unknown): string {
  const message = String((error as { message?: unknown })?.message ?? error);
  // Prisma's messages start with the invocation; the driver's reason is the last line.
  const last = message.trim().split('\n').filter(Boolean).at(-1) ?? 'unknown error';
  // A raw query's is wrapped ("Raw query failed. Code: `N/A`. Message: `Server has closed the
  // connection.`"): the operator reads the reason, with PostgreSQL's code when there is one.
  const raw = /^Raw query failed\. Code: `([^`]*)`\. Message: `(.*)`$/.exec(last);
  const reason = raw ? (raw[1] && raw[1] !== 'N/A' ? `${raw[2]} (${raw[1]})` : raw[2]!) : last;
  return reason.slice(0, 300);
}
