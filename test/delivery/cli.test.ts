// The operator's commands, run as the real CLI: send, status, retry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { sendDigests } from '../../src/delivery/index.js';
import { runPaperboy } from '../helpers/cli.js';
import type { TestDatabase } from '../../testkit/database.js';
import type { RecordingSink } from '../../testkit/recording-sink.js';
import { addSubscribers, openSendWorld, type SendWorld } from './helpers/world.js';

describe('send, status and retry commands', () => {
  let db: TestDatabase;
  let sink: RecordingSink;
  let app: App;
  let env: NodeJS.ProcessEnv;

  // Each test has its own world: the seed corpus and 12 readers, nothing sent yet.
  let world: SendWorld;
  beforeEach(async () => {
    ({ db, sink, app, env } = world = await openSendWorld());
    await addSubscribers(app.prisma, { count: 12, topics: 2 });
  });
  afterEach(() => world?.close());

  it('send --now sends the edition and says what happened', async () => {
    const result = await runPaperboy(['send', '--now'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^12 active subscribers considered: 12 digests sent\.$/m);
    expect(sink.accepted).toHaveLength(12);
  });

  /** Today's edition sent to all 12, as `send --now` does. */
  const sendToday = async () => expect(await sendDigests(await app.deliveryDeps(), { mode: 'now' })).toMatchObject({ sent: 12 });

  it('status shows the edition counts, the jobs and when the next digests are due', async () => {
    await sendToday();
    const json = await runPaperboy(['status', '--json'], env);
    expect(json.code).toBe(0);
    const status = JSON.parse(json.stdout);
    expect(status.editions).toHaveLength(1);
    expect(status.editions[0]).toMatchObject({ sent: 12, failed: 0, bounced: 0, skipped: 0, pending: 0 });
    expect(status.editions[0].completedAt).not.toBeNull();
    expect(new Date(status.nextSendRun).getTime()).toBeGreaterThan(Date.now());
    expect(status.nextDue.subscribers).toBe(12);
    const text = await runPaperboy(['status'], env);
    expect(text.stdout).toMatch(/^ {2}edition +sent +failed +bounced +skipped +state$/m);
    expect(text.stdout).toMatch(/daily:\d{4}-\d{2}-\d{2} +12 +0 +0 +0 +complete/);
    // Sent here without a recorded run: as far as the database knows, no service ever ran.
    expect(text.stdout.replace(/\n +/g, ' ')).toMatch(/^Next send run: \d{4}-\d{2}-\d{2} \d{2}:\d{2}Z if paperboy serve is running by then: no send run has begun on this database yet/m);
    expect(text.stdout).toMatch(/Next digests due: .* for 12 subscribers/);
    // Once a send run has begun (`paperboy send` records one, as the service does), the time alone.
    await runPaperboy(['send', '--now'], env);
    expect((await runPaperboy(['status'], env)).stdout).toMatch(/^Next send run: \d{4}-\d{2}-\d{2} \d{2}:\d{2}Z \(SEND_CRON/m);
  });

  it('retry --failed resends only the failed deliveries, and retry alone says what it needs', async () => {
    await sendToday();
    const failed = await app.prisma.delivery.findMany({ take: 2, orderBy: { id: 'asc' } });
    await app.prisma.delivery.updateMany({ where: { id: { in: failed.map((d) => d.id) } }, data: { status: 'failed', lastError: '451 4.7.1 try later' } });
    const pending = await runPaperboy(['status', '--json'], env);
    expect(JSON.parse(pending.stdout).editions[0]).toMatchObject({ sent: 10, failed: 2 });
    // The plain status names the command that sends them again.
    expect((await runPaperboy(['status'], env)).stdout).toMatch(/^ {2}Failed: 2 digests of these editions gave up after repeated failures; paperboy\n {10}retry --failed sends them again \(bounced ones are never retried\)$/m);

    const bare = await runPaperboy(['retry'], env);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/--failed/);

    const before = sink.accepted.length;
    const retry = await runPaperboy(['retry', '--failed', '--json'], env);
    expect(retry.code).toBe(0);
    expect(JSON.parse(retry.stdout)).toEqual({ reopened: 2, sent: 2, skipped: 0, skippedFor: { nothingNew: 0, withdrawn: 0, inactive: 0 }, failed: 0, bounced: 0, pending: 0 });
    expect(sink.accepted.slice(before).map((m) => m.messageId).sort()).toEqual(failed.map((d) => d.messageId).sort());

    // Everyone has today's edition: sending now again sends nothing, unless the day has turned
    // in between (a run across midnight), when it is the new day's edition, once per reader.
    const editionsBefore = (await app.prisma.edition.findMany({ select: { id: true } })).map((e) => e.id);
    const again = await runPaperboy(['send', '--now', '--json'], env);
    const newDay = await app.prisma.delivery.count({ where: { editionId: { notIn: editionsBefore } } });
    expect(newDay === 0 || newDay === 12).toBe(true);
    expect(JSON.parse(again.stdout)).toMatchObject({ subscribers: 12, sent: newDay, skipped: 0, failed: 0, alreadySent: 12 - newDay });
  });
});
