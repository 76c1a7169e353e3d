// Embedded PostgreSQL (PGlite) under DATA_DIR, for a single machine with no database server.
//
// PGlite is single-process: two processes opening the same directory would corrupt it. So the first
// process to take the directory's OS-level lock (owner-lock.ts) becomes its owner: it opens the files
// and serves the database on a Unix socket in a private (0700) run directory; every other process
// (a CLI command next to `npm start`) finds the lock taken and attaches to that socket as an
// ordinary PostgreSQL client. The kernel frees the lock when the owner dies, so after a hard kill
// the next process simply becomes the owner, removes what the dead one left behind, and
// PostgreSQL's own WAL recovery runs when the directory is opened. DATA_DIR/pglite.lock is only a
// note for people (who owns it, since when); nothing trusts it.
import { chmodSync, existsSync, lstatSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { backupFolder, listBackups } from '../shared/backup-files.js';
import { makeDirectories } from '../shared/directories.js';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client.js';
import { askOwner, lockAddress, tryAcquire, type OwnerLock } from './owner-lock.js';
import { openPostgres } from './postgres.js';
import type { Database, SqlSession } from './types.js';

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

/** A command that only reads was run where DATA_DIR holds no database: nothing to read, and none is made. */
export class NoEmbeddedDatabaseError extends EmbeddedDatabaseError {
  override name = 'NoEmbeddedDatabaseError';
}

export interface EmbeddedOptions {
  dataDir: string;
  warn?: (message: string) => void;
  /** Told before a long wait nobody would otherwise understand (creating the database). */
  notice?: (message: string) => void;
  /** How long to wait for an owner that is still opening the database. */
  startWaitMs?: number;
  /** Refuse (NoEmbeddedDatabaseError) rather than create a database that does not exist yet. */
  mustExist?: boolean;
  /** A service: when attached, take the database over if its owner dies (see standby). */
  standby?: boolean;
}

interface Place {
  dataDir: string;
  /** DATA_DIR/pglite: PGlite's files. */
  pgDir: string;
  lockPath: string;
  runDir: string;
  warn: (message: string) => void;
  notice: (message: string) => void;
  /** Opened by a service (`paperboy serve`), not by a command. */
  service: boolean;
}

export async function openEmbedded(options: EmbeddedOptions): Promise<Database> {
  // `status` run from another directory spent 20 s creating an empty database there, and reported
  // "No edition yet" of it as if of the service's.
  if (options.mustExist && !existsSync(path.join(options.dataDir, 'pglite', 'PG_VERSION'))) {
    throw new NoEmbeddedDatabaseError(
      `there is no database in ${path.resolve(options.dataDir, 'pglite')} (DATA_DIR), and this command only reads one: run it in the service's directory, or set DATA_DIR (or DATABASE_URL) to the service's; paperboy migrate creates one.`,
    );
  }
  makeDirectories(options.dataDir);
  const dataDir = realpathSync(options.dataDir);
  const place: Place = { dataDir, pgDir: path.join(dataDir, 'pglite'), lockPath: path.join(dataDir, 'pglite.lock'), runDir: privateRunDir(dataDir), warn: options.warn ?? (() => {}), notice: options.notice ?? (() => {}), service: options.standby ?? false };
  const address = lockAddress(dataDir, place.runDir);
  const started = Date.now();
  let waitingSaid = false;
  for (;;) {
    const lock = await tryAcquire(address);
    if (lock) return own(place, lock);
    const owner = await askOwner(address);
    // The probe narrows the window in which an owner that just died would be attached to.
    if (owner?.ready && (await answers(socketFile(place.runDir)))) return options.standby ? standby(place, address, owner.pid) : attach(place.runDir, owner.pid);
    const waited = Date.now() - started;
    if (waited > (options.startWaitMs ?? 60_000)) {
      throw new EmbeddedDatabaseError(
        `Process ${owner?.pid ?? '?'} holds the embedded database in ${dataDir} but has not started serving it after ${Math.round(waited / 1000)} s: ` +
          `wait for it to finish starting, or stop it and try again.`,
      );
    }
    if (owner && !waitingSaid && waited > 2_000) {
      waitingSaid = true;
      place.warn(`Waiting for process ${owner.pid}, which is opening the embedded database in ${dataDir}.`);
    }
    await sleep(100);
  }
}

/** The files opened and served on the socket, by the holder of the lock. */
interface Served {
  pglite: PGlite;
  /** Stops serving (after the attached commands finish) and closes the files and the lock. */
  stop(): Promise<void>;
}

async function serveFiles(place: Place, lock: OwnerLock): Promise<Served> {
  const { pgDir } = place;
  const socketPath = socketFile(place.runDir);
  let pglite: PGlite;
  let server: PGLiteSocketServer;
  try {
    await clearLeftovers(place);
    // Creating the files takes 15-20 s on a small machine, silent without this line.
    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
      place.notice(`Creating the embedded database in ${pgDir} (first start: about 20 s)…`);
      // A `subscribe` typed in the wrong directory added the reader to a database of its own, and
      // said "Subscribed": the service, started elsewhere, never saw them.
      if (!place.service) place.notice('This is a new, empty database: a service started in another directory has its own (run commands where it runs, or set DATA_DIR).');
    }
    pglite = await openFiles(pgDir, place.dataDir);
    server = new PGLiteSocketServer({ db: pglite, path: socketPath, maxConnections: 16 });
    await server.start();
  } catch (error) {
    await lock.release();
    throw error;
  }
  lock.markReady();
  writeFileSync(place.lockPath, `${JSON.stringify({ pid: process.pid, socketDir: place.runDir, startedAt: new Date().toISOString() })}\n`);
  return {
    pglite,
    async stop() {
      await letAttachedFinish(server, place.warn);
      await server.stop();
      await pglite.close();
      rmSync(socketPath, { force: true });
      rmSync(place.lockPath, { force: true });
      await lock.release();
    },
  };
}

async function own(place: Place, lock: OwnerLock): Promise<Database> {
  const { pglite, stop } = await serveFiles(place, lock);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  let closed = false;
  return {
    prisma,
    kind: 'embedded',
    location: place.pgDir,
    withSession: (fn) => fn(pgliteSession(pglite)),
    // PGlite's own transactions wait for every other query of this process, Prisma's included.
    transaction: (fn) => pglite.transaction((tx) => fn(pgliteSession(tx))),
    writers: 1,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await stop();
    },
  };
}

/** How often a standby service looks whether the owner it is attached to is still there. */
const STANDBY_CHECK_MS = 1_000;

/**
 * A second `paperboy serve` on the same DATA_DIR (two `npm start`, or a new one started before the
 * old one is stopped) attaches like a command, but a service outlives its owner: attached for good,
 * it answered 503 to every page and failed every job once the owner was killed, until restarted by
 * hand. So it watches the lock and, when the owner dies, takes the files over and serves them on the
 * same socket, which its own connection (and every attached command's) reaches again.
 */
function standby(place: Place, address: string, ownerPid: number): Database {
  let served: Served | undefined;
  let looking: Promise<void> | undefined;
  let settle!: (servedHere: boolean) => void;
  const takenOver = new Promise<boolean>((resolve) => (settle = resolve));
  const lookForOwner = async () => {
    const lock = await tryAcquire(address);
    if (!lock) return;
    clearInterval(timer); // taken over or not, there is nothing more to watch
    try {
      served = await serveFiles(place, lock);
      place.warn(`Process ${ownerPid}, which served the embedded database in ${place.dataDir}, has stopped: this process serves it now.`);
      settle(true);
    } catch (error) {
      // Tried once: the message (a directory that cannot be opened after a hard kill) says how to recover.
      place.warn(`Process ${ownerPid}, which served the embedded database, has stopped, and this process cannot take it over: ${(error as Error).message}`);
      settle(false);
    }
  };
  const timer = setInterval(() => {
    if (looking) return;
    looking = lookForOwner()
      .catch((error: Error) => place.warn(`Looking for the embedded database's owner failed: ${error.message}`))
      .finally(() => (looking = undefined));
  }, STANDBY_CHECK_MS);
  timer.unref();
  const attached = attach(place.runDir, ownerPid, async () => {
    clearInterval(timer);
    await looking;
    settle(false); // no-op once settled
    // Our own connection is closed by now, so only other commands hold the stop.
    await served?.stop();
  });
  return {
    ...attached,
    takenOver,
    get kind() {
      return served ? 'embedded' : 'embedded-attached';
    },
    get location() {
      return served ? place.pgDir : attached.location;
    },
  };
}

/** How long a stopping owner keeps serving the commands attached to it. */
const ATTACHED_GRACE_MS = 30_000;

/**
 * A command attached to this process (a `send --now` beside `npm start`) is left to finish before
 * the socket closes: cut off, it could not record the messages it had in flight, and the next run
 * sent them again (a stop with Ctrl-C or SIGTERM duplicated what a kill -9 does). Bounded, so
 * that a command that never ends cannot hold the stop for ever.
 */
async function letAttachedFinish(server: PGLiteSocketServer, warn: (message: string) => void): Promise<void> {
  const attached = () => server.getStats().activeConnections;
  // A connection closed a moment ago (a standby service's own) is still counted until its close arrives.
  const settled = Date.now() + 500;
  while (attached() > 0 && Date.now() < settled) await sleep(20);
  if (attached() === 0) return;
  warn(`Waiting up to ${ATTACHED_GRACE_MS / 1000} s for ${attached()} command(s) attached to the embedded database to finish.`);
  const deadline = Date.now() + ATTACHED_GRACE_MS;
  while (attached() > 0 && Date.now() < deadline) await sleep(100);
}

/** PGlite itself, or one of its transactions, as a plain SQL session. */
function pgliteSession(target: Pick<PGlite, 'exec' | 'query'>): SqlSession {
  return {
    async exec(script) {
      await target.exec(script);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await target.query<T>(sql, params)).rows,
  };
}

async function openFiles(pgDir: string, dataDir: string): Promise<PGlite> {
  try {
    return await PGlite.create(pgDir);
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `The embedded database in ${pgDir} cannot be opened (${(error as Error).message}). ` +
        `This can follow a hard kill or a full disk. To recover: stop every paperboy process, move ${pgDir} aside ` +
        `(e.g. \`mv ${pgDir} ${pgDir}.broken\`) and start the service again (\`paperboy serve\`, or \`npm start\`): an empty ` +
        `database is created and migrated, and the corpus ingested again from SEEDS_DIR and the live sources. ${readersBack(dataDir)} ` +
        `Use DATABASE_URL with a PostgreSQL server for data you cannot lose.`,
    );
  }
}

/** How the readers come back: from the service's newest daily backup of the list, when there is one. */
function readersBack(dataDir: string): string {
  const newest = listBackups(dataDir)[0];
  if (!newest) return `Then re-import the subscribers from an export (\`paperboy subscribe --file\`): no daily backup was found in ${backupFolder(dataDir)}.`;
  return (
    `Then, beside it, bring the subscribers back from the service's newest daily backup, of ${newest.day} ` +
    `(schedules, topics, liked papers, marks and what each was sent): \`paperboy subscribe --file ${newest.file}\`.`
  );
}

/**
 * We hold the lock, so whatever a previous owner left is stale, with one exception: a socket that
 * still answers belongs to a process that serves these files without our lock (another container
 * with its own network, or an older paperboy). Opening the files then would corrupt them.
 */
async function clearLeftovers(place: Place): Promise<void> {
  const note = readNote(place.lockPath);
  // The socket of this version, and the one older versions kept in DATA_DIR itself.
  for (const socket of [socketFile(place.runDir), socketFile(place.dataDir)]) {
    if (!existsSync(socket)) continue;
    if (await answers(socket)) {
      throw new EmbeddedDatabaseError(
        `Another process${note?.pid ? ` (${note.pid}, per ${place.lockPath})` : ''} serves the embedded database in ${place.dataDir} ` +
          `on ${socket} without holding its lock (another container, or an older paperboy): stop it, then try again.`,
      );
    }
    rmSync(socket, { force: true });
  }
  if (note) {
    const who = note.pid ? `process ${note.pid} no longer holds it` : 'its lock file was left behind';
    place.warn(`The embedded database was not shut down cleanly (${who}); recovering it.`);
    rmSync(place.lockPath, { force: true });
  }
}

function attach(runDir: string, pid: number, onClose?: () => Promise<void>): Database {
  const connectionString = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(runDir)}`;
  // One connection: the owner serialises queries anyway, and a pool would only queue there.
  return openPostgres({ connectionString, maxConnections: 1, kind: 'embedded-attached', location: `process ${pid}, socket in ${runDir}`, onClose });
}

/**
 * Where the database socket lives: DATA_DIR/run, readable by this user only. Unix socket paths are
 * limited to ~107 bytes, so a long DATA_DIR gets a folder in the temp directory instead, which
 * another user could have created first: it must be a real directory of ours.
 */
function privateRunDir(dataDir: string): string {
  const inside = path.join(dataDir, 'run');
  const useInside = socketFile(inside).length < 100;
  const dir = useInside ? inside : path.join(tmpdir(), `paperboy-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`);
  makeDirectories(dir, 0o700);
  const stat = lstatSync(dir);
  const ours = stat.isDirectory() && (!process.getuid || stat.uid === process.getuid());
  if (!useInside && !ours) throw new EmbeddedDatabaseError(`${dir} is not a directory of this user: remove it and try again.`);
  if (ours && (stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return dir;
}

function socketFile(dir: string): string {
  return path.join(dir, '.s.PGSQL.5432');
}

function readNote(lockPath: string): { pid?: number } | undefined {
  if (!existsSync(lockPath)) return undefined;
  try {
    const note = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: unknown };
    return typeof note.pid === 'number' ? { pid: note.pid } : {};
  } catch {
    return {};
  }
}

function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect({ path: socket });
    probe.setTimeout(2_000, () => probe.destroy());
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
    probe.once('close', () => resolve(false));
  });
}
