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
  close(): Promise<void>;
}
