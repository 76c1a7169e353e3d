// Builds the MIME of outgoing messages in worker threads. Encoding a digest (quoted-printable over
// ~30 KB of HTML and text) is the largest CPU cost of sending, larger than rendering or recording
// it; on the main thread it competes with everything else a send run does. The SMTP pool still
// sends every message from the main thread, as a ready-made raw message.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface MimePool {
  build(mail: Record<string, unknown>): Promise<Buffer>;
  close(): Promise<void>;
}

/** One thread per spare core, at most two: beyond that the SMTP server is the limit. */
export function defaultMimeThreads(): number {
  return Math.max(0, Math.min(2, availableParallelism() - 1));
}

interface Request {
  resolve: (message: Buffer) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Request>;
}

export function createMimePool(size: number): MimePool {
  let nextId = 0;
  let closing = false;
  const threads: Thread[] = [];

  const spawn = (): Thread => {
    const worker = new Worker(new URL('./mime-worker.mjs', import.meta.url), {
      // A thread's live data is the few messages it is building: a small heap keeps its garbage
      // collected often rather than letting it grow with the run.
      resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
    });
    const thread: Thread = { worker, pending: new Map() };
    thread.worker.unref(); // an idle pool must not keep a finished command alive
    thread.worker.on('message', ({ id, message, error }: { id: number; message?: Uint8Array; error?: string }) => {
      const request = thread.pending.get(id);
      thread.pending.delete(id);
      if (error !== undefined || !message) request?.reject(new Error(`building the message failed: ${error}`));
      else request?.resolve(Buffer.from(message.buffer, message.byteOffset, message.byteLength));
    });
    // A thread that dies fails what it was building (those deliveries are retried) and is replaced.
    let dead = false;
    const fail = (error: Error) => {
      if (dead) return; // 'error' is followed by 'exit'
      dead = true;
      for (const request of thread.pending.values()) request.reject(error);
      thread.pending.clear();
      if (!closing) threads.splice(threads.indexOf(thread), 1, spawn());
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => fail(new Error(`the MIME thread exited (${code})`)));
    return thread;
  };
  for (let i = 0; i < size; i++) threads.push(spawn());

  return {
    build(mail) {
      const thread = threads.reduce((best, t) => (t.pending.size < best.pending.size ? t : best));
      const id = nextId++;
      return new Promise<Buffer>((resolve, reject) => {
        thread.pending.set(id, { resolve, reject });
        thread.worker.postMessage({ id, mail });
      });
    },
    async close() {
      closing = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
