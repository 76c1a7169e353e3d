// Embedded PostgreSQL (PGlite) under DATA_DIR, for a single machine with no database server.
//
// PGlite is single-process: two processes opening the same directory would corrupt it. So the first
// process to open it becomes the owner: it writes DATA_DIR/pglite.lock and serves the database on
// a Unix socket in DATA_DIR; every other process (a CLI command next to `npm start`) attaches to
// that socket as an ordinary PostgreSQL client. After a hard kill the lock names a dead process:
// it is taken over, and PostgreSQL's own WAL recovery runs when the directory is opened.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client.js';
import { openPostgres } from './postgres.js';
import type { Database } from './types.js';

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

interface LockInfo {
  pid: number;
  socketDir: string;
  startedAt: string;
}

export interface EmbeddedOptions {
  dataDir: string;
  warn?: (message: string) => void;
}

export async function openEmbedded(options: EmbeddedOptions): Promise<Database> {
  const { dataDir } = options;
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 50; attempt++) {
    const owner = readLock(lockPath);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
      if (owner.socketDir && existsSync(socketFile(owner.socketDir))) return attach(owner);
      await sleep(100); // the owner is still starting; its socket appears shortly
      continue;
    }
    if (owner) {
      options.warn?.(
        `The embedded database was not shut down cleanly (process ${owner.pid} is gone); recovering it.`,
      );
      rmSync(lockPath, { force: true });
      if (owner.socketDir) rmSync(socketFile(owner.socketDir), { force: true });
    }
    if (tryCreateLock(lockPath)) return own(dataDir, lockPath);
  }
  throw new EmbeddedDatabaseError(
    `Could not open the embedded database in ${dataDir}: ${lockPath} is held by another process that does not answer. ` +
      `If no paperboy process is running, delete that file and try again.`,
  );
}

async function own(dataDir: string, lockPath: string): Promise<Database> {
  const pgDir = path.join(dataDir, 'pglite');
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(pgDir);
  } catch (error) {
    rmSync(lockPath, { force: true });
    throw new EmbeddedDatabaseError(
      `The embedded database in ${pgDir} cannot be opened (${(error as Error).message}). ` +
        `This can follow a hard kill or a full disk. To recover: stop every paperboy process, move ${pgDir} aside ` +
        `(e.g. \`mv ${pgDir} ${pgDir}.broken\`) and start again: an empty database is created, migrated and the corpus ` +
        `re-ingested from seeds/; subscribers must be re-imported (\`paperboy subscribe --file\`). ` +
        `Use DATABASE_URL with a PostgreSQL server for data you cannot lose.`,
    );
  }
  const socketDir = socketDirFor(dataDir);
  const server = new PGLiteSocketServer({ db: pglite, path: socketFile(socketDir), maxConnections: 16 });
  await server.start();
  writeFileSync(lockPath, JSON.stringify({ pid: process.pid, socketDir, startedAt: new Date().toISOString() }));
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  let closed = false;
  return {
    prisma,
    kind: 'embedded',
    location: pgDir,
    async withSession(fn) {
      return fn({
        exec: async (script) => {
          await pglite.exec(script);
        },
        query: async <T>(sql: string, params: unknown[] = []) => (await pglite.query<T>(sql, params)).rows,
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await server.stop();
      await pglite.close();
      rmSync(socketFile(socketDir), { force: true });
      rmSync(lockPath, { force: true });
    },
  };
}

function attach(owner: LockInfo): Database {
  const connectionString = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(owner.socketDir)}`;
  // One connection: the owner serialises queries anyway, and a pool would only queue there.
  return openPostgres({
    connectionString,
    maxConnections: 1,
    kind: 'embedded-attached',
    location: `${owner.socketDir} (through process ${owner.pid})`,
  });
}

/** Unix socket paths are limited to ~107 bytes: a long DATA_DIR gets its socket in the temp folder. */
function socketDirFor(dataDir: string): string {
  if (socketFile(dataDir).length < 100) return dataDir;
  const dir = path.join(tmpdir(), `paperboy-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function socketFile(dir: string): string {
  return path.join(dir, '.s.PGSQL.5432');
}

function readLock(lockPath: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockInfo>;
    if (typeof info.pid === 'number') return { pid: info.pid, socketDir: info.socketDir ?? '', startedAt: info.startedAt ?? '' };
  } catch {
    // Missing, or half-written by an owner that is starting: treated as no owner only if absent.
    if (existsSync(lockPath)) return { pid: -1, socketDir: '', startedAt: '' };
  }
  return undefined;
}

/** Creates the lock without a socket yet: attachers wait until the owner has written it. */
function tryCreateLock(lockPath: string): boolean {
  try {
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, socketDir: '', startedAt: new Date().toISOString() }), {
      flag: 'wx',
    });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return true; // a lock being written: wait for it
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
