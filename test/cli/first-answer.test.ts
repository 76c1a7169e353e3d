// A connection lost while a command opens the database is told apart from a wrong address. A
// backend terminated during the migration (a restart, an operator's pg_terminate_backend) read
// "closed the connection before answering as PostgreSQL; is the port right?" and exited 2, as if
// the setting were wrong; the same server had just answered. CI saw it once in the ingest-outage test.
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../testkit/app.js';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { runPaperboy } from '../helpers/cli.js';

/**
 * A relay to the test server that decides, for each connection in turn, whether to hang up on it
 * when the client first speaks (closing it, or resetting it as a server does that hangs up before
 * reading), or to relay it and hang up when the client has sent `hangUpAt` chunks.
 */
async function startRelay(plan: (index: number) => { hangUpAt: number } | 'hang up' | 'reset') {
  const target = new URL(ADMIN_URL);
  const sockets = new Set<Socket>();
  let index = 0;
  const server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => {});
    const step = plan(index++);
    if (step === 'hang up') return void client.once('data', () => client.destroy());
    if (step === 'reset') return void client.once('data', () => client.resetAndDestroy());
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    let chunks = 0;
    client.on('data', (chunk) => {
      if (++chunks >= step.hangUpAt) {
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    urlFor(databaseUrl: string) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String((server.address() as AddressInfo).port);
      return url.toString();
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a connection lost while the database is opened', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(async () => db?.drop());

  it('is an outage, exit 1, once the server has answered: not a wrong port', { timeout: 60_000 }, async () => {
    // The first connection answers `SELECT 1` (startup, then the query) and is cut at the migration's
    // first statement; every later one is hung up on.
    const relay = await startRelay((index) => (index === 0 ? { hangUpAt: 3 } : 'hang up'));
    try {
      const result = await runPaperboy(['status'], testEnv(db, { DATABASE_URL: relay.urlFor(db.url!) }));
      expect(result.stderr).not.toMatch(/is the port right/);
      expect(result.stderr).toMatch(/^paperboy: the database did not answer \(.*\): stopped$/m);
      expect(result.code).toBe(1);
    } finally {
      await relay.stop();
    }
  });

  // CI saw the reset once: a server that hangs up before reading what was sent resets the connection.
  it.each(['hang up', 'reset'] as const)('is asked again when the very first connection is met with a %s, and the command runs', { timeout: 60_000 }, async (first) => {
    const relay = await startRelay((index) => (index === 0 ? first : { hangUpAt: Infinity }));
    try {
      const result = await runPaperboy(['status'], testEnv(db, { DATABASE_URL: relay.urlFor(db.url!) }));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    } finally {
      await relay.stop();
    }
  });

  it.each(['hang up', 'reset'] as const)('is a wrong port, exit 2, when every connection is met with a %s', { timeout: 60_000 }, async (every) => {
    const relay = await startRelay(() => every);
    try {
      const result = await runPaperboy(['status'], testEnv(db, { DATABASE_URL: relay.urlFor(db.url!) }));
      expect(result.stderr).toMatch(/closed the connection before answering as PostgreSQL; is the port right\?/);
      expect(result.code).toBe(2);
    } finally {
      await relay.stop();
    }
  });
});
