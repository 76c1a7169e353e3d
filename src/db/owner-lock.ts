// Who owns an embedded data directory, decided by the operating system rather than by a file.
//
// The owner listens on a Unix socket named after the directory's real path. On Linux it lives in the
// abstract namespace: it has no file, and the kernel frees the name the moment the owning process
// exits, however it exits (SIGKILL included). So a lock file deleted by hand, or one left naming a
// PID that now belongs to another program, can no longer make two processes open the same files.
// Elsewhere (macOS) the socket is a file in the private run directory; a file that refuses
// connections has no owner behind it and is replaced.
//
// Every connection to the lock socket is answered with one JSON line: the owner's PID, and whether
// it already serves the database. Attachers use that to wait for an owner that is still starting.
// Limit: abstract names are per network namespace; two containers with separate networks sharing
// one volume are caught by the leftover-socket probe in embedded.ts only once the first serves.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface OwnerLock {
  /** Tells attachers that the database socket is up. */
  markReady(): void;
  release(): Promise<void>;
}

export interface OwnerAnswer {
  pid: number;
  ready: boolean;
}

export function lockAddress(realDataDir: string, runDir: string): string {
  if (process.platform !== 'linux') return path.join(runDir, 'owner.sock');
  const digest = createHash('sha256').update(realDataDir).digest('hex').slice(0, 40);
  return `\0paperboy-pglite-${digest}`;
}

/** Becomes the owner, or answers undefined when a live process already is. */
export async function tryAcquire(address: string): Promise<OwnerLock | undefined> {
  const server = await listen(address);
  if (server) return ownerLock(server);
  if (address.startsWith('\0')) return undefined;
  // A socket file: if nobody answers on it, its owner is gone and the name can be taken.
  if (await askOwner(address)) return undefined;
  rmSync(address, { force: true });
  const retried = await listen(address);
  return retried ? ownerLock(retried) : undefined;
}

/** The owner's answer, or undefined when nobody listens (the owner just exited). */
export function askOwner(address: string): Promise<OwnerAnswer | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ path: address });
    let text = '';
    socket.setEncoding('utf8');
    socket.setTimeout(5_000, () => socket.destroy());
    socket.on('data', (chunk) => (text += chunk));
    socket.on('error', () => resolve(undefined));
    socket.on('close', () => {
      try {
        const answer = JSON.parse(text) as Partial<OwnerAnswer>;
        resolve({ pid: Number(answer.pid), ready: answer.ready === true });
      } catch {
        resolve(undefined);
      }
    });
  });
}

function listen(address: string): Promise<net.Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(undefined);
      else reject(error);
    });
    server.listen({ path: address, exclusive: true }, () => resolve(server));
  });
}

function ownerLock(server: net.Server): OwnerLock {
  let ready = false;
  server.on('connection', (socket) => {
    socket.on('error', () => {}); // an attacher that hangs up early is no concern of the owner
    socket.end(`${JSON.stringify({ pid: process.pid, ready })}\n`);
  });
  // The lock must not keep a finished command alive; the database socket server decides that.
  server.unref();
  return {
    markReady: () => {
      ready = true;
    },
    release: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
