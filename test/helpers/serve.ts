// Starts `paperboy serve` in a child process and waits until /healthz answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../../testkit/paths.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts `paperboy serve` without waiting for it (startServe waits until it answers). */
export function spawnServe(env: NodeJS.ProcessEnv, port: number, cwd = REPO_ROOT): ServeProcess {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/paperboy.js'), 'serve'], {
    cwd,
    // FEED_URL: the feed is on by default; a test that wants it passes a local server.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, FEED_URL: 'off', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

export async function startServe(env: NodeJS.ProcessEnv, port: number, timeoutMs = 60_000, cwd = REPO_ROOT): Promise<ServeProcess> {
  const serve = spawnServe(env, port, cwd);
  const { child, url } = serve;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited early (${child.exitCode}):\n${serve.output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not become healthy in time:\n${serve.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return serve;
}
