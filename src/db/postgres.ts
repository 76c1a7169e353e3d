// PostgreSQL server through node-postgres: one pool shared by Prisma and the migrator.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';
import { settleWithin } from '../shared/concurrency.js';
import type { Database, DatabaseKind, SqlSession } from './types.js';

export interface PostgresOptions {
  connectionString: string;
  maxConnections?: number;
  kind?: DatabaseKind;
  location?: string;
  onClose?: () => Promise<void>;
}

export function openPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Nor one in use: a lost connection rejects the query in flight, which says what happened, but
  // node-postgres also emits it as an 'error' event, and the pool's own listener on the client
  // removes itself after the first one (a socket reset and its close can be two): unheard, the
  // second was thrown and ended a CLI command with a stack trace when its server stopped.
  pool.on('connect', (client) => client.on('error', () => {}));
  // A connection handed back inside a transaction is rolled back before its next user runs
  // anything. Prisma's transactions end with a ROLLBACK or COMMIT of their own; when the server
  // cancels that very statement (57014: pg_cancel_backend, a statement timeout), the connection
  // went back to the pool still inside the aborted transaction, and every statement of its next
  // user failed with 25P02 ("current transaction is aborted"), which no retry could mend: a send run
  // under such cancels ended with an unexpected error. The ROLLBACK is queued on the connection now,
  // so it runs before any later query there; a new connection would not do on the embedded
  // database, whose connections share its one session. If the ROLLBACK fails too, the connection
  // is closed, and the next user's statement fails as a lost connection, which is retried.
  pool.on('release', (error, client) => {
    const status = client.getTransactionStatus();
    if (error || (status !== 'T' && status !== 'E')) return;
    client.query('ROLLBACK').catch(() => client.end().catch(() => {}));
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    kind: options.kind ?? 'postgres',
    location: options.location ?? redactUrl(options.connectionString),
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn(pgSession(client));
      } finally {
        client.release();
      }
    },
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(pgSession(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is not given back to the pool.
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    writers: Math.min(2, options.maxConnections ?? 10),
    async close() {
      // Ending the pool waits for every connection in use to be given back: a query that never
      // gets its answer (a frozen server, a partition) would hold the process for as long. Past
      // CLOSE_MS the process goes on without it; its sockets die with it.
      await settleWithin(Promise.all([prisma.$disconnect(), pool.end()]), CLOSE_MS);
      await options.onClose?.();
    },
  };
}

/** How long closing waits for connections still in use. */
const CLOSE_MS = 5_000;

function pgSession(client: pg.PoolClient): SqlSession {
  return {
    async exec(script) {
      // No parameters: node-postgres uses the simple protocol, which accepts several statements.
      await client.query(script);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      return result.rows as T[];
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgresql://(unparseable URL)';
  }
}
