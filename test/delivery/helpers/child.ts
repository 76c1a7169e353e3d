// A `paperboy` command running in a child process, watched while it runs (the fault tests cut its
// database or signal it mid-run, then wait for it to end).
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, REPO_ROOT } from '../../../testkit/paths.js';

export interface RunningCommand {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null after a signal). */
  exited: Promise<number | null>;
}

export function startCommand(args: string[], env: NodeJS.ProcessEnv): RunningCommand {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits until `condition` holds; fails after `timeoutMs`, or when `running` ends first. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, running?: RunningCommand): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (running && running.child.exitCode !== null) throw new Error(`the command ended first (${running.child.exitCode}):\n${running.stderr()}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Accepted messages beyond the first of each Message-ID. */
export function duplicatesOf(accepted: ReadonlyArray<{ messageId: string }>): number {
  return accepted.length - new Set(accepted.map((m) => m.messageId)).size;
}
