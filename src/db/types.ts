import type { PrismaClient } from './generated/client.js';

/** A single connection for scripts of SQL (migrations) and session-scoped locks. */
export interface SqlSession {
  /** Runs a script that may hold several statements. */
  exec(script: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export type DatabaseKind = 'postgres' | 'embedded' | 'embedded-attached';

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** Where the data lives, for logs: a redacted URL or a directory. */
  location: string;
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Runs fn as one transaction in plain SQL on a connection of its own: committed when fn
   * resolves, rolled back when it throws. For bulk statements whose large parameters Prisma's query
   * layer is slow to carry (corpus ingest).
   */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /**
   * How many such transactions make progress at once: two on a server (the two cores of the
   * small machines Paperboy is meant for), one on PGlite, which has a single connection.
   */
  writers: number;
  /**
   * Only on a service that found the embedded database served by another process (standby):
   * resolves true once this process serves the files itself, false if it could not take them over
   * (the reason, and how to recover, already logged) or was closed first.
   */
  takenOver?: Promise<boolean>;
  close(): Promise<void>;
}
