// Embedded mode cannot be opened twice (issue 18 point 8). Ownership is an OS-level lock, so the
// files people can touch (the pglite.lock note, a leftover socket) can neither let a second process
// open the same files nor stop a legitimate start. Real processes: `paperboy serve` and CLI commands.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/db/embedded.js';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { SEEDS_DIR } from '../../testkit/paths.js';
import { freePort, spawnServe, startServe } from '../helpers/serve.js';

const STACK_LINE = /^\s+at /m;
/** Starting the service takes seconds on an idle machine and minutes on a loaded one. */
const SERVE_WAIT_MS = 180_000;

const paperboy = (args: string[], env: NodeJS.ProcessEnv) => runPaperboy(args, env, { timeoutMs: SERVE_WAIT_MS });

/** Leaves a Unix socket file behind that nobody listens on: a process bound it, then was killed. */
async function leaveDeadSocket(socketPath: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

async function subscriberEmails(dataDir: string): Promise<string[]> {
  const db = await openEmbedded({ dataDir });
  try {
    return (await db.prisma.subscriber.findMany({ orderBy: { email: 'asc' } })).map((s) => s.email);
  } finally {
    await db.close();
  }
}

// Each test starts real processes on a machine that may be busy.
describe('embedded database ownership', { timeout: 420_000 }, () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    db = await createTestDatabase('embedded');
    env = { DATA_DIR: db.dataDir, OUTBOX_DIR: path.join(db.dataDir, 'outbox'), SEEDS_DIR };
  });
  afterEach(async () => db?.drop());

  it('keeps its socket in a private directory, and a deleted lock file lets no second process open the files', async () => {
    const port = await freePort();
    const serve = await startServe(env, port, SERVE_WAIT_MS);
    try {
      expect(statSync(path.join(db.dataDir, 'run')).mode & 0o777).toBe(0o700);
      rmSync(path.join(db.dataDir, 'pglite.lock'));
      const cli = await paperboy(['subscribe', 'attached@example.org', '--topic', 'LLMs'], env);
      expect(cli.stderr).not.toMatch(/EADDRINUSE|ECONNREFUSED/);
      expect(cli.code).toBe(0);
    } finally {
      serve.child.kill('SIGTERM');
    }
    expect(await serve.exited).toBe(0);
    expect(await subscriberEmails(db.dataDir)).toEqual(['attached@example.org']);
  });

  it('starts over a lock file naming a live, unrelated process and a leftover socket', async () => {
    const runDir = path.join(db.dataDir, 'run');
    mkdirSync(runDir, { recursive: true });
    // This test's own PID: alive, and nothing to do with the database.
    writeFileSync(path.join(db.dataDir, 'pglite.lock'), JSON.stringify({ pid: process.pid, socketDir: runDir, startedAt: new Date().toISOString() }));
    await leaveDeadSocket(path.join(runDir, '.s.PGSQL.5432'));
    await leaveDeadSocket(path.join(db.dataDir, '.s.PGSQL.5432')); // where older versions kept it
    const cli = await paperboy(['subscribe', 'first@example.org', '--topic', 'LLMs'], { ...env, LOG_LEVEL: 'warn' });
    expect(cli.stderr).not.toMatch(/ECONNREFUSED|unexpected error/);
    expect(cli.stderr).not.toMatch(STACK_LINE);
    expect(cli.stderr).toMatch(/not shut down cleanly/);
    expect(cli.code).toBe(0);
    expect(await subscriberEmails(db.dataDir)).toEqual(['first@example.org']);
  });

  it('refuses in one line when a process it cannot see still serves the files', async () => {
    // Stands for an owner in another container: it answers on the socket but holds no lock here.
    const socketPath = path.join(db.dataDir, '.s.PGSQL.5432');
    const squatter = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => squatter.stdout.once('data', resolve));
      const cli = await paperboy(['subscribe', 'second@example.org', '--topic', 'LLMs'], env);
      expect(cli.code).not.toBe(0);
      expect(cli.stderr.trim().split('\n')).toHaveLength(1);
      expect(cli.stderr).toMatch(/serves the embedded database .* without holding its lock .*: stop it, then try again/);
    } finally {
      squatter.kill('SIGKILL');
    }
  });

  it('a second service on another PORT stands by (no page, no job) until the first is killed, then takes the database over and serves', async () => {
    // Started from another directory, with its own PORT and outbox, it served pages and ran the
    // schedule beside the first, and sent that one's readers to its own outbox.
    const first = await startServe(env, await freePort(), SERVE_WAIT_MS);
    const port = await freePort();
    const second = spawnServe({ ...env, LOG_LEVEL: 'info' }, port);
    try {
      await waitForOutput(second, /stands by/);
      expect(second.output()).toMatch(/the embedded database in .* is served by another paperboy: this one stands by \(no pages, no jobs\), and serves on PORT \d+ once that one stops/);
      expect(await fetch(`${second.url}/healthz`).then(() => 'answered', () => 'not listening')).toBe('not listening');
      expect((await paperboy(['subscribe', 'before@example.org', '--topic', 'LLMs'], env)).code).toBe(0);
      first.child.kill('SIGKILL');
      const deadline = Date.now() + 60_000;
      let ok = false;
      while (!ok && Date.now() < deadline) {
        ok = await fetch(`${second.url}/healthz`).then((r) => r.ok, () => false);
        if (!ok) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ok, second.output()).toBe(true);
      expect(second.output()).toMatch(/has stopped: this process serves it now/);
      const cli = await paperboy(['subscribe', 'after@example.org', '--topic', 'LLMs'], env);
      expect(cli.stderr).not.toMatch(STACK_LINE);
      expect(cli.code).toBe(0);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      first.child.kill('SIGKILL');
      second.child.kill('SIGKILL');
    }
  });

  it('a second service on the same PORT stands by until the first stops, then serves', async () => {
    // Two `npm start` in one directory share its .env, so its PORT: the second exited at once
    // ("PORT … is already in use") instead of standing by as a second service does.
    const port = await freePort();
    const first = await startServe(env, port, SERVE_WAIT_MS);
    const second = spawnServe(env, port);
    try {
      await waitForOutput(second, /stands by/);
      expect(second.output()).toMatch(/is served by another paperboy: this one stands by/);
      expect(second.child.exitCode).toBeNull();
      first.child.kill('SIGKILL');
      const deadline = Date.now() + 60_000;
      let ok = false;
      while (!ok && Date.now() < deadline) {
        ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
        if (!ok) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ok, second.output()).toBe(true);
      expect(second.output()).toMatch(/has stopped: this process serves it now/);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      first.child.kill('SIGKILL');
      second.child.kill('SIGKILL');
    }
  });

  it('restarts right after SIGKILL, keeping what was written', async () => {
    const port = await freePort();
    const first = await startServe(env, port, SERVE_WAIT_MS);
    const cli = await paperboy(['subscribe', 'kept@example.org', '--topic', 'LLMs'], env);
    expect(cli.code).toBe(0);
    first.child.kill('SIGKILL');
    // No waiting for the killed process to be reaped: the next start races its exit.
    const second = await startServe({ ...env, LOG_LEVEL: 'info' }, port, SERVE_WAIT_MS);
    try {
      const again = await paperboy(['subscribe', 'after@example.org', '--topic', 'LLMs'], env);
      expect(again.stderr).not.toMatch(/ECONNREFUSED/);
      expect(again.code).toBe(0);
      expect(second.output()).toMatch(/not shut down cleanly/);
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exited).toBe(0);
    expect(await subscriberEmails(db.dataDir)).toEqual(['after@example.org', 'kept@example.org']);
  });
});

/** Waits (up to a minute) until the process has said this, or has exited. */
async function waitForOutput(serve: ReturnType<typeof spawnServe>, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!pattern.test(serve.output()) && serve.child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}
