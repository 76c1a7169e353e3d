// A CSV import reports its progress row by row (the command draws a bar from it: a file of a few
// thousand rows takes tens of seconds), and a label repeated on every row resolves alike each time.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../src/corpus/index.js';
import { SEEDS_DIR } from '../../testkit/paths.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase } from '../../testkit/database.js';
import { UserError } from '../../src/shared/errors.js';
import { editionHistoryOf } from '../../src/delivery/index.js';
import { importSubscribersCsv } from '../../src/subscriptions/index.js';
import { appPerFile } from '../helpers/app-per-file.js';

describe('importing subscribers from a CSV file', () => {
  const t = appPerFile();
  /** How `subscribe --file` imports, on 3 December 2026 in UTC. */
  const importOptions = () => ({ defaultTimeZone: 'UTC', now: new Date('2026-12-03T12:00:00Z'), history: editionHistoryOf(t.app.prisma) });

  it('reports each imported row, and resolves a repeated label alike on every row', async () => {
    const csv = ['email,topics', 'a@example.org,LLM; gecko adhesion', 'not an address,LLM', 'b@example.org,llms', 'c@example.org,LLM'].join('\n');
    const progress: Array<[number, number]> = [];
    const report = await importSubscribersCsv(t.app.prisma, csv, { ...importOptions(), onProgress: (done, total) => progress.push([done, total]) });
    expect(report).toMatchObject({ rows: 4, created: 3, errors: [{ line: 3 }] });
    // The rejected row is reported as an error, not counted as work done.
    expect(progress).toEqual([[1, 3], [2, 3], [3, 3]]);
    const interests = await t.app.prisma.interest.findMany({ select: { topicSlug: true, label: true, subscriber: { select: { email: true } } } });
    const slugsOf = (email: string) => interests.filter((interest) => interest.subscriber.email === email).map((interest) => interest.topicSlug ?? interest.label).sort();
    expect(slugsOf('a@example.org')).toEqual(['gecko adhesion', 'llms']);
    expect(slugsOf('b@example.org')).toEqual(['llms']);
    expect(slugsOf('c@example.org')).toEqual(['llms']);
  });

  it('refuses a header with a column one or two letters from one it reads, and imports nothing; ignores other columns', async () => {
    // "timzone" and "hours" were read as columns of their own and ignored: the reader got 07:00 UTC.
    const typo = ['email,topics,timzone,hours', 'typo@example.org,LLM,Europe/Berlin,9'].join('\n');
    await expect(importSubscribersCsv(t.app.prisma, typo, importOptions())).rejects.toThrow(
      'The CSV file\'s header has "timzone" (did you mean "timezone"?), "hours" (did you mean "hour"?): rename them (or remove the column); nothing was imported.',
    );
    expect(await t.app.prisma.subscriber.count({ where: { email: 'typo@example.org' } })).toBe(0);
    // A spreadsheet's own columns ("name" is two letters from "size", and not a slip of it) are ignored.
    const extra = ['email,topics,name,notes', 'extra@example.org,LLM,Ada,met at NeurIPS'].join('\n');
    expect(await importSubscribersCsv(t.app.prisma, extra, importOptions())).toMatchObject({ created: 1, errors: [] });
  });

  it('names the line a row starts on, though an earlier or the same row spans several (an export\'s papers, one per line)', async () => {
    const options = importOptions();
    const csv = [
      'email,topics,hour,sent',
      'lines-a@example.org,LLM,7,"2301.00001',
      '2301.00002',
      '2301.00003"',
      '',
      'lines-b@example.org,LLM,24,"2301.00004',
      '2301.00005"',
      'lines-c@example.org,LLM,25,',
    ].join('\n');
    const report = await importSubscribersCsv(t.app.prisma, csv, options);
    expect(report.errors).toEqual([
      { line: 6, message: expect.stringMatching(/^hour: /) },
      { line: 8, message: expect.stringMatching(/^hour: /) },
    ]);
  });

  it("gives a new reader the link key of the export's linkkey column, unless another reader holds it", async () => {
    const options = importOptions();
    await importSubscribersCsv(t.app.prisma, 'email,topics\nholder@example.org,LLM\n', options);
    const held = (await t.app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'holder@example.org' } })).linkKey;
    const csv = [
      'email,topics,linkkey',
      // An export quotes a key that starts with "-" (a spreadsheet would read it as a formula).
      "dash@example.org,LLM,'-abcdefghijklmnopqrstu",
      'kept@example.org,LLM,Zabcdefghijklmnopqrstu',
      `taken@example.org,LLM,${held}`,
      'bad@example.org,LLM,not a key',
      'none@example.org,LLM,',
    ].join('\n');
    const report = await importSubscribersCsv(t.app.prisma, csv, options);
    expect(report).toMatchObject({ created: 4, errors: [{ line: 5, message: 'linkkey: must be a key as paperboy subscribers --csv writes it, or empty' }] });
    const keyOf = async (email: string) => (await t.app.prisma.subscriber.findUniqueOrThrow({ where: { email } })).linkKey;
    expect(await keyOf('dash@example.org')).toBe('-abcdefghijklmnopqrstu');
    expect(await keyOf('kept@example.org')).toBe('Zabcdefghijklmnopqrstu');
    expect(await keyOf('taken@example.org')).not.toBe(held);
    expect(await keyOf('none@example.org')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // A reader already on the list keeps theirs, whatever the file says.
    await importSubscribersCsv(t.app.prisma, 'email,topics,linkkey\nkept@example.org,LLM,Yabcdefghijklmnopqrstu\n', options);
    expect(await keyOf('kept@example.org')).toBe('Zabcdefghijklmnopqrstu');
  });

  it('refuses an empty file, or a wrong header over no rows, as it refuses a wrong header over rows', async () => {
    // These were "Imported 0 of 0 rows" and exit 0: a failed export, or the wrong file, read as done.
    const options = importOptions();
    for (const [csv, message] of [
      ['', 'The CSV file needs a header line "email,topics": it is empty.'],
      ['\n\n', 'The CSV file needs a header line "email,topics": it is empty.'],
      ['mail,topic\n', 'The CSV file needs a header line "email,topics"; its first line is "mail,topic".'],
      ['mail,topic\na@example.org,LLM\n', 'The CSV file needs a header line "email,topics"; its first line is "mail,topic".'],
      // A spreadsheet's "CSV" in a language with decimal commas: one column, named with its semicolon.
      ['Email;Topics\na@example.org;LLM\n', 'The CSV file needs a header line "email,topics"; its first line, "Email;Topics", has its columns separated by semicolons: save it with commas between the columns (topics within a field separated by ";").'],
    ] as const) {
      const refused = importSubscribersCsv(t.app.prisma, csv, options);
      await expect(refused, JSON.stringify(csv)).rejects.toBeInstanceOf(UserError);
      await expect(refused).rejects.toThrow(message);
    }
    // A header and no rows is a list with nobody on it: nothing to import, and nothing wrong.
    expect(await importSubscribersCsv(t.app.prisma, 'email,topics\n', options)).toMatchObject({ rows: 0, created: 0, errors: [] });
  });

  it("never makes an active reader of a row whose status column says they left, bounced or never confirmed", async () => {
    // `paperboy subscribers --csv` as it writes an export, re-imported into an empty database (the
    // README's way back after moving a broken embedded database aside): unsubscribed and suspended
    // readers came back as active, confirmed subscribers, and were mailed again.
    const options = importOptions();
    await importSubscribersCsv(t.app.prisma, 'email,topics\nknown-left@example.org,LLM\n', options);
    await t.app.prisma.subscriber.update({ where: { email: 'known-left@example.org' }, data: { status: 'unsubscribed' } });
    const csv = [
      'email,status,topics,frequency,hour,weekday,timezone,size,subscribed,confirmed,suspended,reason',
      'stays@example.org,active,LLM,daily,7,1,UTC,10,2026-12-01,2026-12-01,,',
      'left@example.org,unsubscribed,LLM,daily,7,1,UTC,10,2026-12-01,2026-12-01,,',
      'bounced@example.org,Suspended,LLM,daily,7,1,UTC,10,2026-12-01,2026-12-01,2026-12-02,550 5.1.1 user unknown',
      'never@example.org,pending,LLM,daily,7,1,UTC,10,2026-12-01,,,',
      'known-left@example.org,unsubscribed,diffusion models,daily,7,1,UTC,10,2026-12-01,2026-12-01,,',
      'odd@example.org,gone,LLM,daily,7,1,UTC,10,2026-12-01,2026-12-01,,',
      'resting@example.org,paused,LLM,daily,7,1,UTC,10,2026-12-01,2026-12-01,,',
    ].join('\n');
    const report = await importSubscribersCsv(t.app.prisma, csv, options);
    expect(report).toMatchObject({ rows: 7, created: 4, updated: 1 });
    // Never confirmed: not brought in at all.
    expect(report.leftOut).toEqual([{ line: 5, email: 'never@example.org', status: 'pending' }]);
    expect(report.notActive).toEqual([
      { line: 3, email: 'left@example.org', status: 'unsubscribed', created: true },
      { line: 4, email: 'bounced@example.org', status: 'suspended', created: true },
      { line: 6, email: 'known-left@example.org', status: 'unsubscribed', created: false },
    ]);
    expect(report.errors).toEqual([{ line: 7, message: expect.stringMatching(/^status: must be one of pending, active, paused, unsubscribed, suspended/) }]);
    const emails = ['stays', 'left', 'bounced', 'never', 'known-left', 'odd', 'resting'].map((name) => `${name}@example.org`);
    const stored = () => t.app.prisma.subscriber.findMany({ where: { email: { in: emails } }, select: { email: true, status: true }, orderBy: { email: 'asc' } });
    const asImported = [
      // Left or bounced in the file: on the list as they left, never mailed.
      { email: 'bounced@example.org', status: 'suspended' },
      // Already on the list, the row changed their topics only, as any row does: still unsubscribed.
      { email: 'known-left@example.org', status: 'unsubscribed' },
      { email: 'left@example.org', status: 'unsubscribed' },
      // Paused in the file: on the list again, and still paused, not mailed.
      { email: 'resting@example.org', status: 'paused' },
      { email: 'stays@example.org', status: 'active' },
    ];
    expect(await stored()).toEqual(asImported);
    // An older list, from before they left (an earlier backup), brings nobody back: left out
    // instead of kept, they were off the list, and this import made them active readers again.
    const older = ['email,status,topics', 'left@example.org,active,LLM', 'bounced@example.org,active,LLM'].join('\n');
    expect(await importSubscribersCsv(t.app.prisma, older, options)).toMatchObject({ created: 0, errors: [] });
    expect(await stored()).toEqual(asImported);
  });

  it("reads back a cell the export shielded from spreadsheets with an apostrophe ('@home robots)", async () => {
    const options = importOptions();
    const csv = `email,topics\nathome@example.org,"'@home robots;=sum;diffusion models"\n`;
    expect(await importSubscribersCsv(t.app.prisma, csv, options)).toMatchObject({ created: 1, errors: [] });
    const interests = await t.app.prisma.interest.findMany({ where: { subscriber: { email: 'athome@example.org' } }, orderBy: { id: 'asc' } });
    expect(interests.map((interest) => interest.label)).toEqual(['@home robots', '=sum', 'Diffusion models']);
  });

  it("keeps each reader's schedule from the export's columns, and names a bad one by its column", async () => {
    // An export re-imported into a new database gave every reader the default schedule: a Tokyo
    // reader's weekly Friday digest at 18:00 became a daily one at 7:00 in the default zone.
    const options = importOptions();
    await importSubscribersCsv(t.app.prisma, 'email,topics\nmoved@example.org,LLM\n', options);
    const csv = [
      'email,status,topics,frequency,hour,weekday,timezone,size,subscribed,confirmed,suspended,reason',
      // A day may be written as the day (as a person types it in a spreadsheet).
      'tokyo@example.org,active,LLM,weekly,18,Fri,Asia/Tokyo,25,2026-12-01,2026-12-01,,',
      'plain@example.org,active,LLM,,,,,,2026-12-01,2026-12-01,,',
      'moved@example.org,active,LLM,Daily,9,1,America/New_York,10,2026-12-01,2026-12-01,,',
      'late@example.org,active,LLM,daily,24,8,Mars/Olympus,10,2026-12-01,2026-12-01,,',
    ].join('\n');
    const report = await importSubscribersCsv(t.app.prisma, csv, options);
    expect(report).toMatchObject({ rows: 4, created: 2, updated: 1, unchanged: 0 });
    expect(report.errors).toEqual([{ line: 5, message: 'hour: must be 0–23, not "24"; weekday: must be 1–7 (1 = Monday) or a day (friday), not "8"; timezone: "Mars/Olympus" is not a known time zone (use a name such as Europe/Berlin)' }]);
    const stored = await t.app.prisma.subscriber.findMany({
      where: { email: { in: ['tokyo@example.org', 'plain@example.org', 'moved@example.org', 'late@example.org'] } },
      select: { email: true, frequency: true, sendHour: true, sendWeekday: true, timeZone: true, digestSize: true },
      orderBy: { email: 'asc' },
    });
    expect(stored).toEqual([
      { email: 'moved@example.org', frequency: 'daily', sendHour: 9, sendWeekday: 1, timeZone: 'America/New_York', digestSize: 10 },
      // Empty cells: the defaults, as for a file with only email and topics.
      { email: 'plain@example.org', frequency: 'daily', sendHour: 7, sendWeekday: 1, timeZone: 'UTC', digestSize: 10 },
      { email: 'tokyo@example.org', frequency: 'weekly', sendHour: 18, sendWeekday: 5, timeZone: 'Asia/Tokyo', digestSize: 25 },
    ]);
    // Imported again, the same file changes nothing.
    expect(await importSubscribersCsv(t.app.prisma, csv, options)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('reads the papers a row says the reader likes, and names a row that gives neither topics nor papers', async () => {
    const options = importOptions();
    const csv = [
      'email,topics,liked',
      'likes@example.org,,"[2303.09769] Denoising Diffusion Autoencoders are Unified Self-supervised Learners\nA note on gecko adhesion nobody has ingested"',
      'link@example.org,LLM,https://openreview.net/forum?id=abc',
      'nothing@example.org,,',
    ].join('\n');
    const report = await importSubscribersCsv(t.app.prisma, csv, options);
    expect(report).toMatchObject({ rows: 3, created: 1 });
    // Lines of the file: the liked cell of the first row holds two.
    expect(report.errors).toEqual([
      { line: 4, message: expect.stringMatching(/^liked: https:\/\/openreview\.net\/forum\?id=abc is a link Paperboy cannot read a paper from/) },
      { line: 5, message: 'topics: choose at least one topic, or name papers they like in a liked column' },
    ]);
    const liked = await t.app.prisma.likedPaper.findMany({ where: { subscriber: { email: 'likes@example.org' } }, select: { arxivId: true, title: true }, orderBy: { id: 'asc' } });
    expect(liked).toEqual([
      { arxivId: '2303.09769', title: 'Denoising Diffusion Autoencoders are Unified Self-supervised Learners' },
      { arxivId: null, title: 'A note on gecko adhesion nobody has ingested' },
    ]);
    // The same file again: the papers are on the list already, nothing changes.
    expect(await importSubscribersCsv(t.app.prisma, csv, options)).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });

  it('refuses a row that marks one paper both more and less like this', async () => {
    const options = importOptions();
    const report = await importSubscribersCsv(t.app.prisma, 'email,topics,more,less\ntorn@example.org,LLM,2303.09769,2303.09769\n', options);
    expect(report.errors).toEqual([{ line: 2, message: 'more, less: 2303.09769 is in both: a reader has one mark per paper' }]);
    expect(report.created).toBe(0);
  });

  it('imported again once the corpus holds a liked paper, ties it to the paper instead of liking it twice', async () => {
    // The import's own advice when a column names papers the corpus lacks: ingest, then import the
    // same file again ("nothing else changes"). The liked paper kept by its title came back a second time.
    // Its own database: it ingests a page the other tests of this file expect the corpus to lack.
    const db = await createTestDatabase('postgres');
    const app = await openTestApp(db);
    try {
      const options = { defaultTimeZone: 'UTC', now: new Date('2026-12-05T12:00:00Z'), history: editionHistoryOf(app.prisma) };
      const title = 'Denoising Diffusion Autoencoders are Unified Self-supervised Learners';
      const csv = `email,topics,liked\nlater@example.org,,"[2303.09769] ${title}"\n`;
      expect(await importSubscribersCsv(app.prisma, csv, options)).toMatchObject({ created: 1, errors: [] });
      const liked = () => app.prisma.likedPaper.findMany({ where: { subscriber: { email: 'later@example.org' } } });
      expect(await liked()).toEqual([expect.objectContaining({ title, paperId: null, arxivId: '2303.09769' })]);
      await ingestFiles(app.db, [path.join(SEEDS_DIR, '002_346b18e231d628d7.txt')], { now: options.now });
      expect(await importSubscribersCsv(app.prisma, csv, options)).toMatchObject({ created: 0, errors: [] });
      const paper = await app.prisma.paper.findFirstOrThrow({ where: { title } });
      expect(await liked()).toEqual([expect.objectContaining({ title, paperId: paper.id, arxivId: '2303.09769' })]);
      expect(await importSubscribersCsv(app.prisma, csv, options)).toMatchObject({ unchanged: 1 });
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
