// The embedded database's way back after its files stop opening (a hard kill, a full disk): the
// service writes the list once a day, with what each reader was sent, and the error that refuses the
// broken files names the newest backup, which `subscribe --file` reads back whole.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { openEmbedded } from '../../src/db/embedded.js';
import { importedWords, serviceStatus } from '../../src/ops/index.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { serviceJobs } from '../../src/schedule/jobs.js';
import { backupRoster, eraseFromBackups, eraseSubscriber, importSubscribersCsv, subscribeConfirmed } from '../../src/subscriptions/index.js';
import { planDeliveries } from '../../src/delivery/plan.js';
import { editionHistoryOf } from '../../src/delivery/index.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, tempDir, type Backend, type TestDatabase } from '../../testkit/database.js';
import { ingestSeeds } from '../../testkit/seeds.js';

const NOW = new Date('2026-12-05T02:15:00Z');

describe("the list's daily backup", { timeout: 120_000 }, () => {
  const opened: Array<{ app: App; db: TestDatabase }> = [];
  const open = async (backend: Backend) => {
    const db = await createTestDatabase(backend);
    const app = await openTestApp(db);
    opened.push({ app, db });
    return { app, db };
  };
  afterEach(async () => {
    for (const { app, db } of opened.splice(0)) {
      await app.close();
      await db.drop();
    }
  });

  /** Two readers, one of whom was sent three papers. */
  async function readersWithHistory(app: App) {
    await ingestSeeds(app.db, NOW);
    const options = { source: 'cli' as const, defaultTimeZone: 'UTC', now: NOW };
    const ada = await subscribeConfirmed(app.prisma, { email: 'ada@example.org', topics: ['diffusion models'], preferences: { timeZone: 'Asia/Tokyo', sendHour: 18 } }, options);
    await subscribeConfirmed(app.prisma, { email: 'bob@example.org', topics: ['retrieval'], preferences: {} }, options);
    const papers = await app.prisma.paper.findMany({ orderBy: { id: 'asc' }, take: 3, select: { id: true, arxivId: true, title: true } });
    const edition = await app.prisma.edition.create({ data: { key: 'daily:2026-12-04', date: new Date('2026-12-04') } });
    const delivery = await app.prisma.delivery.create({ data: { editionId: edition.id, subscriberId: ada.subscriberId, status: 'sent', messageId: '<a@x>', webToken: 'a', sentAt: NOW } });
    await app.prisma.sentPaper.createMany({ data: papers.map((paper, i) => ({ subscriberId: ada.subscriberId, paperId: paper.id, deliveryId: delivery.id, at: new Date(NOW.getTime() - (3 - i) * 1000) })) });
    return papers.map((paper) => paper.arxivId ?? paper.title);
  }

  it("is the embedded database's job: a file readable by the service alone that a new database imports whole", async () => {
    const { app, db } = await open('embedded');
    const sent = await readersWithHistory(app);
    const jobs = await serviceJobs(app, new AbortController().signal);
    expect(jobs.find((job) => job.name === 'backup')).toMatchObject({ cron: '15 2 * * *', exclusive: true, expectedFailures: true });
    expect(jobs.find((job) => job.name === 'backup')?.runAtStart).toBeFalsy();
    const scheduler = createScheduler({ prisma: app.prisma, log: app.log, clock: app.clock }, jobs);
    await scheduler.runNow('backup');
    await scheduler.stop();
    const status = await serviceStatus(app.prisma, { editions: 1, now: NOW, sendCron: app.config.sendCron, sources: app.config });
    expect(status.jobs.find((job) => job.name === 'backup')).toMatchObject({ off: null, lastError: null, okAt: expect.any(Date) });

    const folder = path.join(db.dataDir, 'backups');
    const [name, ...others] = readdirSync(folder);
    expect(others).toEqual([]);
    expect(name).toMatch(/^subscribers-\d{4}-\d\d-\d\d\.csv$/);
    const file = path.join(folder, name!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => row.email)).toEqual(['ada@example.org', 'bob@example.org']);
    expect(rows[0]).toMatchObject({ topics: 'Diffusion models', timezone: 'Asia/Tokyo', hour: '18', sent: sent.join('\n'), lastedition: 'daily:2026-12-04' });
    expect(rows[1]).toMatchObject({ sent: '', lastedition: '' });

    // A new database with the same corpus: the readers come back with what they were sent.
    const fresh = await open('postgres');
    await ingestSeeds(fresh.app.db, NOW);
    const report = await importSubscribersCsv(fresh.app.prisma, readFileSync(file, 'utf8'), { defaultTimeZone: 'UTC', now: NOW, history: editionHistoryOf(fresh.app.prisma) });
    expect(report).toMatchObject({ created: 2, errors: [], sent: { recorded: 3, notInCorpus: 0 } });
    const ada = await fresh.app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'ada@example.org' }, include: { sent: { include: { paper: true }, orderBy: { at: 'asc' } } } });
    expect(ada.sent.map((entry) => entry.paper.arxivId ?? entry.paper.title)).toEqual(sent);
    expect(ada.sent.every((entry) => entry.deliveryId === null)).toBe(true);
    // The edition she had reads complete, as it did where it came from.
    expect(await fresh.app.prisma.edition.findUniqueOrThrow({ where: { key: 'daily:2026-12-04' } })).toMatchObject({ completedAt: NOW });
    // She had that day's edition: a send run on it owes her nothing more (she got it a second time,
    // with other papers), while Bob, who had none, gets his.
    await planDeliveries(fresh.app.prisma, { now: new Date('2026-12-04T10:00:00Z'), mode: 'due', mailFrom: fresh.app.config.mailFrom });
    const deliveries = await fresh.app.prisma.delivery.findMany({ select: { status: true, subscriber: { select: { email: true } }, edition: { select: { key: true } } }, orderBy: { id: 'asc' } });
    expect(deliveries.map((d) => [d.subscriber.email, d.edition.key, d.status])).toEqual([
      ['ada@example.org', 'daily:2026-12-04', 'sent'],
      ['bob@example.org', 'daily:2026-12-04', 'pending'],
    ]);
    // The operator is not told that this database sent her that edition, nor that erasing her
    // removed a digest it sent.
    const editionNow = async () => (await serviceStatus(fresh.app.prisma, { editions: 1, now: NOW, sendCron: fresh.app.config.sendCron, sources: fresh.app.config })).editions[0];
    expect(await editionNow()).toMatchObject({ key: 'daily:2026-12-04', sent: 0, imported: 1, pending: 1 });
    expect(importedWords((await editionNow())!)).toBe('1 reader had daily:2026-12-04 (sent, or nothing new to send) in the database the list was imported from (subscribe --file)');
    await eraseSubscriber(fresh.app.prisma, 'ada@example.org');
    expect(await editionNow()).toMatchObject({ sent: 0, imported: 0, pending: 1 });
  });

  it('no longer holds a reader once they are erased, so a recovery from it does not bring them back', async () => {
    const { app, db } = await open('embedded');
    await readersWithHistory(app);
    const history = editionHistoryOf(app.prisma);
    await backupRoster(app.prisma, history, db.dataDir, new Date('2026-12-04T02:15:00Z'));
    await backupRoster(app.prisma, history, db.dataDir, NOW);
    await eraseSubscriber(app.prisma, 'ada@example.org');
    expect(await eraseFromBackups(db.dataDir, 'ADA@example.org')).toBe(2);
    const folder = path.join(db.dataDir, 'backups');
    for (const name of readdirSync(folder)) {
      const text = readFileSync(path.join(folder, name), 'utf8');
      expect(text).not.toContain('ada@example.org');
      expect(statSync(path.join(folder, name)).mode & 0o777).toBe(0o600);
      // Bob's row, and the header, as they were.
      const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
      expect(rows.map((row) => row.email)).toEqual(['bob@example.org']);
    }
    // Erasing someone the backups never held changes no file.
    expect(await eraseFromBackups(db.dataDir, 'nobody@example.org')).toBe(0);
  });

  it('keeps a week of files, and writes none for an empty list', async () => {
    const { app } = await open('postgres');
    const dataDir = tempDir();
    expect(await backupRoster(app.prisma, editionHistoryOf(app.prisma), dataDir, NOW)).toEqual({ subscribers: 0, file: null });
    expect(readdirSync(path.join(dataDir, 'backups'))).toEqual([]);
    for (let day = 20; day <= 27; day++) writeFileSync(path.join(dataDir, 'backups', `subscribers-2026-11-${day}.csv`), 'email,topics\n');
    writeFileSync(path.join(dataDir, 'backups', 'notes.txt'), 'the operator keeps this');
    await readersWithHistory(app);
    const written = await backupRoster(app.prisma, editionHistoryOf(app.prisma), dataDir, NOW);
    expect(written).toEqual({ subscribers: 2, file: path.join(dataDir, 'backups', 'subscribers-2026-12-05.csv') });
    expect(readdirSync(path.join(dataDir, 'backups')).sort()).toEqual([
      'notes.txt',
      ...[22, 23, 24, 25, 26, 27].map((day) => `subscribers-2026-11-${day}.csv`),
      'subscribers-2026-12-05.csv',
    ]);
    // Run again the same day, the day's file is replaced whole.
    await app.prisma.subscriber.deleteMany({ where: { email: 'bob@example.org' } });
    expect(await backupRoster(app.prisma, editionHistoryOf(app.prisma), dataDir, NOW)).toMatchObject({ subscribers: 1 });
    expect(readFileSync(written.file!, 'utf8')).not.toContain('bob@example.org');
  });

  it('fails, naming the newest backup, when the list is empty but that backup holds readers', async () => {
    // A table damaged after a hard kill read as empty: every command said "no subscriber", and the
    // job said it succeeded.
    const { app } = await open('postgres');
    const dataDir = tempDir();
    await readersWithHistory(app);
    await backupRoster(app.prisma, editionHistoryOf(app.prisma), dataDir, new Date('2026-12-04T02:15:00Z'));
    await app.prisma.subscriber.deleteMany({});
    const file = path.join(dataDir, 'backups', 'subscribers-2026-12-04.csv');
    const problem = `the list is empty, but the backup of 2026-12-04 holds 2 readers: if they did not all leave, the database has lost them (a damaged file after a hard kill or a full disk): bring them back with paperboy subscribe --file ${file} (if the database's files cannot be opened at all, first stop the service, move ${path.join(dataDir, 'pglite')} aside and start it again). If the list was emptied on purpose, delete ${path.join(dataDir, 'backups')}.`;
    await expect(backupRoster(app.prisma, editionHistoryOf(app.prisma), dataDir, NOW)).rejects.toThrow(problem);
    // status says it at once, not only the next night's backup run.
    const status = (dir?: string) => serviceStatus(app.prisma, { editions: 1, now: NOW, sendCron: app.config.sendCron, sources: app.config, dataDir: dir });
    expect((await status(dataDir)).listLost).toBe(problem);
    expect((await status(tempDir())).listLost).toBeNull();
    expect(readdirSync(path.join(dataDir, 'backups'))).toEqual(['subscribers-2026-12-04.csv']);
    // A backup whose rows had all left holds no reader to lose.
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll(',active,', ',unsubscribed,'));
    expect((await status(dataDir)).listLost).toBeNull();
  });

  it('is named, with the command that reads it, when the embedded files cannot be opened', async () => {
    const dataDir = tempDir();
    // Files no PostgreSQL opens, as a hard kill mid-write or a full disk can leave them.
    mkdirSync(path.join(dataDir, 'pglite'));
    writeFileSync(path.join(dataDir, 'pglite', 'PG_VERSION'), '99\n');
    await expect(openEmbedded({ dataDir })).rejects.toThrow(/no daily backup was found in .*backups\./);
    mkdirSync(path.join(dataDir, 'backups'));
    for (const day of ['2026-12-03', '2026-12-04']) writeFileSync(path.join(dataDir, 'backups', `subscribers-${day}.csv`), 'email,topics\n');
    const refused = openEmbedded({ dataDir });
    await expect(refused).rejects.toThrow(/move .*pglite aside/);
    await expect(refused).rejects.toThrow(
      `Then, beside it, bring the subscribers back from the service's newest daily backup, of 2026-12-04 (schedules, topics, liked papers, marks and what each was sent): \`paperboy subscribe --file ${path.join(dataDir, 'backups', 'subscribers-2026-12-04.csv')}\`.`,
    );
  });
});
