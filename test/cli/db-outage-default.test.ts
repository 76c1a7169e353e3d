// `send --claim-timeout 5` cuts the default --db-outage (30 s) to half the claim timeout: the
// bound an outage may last must stay under half a claim. The cut was silent, so an operator who
// gave only --claim-timeout could not know the run would stop after 2.5 s of database silence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorSubscriptionSchema, subscribeConfirmed } from '../../src/subscriptions/index.js';
import { runPaperboy } from '../helpers/cli.js';
import { openSendWorld, type SendWorld } from '../delivery/helpers/world.js';

const CUT = 'paperboy: --db-outage is 2.5 s (half of --claim-timeout 5), not the default 30 s';

describe('the default --db-outage cut by a short --claim-timeout', { timeout: 120_000 }, () => {
  let world: SendWorld;
  beforeAll(async () => {
    world = await openSendWorld();
    const input = operatorSubscriptionSchema.parse({ email: 'ada@example.org', topics: ['diffusion models'], preferences: { timeZone: 'UTC' } });
    await subscribeConfirmed(world.app.prisma, input, { source: 'cli', defaultTimeZone: 'UTC', now: new Date() });
  });
  afterAll(() => world?.close());

  it('is said in one stderr line by send and retry; --json stdout stays the summary', async () => {
    const send = await runPaperboy(['send', '--now', '--json', '--claim-timeout', '5'], world.env);
    expect(send.stderr.trim().split('\n')).toEqual([CUT]);
    // Sent now, or already by the other test's run (tests run in random order): either way, no failure.
    const report = JSON.parse(send.stdout);
    expect(report, send.stdout).toMatchObject({ subscribers: 1, failed: 0 });
    expect(report.sent + report.alreadySent, send.stdout).toBe(1);
    expect(send.code).toBe(0);

    const retry = await runPaperboy(['retry', '--failed', '--json', '--claim-timeout', '5'], world.env);
    expect(retry.stderr.trim().split('\n')).toEqual([CUT]);
    expect(JSON.parse(retry.stdout)).toMatchObject({ reopened: 0 });
  });

  it('is not said when nothing was cut: a --db-outage given, or a claim timeout long enough for the default', async () => {
    for (const args of [['--claim-timeout', '5', '--db-outage', '2'], ['--claim-timeout', '60'], []]) {
      const run = await runPaperboy(['send', '--json', ...args], world.env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
  });
});
