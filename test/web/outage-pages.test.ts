// The database away under a running web server (through a proxy, cut): the pages answer 503 with
// Retry-After, as /healthz does; /admin names the outage for the operator, readers are told to come
// back, never "something went wrong on our side" as for a bug.
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { buildServer } from '../../src/web/server.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { startDatabaseProxy, type DatabaseProxy } from '../delivery/helpers/proxy.js';
import { RELAXED } from './harness.js';

const ADMIN_TOKEN = 'admin-token-for-outage-tests';

describe('pages while the database is away', () => {
  let db: TestDatabase;
  let proxy: DatabaseProxy;
  let app: App;
  let server: FastifyInstance;
  const logged: Array<{ level: number; msg: string; err?: unknown; reason?: string }> = [];
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const url = db.url!; // a PostgreSQL database always has one
    const target = new URL(url);
    proxy = await startDatabaseProxy({ host: target.hostname, port: Number(target.port || 5432) });
    app = await openTestApp(db, { env: { DATABASE_URL: proxy.through(url), ADMIN_TOKEN }, log: pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) }) });
    server = await buildServer(app, RELAXED);
    expect((await server.inject({ method: 'GET', url: `/admin?token=${ADMIN_TOKEN}` })).statusCode).toBe(200);
    await proxy.cut();
  });
  afterAll(async () => {
    await proxy?.restore();
    await server?.close();
    await app?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('says once, in one line, that the database is unreachable however often /healthz is asked', async () => {
    for (let i = 0; i < 3; i++) expect((await server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(503);
    const health = logged.filter((entry) => entry.msg.startsWith('health check'));
    expect(health).toHaveLength(1);
    expect(health[0]).toMatchObject({ level: 40, msg: 'health check: database unreachable (said again when it answers)' });
    expect(health[0]!.err).toBeUndefined(); // a reason, not the driver's stack
    expect(health[0]!.reason).toBeTruthy();
  });

  it('answers 503 with what happened: the outage for the operator, come back later for readers', async () => {
    const health = await server.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
    const admin = await server.inject({ method: 'GET', url: `/admin?token=${ADMIN_TOKEN}` });
    expect(admin.statusCode).toBe(503);
    expect(admin.headers['retry-after']).toBe('30');
    expect(admin.body).toContain('The database is not answering');
    expect(admin.body).toMatch(/The database did not answer \([^)]+\)\. \/healthz answers 503 meanwhile/);
    expect(admin.body).not.toContain('Something went wrong on our side');
    const home = await server.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(503);
    expect(home.body).toContain('Paperboy cannot reach its storage just now');
    const topics = await server.inject({ method: 'GET', url: '/api/topics', headers: { accept: 'application/json' } });
    expect(topics.statusCode).toBe(503);
    expect(topics.json().error.code).toBe('database_unavailable');
  });
});
