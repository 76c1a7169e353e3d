// `paperboy send` when a recipient's server answers 451 (try again later): the run may wait up to
// --wait minutes for the retry, and says so on stderr the moment it starts waiting, instead of
// sitting silent. The command runs as a real child process against a real SMTP server; the test
// stops it with SIGTERM once it has said it waits (the run then gives the retry back).
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operatorSubscriptionSchema, subscribeConfirmed } from '../../src/subscriptions/index.js';
import { BIN, REPO_ROOT } from '../../testkit/paths.js';
import { runPaperboy } from '../helpers/cli.js';
import { openSendWorld, type SendWorld } from '../delivery/helpers/world.js';

describe('send waiting for a retry', { timeout: 180_000 }, () => {
  let world: SendWorld;
  beforeEach(async () => {
    // One mailbox's server is busy: every attempt for it is deferred.
    world = await openSendWorld({ onRecipient: (to) => (to === 'busy@example.org' ? { code: 451, message: '4.7.1 Try again later' } : undefined) });
    for (const email of ['ok@example.org', 'busy@example.org']) {
      const input = operatorSubscriptionSchema.parse({ email, topics: ['diffusion models'], preferences: { timeZone: 'UTC' } });
      await subscribeConfirmed(world.app.prisma, input, { source: 'cli', defaultTimeZone: 'UTC', now: new Date() });
    }
  });
  afterEach(() => world?.close());

  it('says on stderr, once, that it waits for the retry and how to not wait; --json stdout stays the summary', async () => {
    const run = await untilWaiting(['send', '--now', '--json'], world.env);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^paperboy: waiting up to 10 min for 1 retry after a temporary failure, due at \d\d:\d\d UTC \(--wait 0 to leave it to the next scheduled send\)$/);
    // Stopped while waiting: what was sent is reported, the retry is left for the next run.
    expect(JSON.parse(run.stdout)).toMatchObject({ subscribers: 2, sent: 1, pending: 1 });
    expect(run.code).toBe(3);
    expect(world.sink.accepted.map((m) => m.to)).toEqual(['ok@example.org']);

    // --wait 0: nothing to wait for, nothing said; the retry stays pending for the schedule.
    const noWait = await runPaperboy(['send', '--wait', '0', '--json'], world.env);
    expect(noWait.stderr).toBe('');
    expect(JSON.parse(noWait.stdout)).toMatchObject({ pending: 1 });
  });

  it('documents --wait and the --json keys the command prints', async () => {
    const printed = JSON.parse((await runPaperboy(['send', '--now', '--wait', '0', '--json'], world.env)).stdout) as Record<string, unknown>;
    const keys = Object.entries(printed)
      .map(([key, value]) => (typeof value === 'object' && value !== null ? `${key}: {${Object.keys(value).join(', ')}}` : key))
      .join(', ');
    const help = await runPaperboy(['send', '--help'], world.env);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(`print only the summary {${keys}} as JSON`);
    expect(help.stdout).toMatch(/--wait <minutes>/);
  });
});

/** Runs the command until it says it waits for a retry, then stops it as an operator's Ctrl-C would. */
function untilWaiting(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (!stopped && /waiting up to/.test(stderr)) {
        stopped = true;
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
