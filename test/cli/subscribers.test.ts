// The operator's chores on the list, as the real command: list and export, unsubscribe, erase.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { openTestApp, testEnv } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, tempDir, type TestDatabase } from '../../testkit/database.js';
import { BIN, REPO_ROOT } from '../../testkit/paths.js';

describe('subscriber chores', { timeout: 180_000 }, () => { // several commands a test, each seconds on a loaded machine
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let app: App;
  let editionId: number;
  // Each test has its own list: Ada, Bob and Carol (suspended), Ada with one digest sent.
  beforeEach(async () => {
    db = await createTestDatabase('postgres');
    env = testEnv(db);
    for (const args of [
      ['ada@example.org', '--topic', 'diffusion models', '--topic', 'my own =SUM(A1) topic'],
      ['bob@example.org', '--topic', 'retrieval'],
      ['carol@example.org', '--topic', 'Diffusion models', '--frequency', 'weekly', '--weekday', '3', '--hour', '8', '--timezone', 'Europe/Berlin'],
    ]) {
      expect((await runPaperboy(['subscribe', ...args], env)).code).toBe(0);
    }
    // Carol's digests stopped after hard bounces; Ada got one digest.
    app = await openTestApp(db);
    const carol = await app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'carol@example.org' } });
    const ada = await app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'ada@example.org' } });
    const edition = await app.prisma.edition.create({ data: { key: 'daily:2026-11-30', date: new Date('2026-11-30') } });
    editionId = edition.id;
    await app.prisma.delivery.create({ data: { editionId, subscriberId: carol.id, status: 'bounced', messageId: '<c@x>', webToken: 'c', lastError: '550 5.1.1 mailbox unknown' } });
    await app.prisma.delivery.create({ data: { editionId, subscriberId: ada.id, status: 'sent', messageId: '<a@x>', webToken: 'a', sentAt: new Date() } });
    await app.prisma.subscriber.update({ where: { id: carol.id }, data: { status: 'suspended' } });
    await app.prisma.subscriptionEvent.create({ data: { subscriberId: carol.id, type: 'suspended', source: 'bounce', detail: { hardBounces: 3 } } });
  }, 240_000); // three child processes, each many seconds on a loaded machine
  afterEach(async () => {
    await app?.close();
    await db?.drop();
  });

  it('keeps the columns in step whatever the length of an address or a time zone', async () => {
    const long = ['rather.long+papers@lab.org', '--topic', 'retrieval', '--timezone', 'America/Argentina/ComodRivadavia'];
    expect((await runPaperboy(['subscribe', ...long], env)).code).toBe(0);
    const lines = (await runPaperboy(['subscribers', '--status', 'active'], env)).stdout.trim().split('\n').slice(0, -1);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    // The address and the time zone leave no room for the topics beside them: under each row.
    const rows = lines.filter((line) => !line.startsWith(' '));
    expect(rows).toHaveLength(3);
    // Status and schedule each start at one place on every row, the topics at one place under them.
    for (const column of [/ active /, / daily /]) expect(new Set(rows.map((line) => line.search(column))).size).toBe(1);
    expect(lines.filter((line) => line.startsWith(' ')).map((line) => line.search(/\S/))).toEqual([4, 4, 4]);
  });

  it('stacks a reader whose address cannot share 80 columns with the rest of their row, and keeps the others in step', async () => {
    const address = 'a.very.long.address.of.someone@department.university.example.org';
    const args = [address, '--topic', 'retrieval', '--timezone', 'America/Argentina/Buenos_Aires', '--frequency', 'weekly', '--weekday', 'friday'];
    expect((await runPaperboy(['subscribe', ...args], env)).code).toBe(0);
    const lines = (await runPaperboy(['subscribers', '--status', 'active'], env)).stdout.trim().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    // Before, this one address padded every row to 121 columns.
    const at = lines.indexOf(address);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines.slice(at + 1, at + 3)).toEqual(['    active  weekly Fri 07:00 America/Argentina/Buenos_Aires', '    Retrieval and search']);
    expect(lines.filter((line) => /^(ada|bob)@example\.org +active +daily 07:00 UTC +\S/.test(line))).toHaveLength(2);
  });

  it('wraps long topics under their column within 80 columns, one topic whole where it fits; --csv and --json keep them as they are', async () => {
    const topics = ['large language model agents for scientific discovery', 'retrieval augmented generation over private corpora', 'protein structure prediction'];
    expect((await runPaperboy(['subscribe', 'dan@example.org', ...topics.flatMap((topic) => ['--topic', topic])], env)).code).toBe(0);
    const table = (await runPaperboy(['subscribers', '--topic', topics[0]!], env)).stdout;
    const lines = table.trim().split('\n').slice(0, -1);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^dan@example\.org +active +daily 07:00 UTC +large language model agents for$/);
    // Every further line starts under the first topic, and together they say every topic.
    const column = lines[0]!.indexOf('large');
    for (const line of lines.slice(1)) expect(line.search(/\S/)).toBe(column);
    expect(lines.map((line) => line.trim()).join(' ')).toMatch(/large language model agents for scientific discovery, retrieval augmented generation over private corpora, protein structure prediction$/);
    // A topic that fits on a line is not cut in two.
    expect(lines.some((line) => line.trim() === 'protein structure prediction' || line.endsWith(' protein structure prediction'))).toBe(true);
    const csv = parse((await runPaperboy(['subscribers', '--topic', topics[0]!, '--csv'], env)).stdout, { columns: true }) as Array<Record<string, string>>;
    expect(csv[0]!.topics).toBe(topics.join(';'));
    const json = JSON.parse((await runPaperboy(['subscribers', '--topic', topics[0]!, '--json'], env)).stdout);
    expect(json[0].topics).toEqual(topics);
  });

  it('lists everyone, and says why a suspended address stopped', async () => {
    const all = await runPaperboy(['subscribers'], env);
    expect(all.code).toBe(0);
    // Three rows, the count, and under Carol's row why she was suspended (two lines within 80 columns).
    expect(all.stdout.trim().split('\n').filter((line) => !line.startsWith('    '))).toHaveLength(4);
    expect(all.stdout).toMatch(/^3 subscribers\.$/m);
    const suspended = await runPaperboy(['subscribers', '--status', 'suspended'], env);
    const lines = suspended.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^carol@example\.org +suspended +weekly Wed 08:00 Europe\/Berlin +Diffusion models$/);
    // Why, under the row, wrapped within 80 columns.
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const why = lines.filter((line) => line.startsWith('    ')).map((line) => line.trim()).join(' ');
    expect(why).toMatch(/^suspended \d{4}-\d\d-\d\d after 3 hard bounces; last refusal: 550 5\.1\.1 mailbox unknown$/);
    // One bounce is one bounce, and one subscriber one subscriber.
    await app.prisma.subscriptionEvent.updateMany({ where: { type: 'suspended' }, data: { detail: { hardBounces: 1 } } });
    const one = await runPaperboy(['subscribers', '--status', 'suspended'], env);
    expect(one.stdout).toMatch(/ after 1 hard bounce; last refusal: /);
    expect(one.stdout).toMatch(/^1 subscriber\.$/m);
    // Liked papers are an interest too: counted beside the topics, and alone when there are none.
    const bob = await app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'bob@example.org' } });
    await app.prisma.likedPaper.createMany({ data: ['A Paper', 'Another Paper'].map((title) => ({ subscriberId: bob.id, title })) });
    const withLiked = await runPaperboy(['subscribers', '--status', 'active'], env);
    expect(withLiked.stdout).toMatch(/^bob@example\.org .* Retrieval and search, 2 liked papers$/m);
    await app.prisma.interest.deleteMany({ where: { subscriberId: bob.id } });
    expect((await runPaperboy(['subscribers', '--status', 'active'], env)).stdout).toMatch(/^bob@example\.org .* 07:00 UTC +2 liked papers$/m);
    const listed = JSON.parse((await runPaperboy(['subscribers', '--status', 'active', '--json'], env)).stdout);
    expect(listed.find((entry: { email: string }) => entry.email === 'bob@example.org')).toMatchObject({ topics: [], likedPapers: 2 });
  });

  it('exports by topic as CSV a spreadsheet reads safely, and as JSON', async () => {
    const result = await runPaperboy(['subscribers', '--topic', 'diffusion models', '--csv'], env);
    expect(result.code).toBe(0);
    const rows = parse(result.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => row.email)).toEqual(['ada@example.org', 'carol@example.org']);
    expect(rows[0]!.topics).toBe('Diffusion models;my own =SUM(A1) topic');
    expect(rows[1]).toMatchObject({ status: 'suspended', frequency: 'weekly', hour: '8', weekday: '3', timezone: 'Europe/Berlin' });
    const json = JSON.parse((await runPaperboy(['subscribers', '--status', 'active', '--json'], env)).stdout);
    expect(json.map((entry: { email: string }) => entry.email)).toEqual(['ada@example.org', 'bob@example.org']);
    expect(JSON.parse((await runPaperboy(['subscribers', '--topic', 'nobody has this', '--json'], env)).stdout)).toEqual([]);
    // The topic as `subscribe` reads it: another name for it finds the same readers.
    const singular = JSON.parse((await runPaperboy(['subscribers', '--topic', 'Diffusion model', '--json'], env)).stdout);
    expect(singular.map((entry: { email: string }) => entry.email)).toEqual(['ada@example.org', 'carol@example.org']);
    const bad = await runPaperboy(['subscribers', '--status', 'gone'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('paperboy: --status must be one of pending, active, paused, unsubscribed, suspended');
  });

  it('exports a list that subscribe --file reads back whole: schedules, zones, liked papers, marks and what each reader was sent', async () => {
    // The README's way back after moving a broken embedded database aside is an export re-imported
    // into a new one; it gave every reader the default schedule and lost the papers they like.
    const dora = ['dora@example.org', '--like', '[2303.09769] Denoising Diffusion Autoencoders are Unified Self-supervised Learners', '--like', 'A note on gecko adhesion nobody has ingested', '--frequency', 'weekly', '--weekday', '5', '--hour', '18', '--timezone', 'Asia/Tokyo', '--size', '25'];
    expect((await runPaperboy(['subscribe', ...dora], env)).code).toBe(0);
    // Her marks: two papers of both seed pages, and one of a page the new database will not have.
    const both = join(REPO_ROOT, 'seeds/001_9a059b36130610fa.txt');
    const onlyHere = join(REPO_ROOT, 'seeds/000_96ce6ec1c06ae053.txt');
    expect((await runPaperboy(['ingest', both, onlyHere], env)).code).toBe(0);
    const [more, less, missing] = ['HiCMAE: Hierarchical Contrastive Masked Autoencoder for Self-Supervised Audio-Visual Emotion Recognition', 'Matryoshka Representation Learning', 'Provable Scaling Laws of Feature Emergence from Learning Dynamics of Grokking'];
    expect((await runPaperboy(['feedback', 'dora@example.org', '--more', more!, '--more', missing!, '--less', less!], env)).code).toBe(0);
    // What Ada was sent: the first two papers her next digest would bring, and one paper the new
    // database will not have. A new database must not send her the two again.
    const adaNext = JSON.parse((await runPaperboy(['preview', '--email', 'ada@example.org', '--json'], env)).stdout) as Array<{ title: string }>;
    const sentTitles = adaNext.slice(0, 2).map((paper) => paper.title);
    const ada = await app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'ada@example.org' }, include: { deliveries: true } });
    const sentPapers = await app.prisma.paper.findMany({ where: { title: { in: [...sentTitles, missing!] } } });
    expect(sentPapers).toHaveLength(3);
    await app.prisma.sentPaper.createMany({ data: sentPapers.map((paper) => ({ subscriberId: ada.id, paperId: paper.id, deliveryId: ada.deliveries[0]!.id })) });
    const exported = await runPaperboy(['subscribers', '--csv'], env);
    expect(exported.code).toBe(0);
    const file = join(tempDir(), 'list.csv');
    writeFileSync(file, exported.stdout);
    const fresh = await createTestDatabase('postgres');
    try {
      const freshEnv = testEnv(fresh);
      expect((await runPaperboy(['ingest', both], freshEnv)).code).toBe(0);
      const imported = await runPaperboy(['subscribe', '--file', file], freshEnv);
      // The mark on a paper this corpus lacks is named, with how to add it once the paper is here.
      expect(imported.stdout).toContain(`dora@example.org: the "more like this" mark on "${missing}" was not imported: the paper is not in the corpus (once it is ingested, paperboy feedback dora@example.org --more "${missing}" adds it).`);
      expect(`${imported.stdout}${imported.stderr}`).toMatch(/carol@example\.org.*suspended/);
      // What Ada was sent: entered, but for the paper this corpus lacks, which is named with what to do.
      expect(imported.stdout).toContain('Entered 2 papers of the sent columns as already sent: none of them is sent again to the reader who had it.');
      // Named, once: "1,353 papers" was one paper in 1,353 readers' rows.
      expect(imported.stdout).toContain(`1 paper of the sent columns, in 1 reader's row, is not in the corpus and was not entered: "${missing}". Once ingested, it could be sent again to that reader. Ingest first (paperboy ingest, paperboy fetch), then import the file again: nothing else changes.`);
      const adaNow = JSON.parse((await runPaperboy(['preview', '--email', 'ada@example.org', '--json'], freshEnv)).stdout) as Array<{ title: string }>;
      expect(adaNow.length).toBeGreaterThan(0);
      expect(adaNow.map((paper) => paper.title)).not.toContain(sentTitles[0]);
      expect(adaNow.map((paper) => paper.title)).not.toContain(sentTitles[1]);
      const again = await runPaperboy(['subscribers', '--csv'], freshEnv);
      // Everyone, Carol still suspended (when and why as the first list said), with what they had;
      // only the dates of subscribing and confirming are new.
      const withoutDates = (csv: string) => (parse(csv, { columns: true }) as Array<Record<string, string>>).map(({ subscribed: _s, confirmed: _c, ...row }) => row);
      const doraWithout = (row: Record<string, string>) => (row.email === 'dora@example.org' ? { ...row, more: more! } : row);
      const adaWithout = (row: Record<string, string>) => (row.email === 'ada@example.org' ? { ...row, sent: row.sent!.split('\n').filter((ref) => ref !== missing).join('\n') } : row);
      expect(withoutDates(exported.stdout).find((row) => row.email === 'ada@example.org')!.sent!.split('\n')).toHaveLength(3);
      // Their link keys came along (so the links of the emails they have keep working).
      expect(withoutDates(again.stdout)).toEqual(withoutDates(exported.stdout).map(doraWithout).map(adaWithout));
      // The same file again changes nothing: the ledger keeps each paper once.
      expect((await runPaperboy(['subscribe', '--file', file], freshEnv)).stdout).toMatch(/0 new, 0 updated, 4 unchanged/);
      expect(withoutDates(again.stdout).find((row) => row.email === 'dora@example.org')).toMatchObject({
        more, less,
        topics: '', frequency: 'weekly', hour: '18', weekday: '5', timezone: 'Asia/Tokyo', size: '25',
        liked: '[2303.09769] Denoising Diffusion Autoencoders are Unified Self-supervised Learners\nA note on gecko adhesion nobody has ingested',
      });
    } finally {
      await fresh.drop();
    }
  });

  it('unsubscribes an address once, as an event in its history', async () => {
    const first = await runPaperboy(['unsubscribe', 'bob@Example.org'], env);
    expect(first.code).toBe(0);
    // Said, as the web page's unsubscribe sends a goodbye email and this does not.
    expect(first.stdout.replace(/\n(?!$)/g, ' ')).toBe('Unsubscribed bob@example.org: no more digests (recorded in their history). No email was sent to them: the goodbye email goes to readers who unsubscribe themselves.\n');
    for (const line of first.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const again = await runPaperboy(['unsubscribe', 'bob@example.org'], env);
    expect(again.stdout).toMatch(/already unsubscribed: nothing changed/);
    const bob = await app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'bob@example.org' }, include: { events: true } });
    expect(bob.status).toBe('unsubscribed');
    expect(bob.events.filter((event) => event.type === 'unsubscribed').map((event) => event.source)).toEqual(['cli']);
    const unknown = await runPaperboy(['unsubscribe', 'nobody@example.org'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('paperboy: no subscriber has the address nobody@example.org');
  });

  it('erases only with a confirmation: --yes, or "yes" typed on a terminal', async () => {
    const script = await runPaperboy(['erase', 'ada@example.org'], env);
    expect(script.code).toBe(2);
    expect(script.stderr).toMatch(/--yes/);
    const declined = await onTerminal(['erase', 'ada@example.org'], 'no\n', env);
    expect(declined.output).toMatch(/Erase ada@example\.org \(2 topics, \d+ history events, 1 delivery\) for good\?/);
    expect(declined.code).toBe(2);
    expect(await app.prisma.subscriber.count({ where: { email: 'ada@example.org' } })).toBe(1);
  });

  it('erase removes the subscriber and everything about them, keeping only counts', async () => {
    const ada = await app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'ada@example.org' } });
    const result = await runPaperboy(['erase', 'ada@example.org', '--yes', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ email: 'ada@example.org', topics: 2, deliveries: 1, unsentDeliveries: 0, papersSent: 0, papersPicked: 0 });
    const left = await Promise.all([
      app.prisma.subscriber.count({ where: { id: ada.id } }),
      app.prisma.interest.count({ where: { subscriberId: ada.id } }),
      app.prisma.subscriptionEvent.count({ where: { subscriberId: ada.id } }),
      app.prisma.delivery.count({ where: { subscriberId: ada.id } }),
    ]);
    expect(left).toEqual([0, 0, 0, 0]);
    // In words, one of each counted as one; the papers a reader liked are named too (they were not).
    expect((await runPaperboy(['subscribe', 'bob@example.org', '--like', 'A note on gecko adhesion nobody has ingested'], env)).code).toBe(0);
    // A digest built but not sent yet: its papers are in the never-resend record, but were not sent
    // ("the record of 2 papers sent" was said of a reader whose one digest never went out).
    const bobId = (await app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'bob@example.org' } })).id;
    const pending = await app.prisma.delivery.create({ data: { editionId, subscriberId: bobId, messageId: '<b@x>', webToken: 'b' } });
    for (const title of ['Gecko Feet', 'Gecko Tails']) {
      const paper = await app.prisma.paper.create({ data: { titleKey: title.toLowerCase(), title, abstract: '', firstSeenAt: new Date(), lastSeenAt: new Date() } });
      await app.prisma.sentPaper.create({ data: { subscriberId: bobId, paperId: paper.id, deliveryId: pending.id } });
    }
    const bob = await runPaperboy(['erase', 'bob@example.org', '--yes'], env);
    expect(bob.stdout.replace(/\n(?!Only)/g, ' ')).toMatch(
      /^Erased bob@example\.org: 1 topic, 1 liked paper, 3 history events, 1 delivery \(not sent yet\) and the record of 0 papers sent \(and of 2 papers picked for the digest not sent yet\) are gone\.$/m,
    );
    for (const line of bob.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const dump = JSON.stringify(await app.prisma.$queryRawUnsafe('SELECT * FROM "ErasedDeliveries"'));
    expect(dump).not.toContain('ada');
    const status = JSON.parse((await runPaperboy(['status', '--json'], env)).stdout);
    expect(status.editions.find((e: { key: string }) => e.key === 'daily:2026-11-30')).toMatchObject({ sent: 1, bounced: 1 });
  });
});

/** Runs the command on a pseudo-terminal (util-linux `script`), typing `input`. */
function onTerminal(args: string[], input: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, BIN, ...args].map((word) => `'${word}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let typed = false;
    child.stdout.on('data', (chunk) => {
      output += chunk;
      // Once: typed again on each later chunk (the answer's echo, the refusal), it went to a child
      // that had exited, and the EPIPE failed the run as an unhandled error.
      if (!typed && /Type "yes"/.test(output)) {
        typed = true;
        child.stdin.end(input);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
