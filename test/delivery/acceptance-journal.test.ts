// The journal of accepted messages: which stopped runs' journals a run applies before it claims
// (never a live process's recent one, never its own), and what applying one writes. The outage
// tests show the whole path: a run stopped by the database, then the next run, sends nothing twice.
import { spawnSync } from 'node:child_process';
import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ABANDONED_AFTER_MS, journalsToApply, openJournal, type JournalEntry } from '../../src/delivery/acceptance-journal.js';
import { claimantName } from '../../src/delivery/claimant.js';
import { planDeliveries } from '../../src/delivery/plan.js';
import { recordJournaled } from '../../src/delivery/store/index.js';
import { serviceStatus } from '../../src/ops/service-status.js';
import { tempDir } from '../../testkit/database.js';
import { appPerFile } from '../helpers/app-per-file.js';
import { addSubscribers } from './helpers/world.js';

const entry = (id: number): JournalEntry => ({ id, messageId: `<${id}@paperboy.test>`, response: '250 2.0.0 Ok: queued', subject: 'Your papers', at: '2026-12-05T07:00:01.000Z' });
const fileOf = (dir: string, claimant: string, run: string) => path.join(dir, `${encodeURIComponent(claimant)}~${run}.jsonl`);

describe('the journal of accepted messages', () => {
  const t = appPerFile();

  it("applies the journals of runs that ended, never a live process's recent one nor the run's own", () => {
    const dir = tempDir();
    const us = claimantName('journal-test');
    // A process of this machine that has exited: its pid is gone.
    const gone = claimantName('journal-test', spawnSync(process.execPath, ['-e', '']).pid!);
    const alive = claimantName('journal-test', process.ppid);
    const current = openJournal(dir, us, () => {});
    current.note(entry(1));
    const lines = (...ids: number[]) => ids.map((id) => JSON.stringify(entry(id))).join('\n');
    writeFileSync(fileOf(dir, us, 'earlier'), `${lines(2)}\n`);
    // Killed in the middle of an append: the last line is cut short, the others count.
    writeFileSync(fileOf(dir, gone, 'killed'), `${lines(3, 4)}\n{"id":5,"messageId":"<5@pa`);
    writeFileSync(fileOf(dir, alive, 'running'), `${lines(6)}\n`);
    writeFileSync(fileOf(dir, alive, 'idle'), `${lines(7)}\n`);
    const longAgo = (Date.now() - ABANDONED_AFTER_MS - 1000) / 1000;
    utimesSync(fileOf(dir, alive, 'idle'), longAgo, longAgo);
    writeFileSync(path.join(dir, 'notes.txt'), 'not a journal');

    const applied = journalsToApply(dir, us, current.file);
    expect(Object.fromEntries(applied.map((journal) => [path.basename(journal.file), journal.entries.map((e) => e.id)]))).toEqual({
      [path.basename(fileOf(dir, us, 'earlier'))]: [2],
      [path.basename(fileOf(dir, gone, 'killed'))]: [3, 4],
      [path.basename(fileOf(dir, alive, 'idle'))]: [7],
    });
    // A run that recorded everything leaves no journal behind.
    current.discard();
    expect(readdirSync(dir)).not.toContain(path.basename(current.file!));
    expect(journalsToApply(undefined, us, null)).toEqual([]);
    expect(journalsToApply(path.join(dir, 'none'), us, null)).toEqual([]);
  });

  it('records an open delivery sent with what the server answered, and leaves a finished one or another message alone', async () => {
    await addSubscribers(t.app.prisma, { count: 3, topics: 1 });
    const now = new Date('2026-12-05T07:00:00Z');
    await planDeliveries(t.app.prisma, { now, mode: 'now', mailFrom: t.app.config.mailFrom });
    // Its own deliveries: the tests of this file run in any order, and another may have planned too.
    const ours = { subscriber: { email: { startsWith: 'reader' } }, edition: { key: { contains: '2026-12-05' } } };
    const [claimed, waiting, finished] = await t.app.prisma.delivery.findMany({ where: ours, orderBy: { id: 'asc' } });
    await t.app.prisma.delivery.update({ where: { id: claimed!.id }, data: { status: 'sending', claimedBy: claimantName('stopped') } });
    await t.app.prisma.delivery.update({ where: { id: finished!.id }, data: { status: 'skipped' } });
    const journaled = (d: typeof claimed, messageId = d!.messageId) => ({ ...entry(d!.id), messageId, at: new Date('2026-12-05T07:00:01Z') });
    const found = await recordJournaled(t.app.prisma, [journaled(claimed), journaled(waiting, '<another@database>'), journaled(finished)]);
    expect(found).toBe(1);
    const after = await t.app.prisma.delivery.findMany({ where: ours, orderBy: { id: 'asc' } });
    expect(after[0]).toMatchObject({ status: 'sent', claimedBy: null, smtpResponse: '250 2.0.0 Ok: queued', subject: 'Your papers', sentAt: new Date('2026-12-05T07:00:01Z') });
    expect(after[1]).toMatchObject({ status: 'pending', sentAt: null });
    expect(after[2]).toMatchObject({ status: 'skipped' });
  });

  it('is counted by status until the next run records it', async () => {
    const dataDir = tempDir();
    const status = () => serviceStatus(t.app.prisma, { editions: 1, now: new Date(), sendCron: t.app.config.sendCron, sources: t.app.config, dataDir });
    // Its own deliveries, of another day's edition: the tests of this file run in any order.
    await addSubscribers(t.app.prisma, { count: 2, topics: 1, prefix: 'status-reader' });
    await planDeliveries(t.app.prisma, { now: new Date('2026-12-06T07:00:00Z'), mode: 'now', mailFrom: t.app.config.mailFrom });
    const [open, done] = await t.app.prisma.delivery.findMany({ where: { edition: { key: { contains: '2026-12-06' } } }, orderBy: { id: 'asc' }, take: 2 });
    await t.app.prisma.delivery.update({ where: { id: done!.id }, data: { status: 'sent' } });
    expect((await status()).acceptedUnrecorded).toBe(0);
    const stopped = openJournal(path.join(dataDir, 'journal'), claimantName('stopped'), () => {});
    stopped.note({ ...entry(open!.id), messageId: open!.messageId });
    stopped.note({ ...entry(done!.id), messageId: done!.messageId });
    expect((await status()).acceptedUnrecorded).toBe(1);
  });
});
