// `paperboy subscribe` as the real command: what it stores for a new address, what it changes (and
// keeps) for one already on the list, and what it says it did. Topics resolve against the
// catalogue alone; one test ingests the seeds to see which topics find nothing.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { openTestApp, testEnv } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, tempDir, type TestDatabase } from '../../testkit/database.js';

describe('paperboy subscribe', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let app: App;
  beforeEach(async () => {
    db = await createTestDatabase('postgres');
    env = testEnv(db);
    app = await openTestApp(db);
  });
  afterEach(async () => {
    await app?.close();
    await db?.drop();
  });

  const subscribe = async (...args: string[]) => {
    const result = await runPaperboy(['subscribe', ...args], env);
    expect(result.code, result.stderr).toBe(0);
    return result;
  };

  it('says the topics it stored, not the words typed', async () => {
    const text = await subscribe('ada@example.org', '--topic', 'LLM');
    expect(text.stdout).toMatch(/^Subscribed ada@example\.org to: Large language models\b/m);
    expect(text.stdout).not.toMatch(/to: LLM/);
    const json = await subscribe('bob@example.org', '--topic', 'LLM', '--topic', 'my own words', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ email: 'bob@example.org', created: true, topics: ['Large language models', 'my own words'] });
  });

  it('says a weekday given for a daily reader sets no day', async () => {
    const daily = await subscribe('dan@example.org', '--topic', 'LLM', '--weekday', 'friday');
    expect(daily.stdout).toContain('Note: --weekday is used only by a weekly digest; theirs is daily (--frequency weekly makes it weekly, on Friday).');
    const weekly = await subscribe('dan@example.org', '--frequency', 'weekly', '--weekday', 'mon');
    expect(weekly.stdout).not.toContain('--weekday is used only');
  });

  it('says which topics find no paper at the moment, once there are papers', async () => {
    // Before the first ingest every topic finds nothing: not worth a note.
    expect((await subscribe('eve@example.org', '--topic', 'protein folding')).stdout).not.toMatch(/Note:/);
    expect((await runPaperboy(['ingest'], env)).code).toBe(0);
    const text = await subscribe('fay@example.org', '--topic', 'protein folding', '--topic', 'diffusion models');
    expect(text.stdout).toMatch(/^Note: nothing matches "protein folding" among the last 14 days' papers at the moment: no paper uses "protein"\. Other words for it may \(try them with paperboy preview --topic\)\.$/m);
    expect(text.stdout).not.toMatch(/Diffusion models" among/);
    const slip = await subscribe('gus@example.org', '--topic', 'contrastive learing');
    expect(slip.stdout).toMatch(/^Note: nothing matches "contrastive learing" among the last 14 days' papers at the moment\. Did you mean "contrastive learning"\? That finds papers\.$/m);
    // From a file: each such topic once, with how many readers it concerns (a reader who left is not one).
    const csv = path.join(tempDir(), 'people.csv');
    writeFileSync(csv, 'email,topics\nhal@example.org,protein folding\nivy@example.org,diffusion models;protein folding\n');
    const imported = await subscribe('--file', csv);
    expect(imported.stdout.match(/Note: nothing matches/g)).toHaveLength(1);
    expect(imported.stdout).toMatch(/^Note: nothing matches "protein folding", followed by 2 readers, among the last 14 days' papers at the moment: no paper uses "protein"\./m);
  });

  const stored = (email: string) =>
    app.prisma.subscriber.findUniqueOrThrow({
      where: { email },
      select: { status: true, frequency: true, sendHour: true, sendWeekday: true, timeZone: true, digestSize: true, confirmedAt: true, interests: { select: { label: true } } },
    });
  const confirmedLongAgo = new Date('2026-01-05T10:00:00Z');
  /** As if they had subscribed months ago: the date their digests cite and catch-up starts from. */
  const backdate = (email: string) => app.prisma.subscriber.update({ where: { email }, data: { confirmedAt: confirmedLongAgo } });

  it('changes only what was given for an address already on the list, keeps the rest, and says what changed', async () => {
    await subscribe('tokyo@example.org', '--topic', 'diffusion models', '--hour', '7', '--timezone', 'Asia/Tokyo', '--size', '5');
    await subscribe('ny@example.org', '--topic', 'diffusion models', '--frequency', 'weekly', '--weekday', '1', '--hour', '7', '--timezone', 'America/New_York');
    await backdate('tokyo@example.org');
    await backdate('ny@example.org');

    // Topics only: schedule, time zone, size and confirmation stay.
    const topicsOnly = await subscribe('tokyo@example.org', '--topic', 'LLM');
    expect(topicsOnly.stdout).toMatch(/^Updated tokyo@example\.org: topics Diffusion models → Large language models\.$/m);
    expect(topicsOnly.stdout).toMatch(/^Their digest: every day at 07:00 \(Asia\/Tokyo\), at most 5 papers; topics: Large language models\.$/m);
    expect(await stored('tokyo@example.org')).toEqual({
      status: 'active', frequency: 'daily', sendHour: 7, sendWeekday: 1, timeZone: 'Asia/Tokyo', digestSize: 5, confirmedAt: confirmedLongAgo,
      interests: [{ label: 'Large language models' }],
    });

    // Topics and the hour: a weekly Monday reader in New York stays one, at 09:00.
    const hour = await subscribe('ny@example.org', '--topic', 'LLM', '--hour', '9', '--json');
    expect(JSON.parse(hour.stdout)).toEqual({
      email: 'ny@example.org', created: false, status: 'active', topics: ['Large language models'], liked: [], likedAdded: [],
      preferences: { frequency: 'weekly', sendHour: 9, sendWeekday: 1, timeZone: 'America/New_York', digestSize: 10 },
      changed: { sendHour: { from: 7, to: 9 }, topics: { from: ['Diffusion models'], to: ['Large language models'] } },
    });
    expect(await stored('ny@example.org')).toMatchObject({ frequency: 'weekly', sendHour: 9, sendWeekday: 1, timeZone: 'America/New_York', confirmedAt: confirmedLongAgo });

    // The same again changes nothing, and says so; the history has no new confirmation.
    const again = await subscribe('ny@example.org', '--topic', 'Large language models', '--hour', '9');
    expect(again.stdout).toMatch(/^ny@example\.org is already subscribed to: Large language models; nothing changed\.$/m);
    const ny = await app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'ny@example.org' } });
    const events = await app.prisma.subscriptionEvent.findMany({ where: { subscriberId: ny.id }, orderBy: { id: 'asc' } });
    expect(events.map((event) => event.type)).toEqual(['subscribed', 'confirmed', 'preferences_changed']);

    // No --topic at all: the README's "only what is given changes". It was refused with
    // "--topic: choose at least one --topic", so an operator could not move a reader's hour alone.
    const hourOnly = await subscribe('ny@example.org', '--hour', '10');
    expect(hourOnly.stdout).toMatch(/^Updated ny@example\.org: hour 09:00 → 10:00\.$/m);
    // Typed in another case, the reader is named as the list keeps them.
    expect((await subscribe('NY@Example.org', '--hour', '11')).stdout).toMatch(/^Updated ny@example\.org: hour 10:00 → 11:00\.$/m);
    expect((await subscribe('NY@Example.org', '--hour', '10')).stdout).toMatch(/^Updated ny@example\.org: hour 11:00 → 10:00\.$/m);
    expect(await stored('ny@example.org')).toMatchObject({ sendHour: 10, interests: [{ label: 'Large language models' }] });
    // A new address still needs something to follow.
    const nothing = await runPaperboy(['subscribe', 'new@example.org', '--hour', '10'], env);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toBe('paperboy: --topic: choose at least one --topic, or name papers with --like\n');
    expect(await app.prisma.subscriber.count({ where: { email: 'new@example.org' } })).toBe(0);
  });

  it('keeps a paused reader paused, makes an unsubscribed one active again, and keeps topics when only papers are named', async () => {
    await subscribe('paused@example.org', '--topic', 'diffusion models');
    await subscribe('gone@example.org', '--topic', 'diffusion models');
    await backdate('paused@example.org');
    await app.prisma.subscriber.update({ where: { email: 'paused@example.org' }, data: { status: 'paused' } });
    await app.prisma.subscriber.update({ where: { email: 'gone@example.org' }, data: { status: 'unsubscribed', unsubscribedAt: new Date() } });

    const paused = await subscribe('paused@example.org', '--topic', 'retrieval');
    expect(paused.stdout).toMatch(/^They have paused their digests/m);
    expect(await stored('paused@example.org')).toMatchObject({ status: 'paused', confirmedAt: confirmedLongAgo });

    const before = new Date();
    const gone = JSON.parse((await subscribe('gone@example.org', '--topic', 'diffusion models', '--json')).stdout);
    expect(gone).toMatchObject({ status: 'active', changed: { status: { from: 'unsubscribed', to: 'active' } } });
    expect((await stored('gone@example.org')).confirmedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);

    // Only --like: their topics stay.
    const liked = await subscribe('paused@example.org', '--like', 'A Paper Nobody Has Written Yet');
    expect(liked.stdout).toMatch(/^Updated paused@example\.org: added papers like "A Paper Nobody Has Written Yet"\.$/m);
    expect((await stored('paused@example.org')).interests).toEqual([{ label: 'Retrieval and search' }]);

    // The same paper again adds nothing, and is not said to be added (it said "added papers like …").
    const again = await subscribe('paused@example.org', '--like', 'A Paper Nobody Has Written Yet');
    expect(again.stdout).toMatch(/^paused@example\.org is already subscribed to: Retrieval and search; papers like "A Paper Nobody Has Written Yet"; nothing changed\.$/m);
    expect(again.stdout).not.toMatch(/added/);
    // One new beside one already there: only the new one is added, the other said to be there.
    const mixed = JSON.parse((await subscribe('paused@example.org', '--like', 'A Paper Nobody Has Written Yet', '--like', 'Another Paper Nobody Wrote', '--json')).stdout);
    expect(mixed).toMatchObject({ liked: ['A Paper Nobody Has Written Yet', 'Another Paper Nobody Wrote'], likedAdded: ['Another Paper Nobody Wrote'] });
    const third = await subscribe('paused@example.org', '--like', 'A Third Paper Nobody Wrote', '--like', 'Another Paper Nobody Wrote');
    expect(third.stdout).toMatch(/^Updated paused@example\.org: added papers like "A Third Paper Nobody Wrote"; "Another Paper Nobody Wrote" was already among the papers they like\.$/m);
    expect(await app.prisma.likedPaper.count({ where: { subscriber: { email: 'paused@example.org' } } })).toBe(3);

    // An entry with its arXiv id and no abstract, arXiv not answering: the note asked for "its arXiv
    // id", which the entry gave.
    const bib = path.join(tempDir(), 'mendeley.bib');
    writeFileSync(bib, '@article{Kingma2014,\narchivePrefix = {arXiv},\neprint = {1312.6114},\ntitle = {{Auto-Encoding Variational Bayes}},\nyear = {2014}\n}\n');
    const withId = await subscribe('paused@example.org', '--like', bib);
    expect(withId.stdout).toContain('Note: "Auto-Encoding Variational Bayes" is not in the corpus and has no abstract: papers like it are found by its title\'s words alone; a BibTeX entry with its abstract finds better ones.');
    // With arXiv lookups off, an id the corpus lacks is refused: the note does not ask for one.
    const off = await runPaperboy(['subscribe', 'paused@example.org', '--like', 'A Fourth Paper Nobody Wrote'], { ...env, ARXIV_API_URL: 'off' });
    expect(off.stdout).toContain('Note: "A Fourth Paper Nobody Wrote" is not in the corpus and has no abstract: papers like it are found by its title\'s words alone; a BibTeX entry with its abstract finds better ones.');
  });

  it('imports a CSV row for an address already on the list without touching its schedule', async () => {
    await subscribe('tokyo@example.org', '--topic', 'diffusion models', '--hour', '7', '--timezone', 'Asia/Tokyo', '--frequency', 'weekly', '--weekday', '5');
    await backdate('tokyo@example.org');
    const csv = path.join(tempDir(), 'people.csv');
    writeFileSync(csv, 'email,topics\ntokyo@example.org,LLM\n');
    const imported = await runPaperboy(['subscribe', '--file', csv, '--json'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 0, updated: 1 });
    expect(await stored('tokyo@example.org')).toMatchObject({
      status: 'active', frequency: 'weekly', sendHour: 7, sendWeekday: 5, timeZone: 'Asia/Tokyo', confirmedAt: confirmedLongAgo,
      interests: [{ label: 'Large language models' }],
    });
  });
  it('re-importing an export changes nothing: the topics are exported in the order the reader has them', async () => {
    // A free-text topic typed before a catalogue one: sorted by label, the export put
    // "Reinforcement learning" first, and its import counted a reorder as an update.
    await subscribe('carol@example.org', '--topic', 'spiking neural networks', '--topic', 'reinforcement learning');
    const exported = await runPaperboy(['subscribers', '--csv'], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('carol@example.org,active,spiking neural networks;Reinforcement learning,');
    const csv = path.join(tempDir(), 'export.csv');
    writeFileSync(csv, exported.stdout);
    const imported = await runPaperboy(['subscribe', '--file', csv, '--json'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 1, created: 0, updated: 0, unchanged: 1 });
    expect(await app.prisma.subscriptionEvent.count({ where: { type: 'preferences_changed' } })).toBe(0);
  });

  it('an import never brings back a reader who left or a mailbox that bounced, and says so per row', async () => {
    await subscribe('left@example.org', '--topic', 'LLM');
    await subscribe('bounced@example.org', '--topic', 'LLM');
    await subscribe('same@example.org', '--topic', 'LLM');
    expect((await runPaperboy(['unsubscribe', 'left@example.org'], env)).code).toBe(0);
    await app.prisma.subscriber.update({ where: { email: 'bounced@example.org' }, data: { status: 'suspended', hardBounces: 3 } });
    const csv = path.join(tempDir(), 'old-list.csv');
    writeFileSync(csv, 'email,topics\nleft@example.org,diffusion models\nbounced@example.org,LLM\nsame@example.org,LLM\nextra@example.org,LLM,oops\n');
    const text = await runPaperboy(['subscribe', '--file', csv], env);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/^Imported 3 of 4 rows: 0 new, 1 updated, 2 unchanged, 1 rejected\.$/m);
    expect(text.stdout).toContain('old-list.csv:2: left@example.org is unsubscribed: an import never changes a status, so it stays so (paperboy subscribe left@example.org activates it).');
    expect(text.stdout).toContain('old-list.csv:3: bounced@example.org is suspended:');
    expect(text.stderr).toMatch(/old-list\.csv:5: has a different number of fields than the header/);
    expect(await stored('left@example.org')).toMatchObject({ status: 'unsubscribed' });
    expect(await stored('bounced@example.org')).toMatchObject({ status: 'suspended' });
    // Every row bad: nothing done, the input's fault (2); schedule flags with --file are refused, not ignored.
    writeFileSync(csv, 'email,topics\nnot-an-address,LLM\n');
    expect((await runPaperboy(['subscribe', '--file', csv], env)).code).toBe(2);
    const flags = await runPaperboy(['subscribe', '--file', csv, '--hour', '5'], env);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toContain('--hour cannot be used with --file');
  });
});
