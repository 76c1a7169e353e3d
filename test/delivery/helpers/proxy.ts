// A TCP proxy between the application and PostgreSQL, so that a test can take the database away
// from one process without stopping the server other tests (and other people) use: `cut()` drops
// every open connection and stops listening (new connections are refused: ECONNREFUSED), `restore()`
// listens again on the same port. `freeze()` keeps every connection open and accepts new ones but
// forwards nothing (a partition, a frozen server: calls hang rather than fail) until `thaw()`.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface DatabaseProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  through(url: string): string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startDatabaseProxy(target: { host: string; port: number }): Promise<DatabaseProxy> {
  const sockets = new Set<Socket>();
  let frozen = false;
  // Bytes held while frozen, per destination, written out in order on thaw.
  const held = new Map<Socket, Buffer[]>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      held.delete(socket);
    });
    socket.on('error', () => {});
  };
  const forward = (from: Socket, to: Socket) =>
    from.on('data', (chunk: Buffer) => {
      if (!frozen) return void to.write(chunk);
      if (!held.has(to)) held.set(to, []);
      held.get(to)!.push(chunk);
    });
  const listen = (port: number): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        track(client);
        track(upstream);
        forward(client, upstream);
        forward(upstream, client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  let server: Server | null = await listen(0);
  const port = (server.address() as { port: number }).port;
  const stop = async () => {
    const closing = server;
    server = null;
    if (!closing) return;
    const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return {
    port,
    through(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut: stop,
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const [to, chunks] of held) for (const chunk of chunks) to.write(chunk);
      held.clear();
    },
    async restore() {
      if (!server) server = await listen(port);
    },
    close: stop,
  };
}
