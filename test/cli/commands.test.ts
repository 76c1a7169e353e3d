// The real `paperboy` command in a child process: arguments, summaries, exit codes. Each test has
// its own database, migrated (and holding the seed corpus) only where the test needs it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, tempDir, type TestDatabase } from '../../testkit/database.js';
import { openTestApp, testEnv } from '../../testkit/app.js';
import { ingestSeeds } from '../../testkit/seeds.js';
import { REPO_ROOT } from '../../testkit/paths.js';

describe('paperboy CLI on PostgreSQL', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    db = await createTestDatabase('postgres');
    env = testEnv(db);
  });
  afterEach(async () => db?.drop());

  /** Migrates the test's database (the app migrates on open), and ingests the seed corpus if asked. */
  async function prepare(options: { seeds?: boolean } = {}): Promise<void> {
    const app = await openTestApp(db);
    try {
      if (options.seeds) await ingestSeeds(app.db);
    } finally {
      await app.close();
    }
  }

  it('migrates, and says the database is up to date the second time', async () => {
    const first = await runPaperboy(['migrate', '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).applied.length).toBeGreaterThan(0);
    const second = await runPaperboy(['migrate'], env);
    expect(second.stdout).toMatch(/up to date/);
  });

  it('rejects bad configuration naming the field', async () => {
    const result = await runPaperboy(['migrate'], { ...env, PORT: 'eighty', PUBLIC_URL: 'ftp://x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/PUBLIC_URL/);
  });

  it('prints help for every command and exits 2 on an unknown one', async () => {
    const help = await runPaperboy(['--help'], env);
    expect(help.code).toBe(0);
    for (const command of ['migrate', 'ingest', 'subscribe', 'send', 'serve']) expect(help.stdout).toContain(command);
    // ingest without paths reads SEEDS_DIR, whatever it is set to: not "the seeds directory".
    expect(help.stdout).toMatch(/^ {2}ingest +ingest corpus pages \(default: SEEDS_DIR, \.\/seeds unless set\)$/m);
    expect((await runPaperboy(['ingest', '--help'], env)).stdout.replace(/\s+/g, ' ')).toContain("without paths, SEEDS_DIR (default ./seeds), which is the ingest job's work and recorded as its run for status");
    expect((await runPaperboy(['frobnicate'], env)).code).toBe(2);
  });

  describe('on a migrated database', () => {
    beforeEach(() => prepare());

    it('ingest --json prints only the summary with exactly its keys', async () => {
      const result = await runPaperboy(['ingest', '--json'], env);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout);
      expect(Object.keys(summary).sort()).toEqual(['entries', 'failed', 'leftOut', 'new', 'notReached', 'pages', 'skipped', 'updated']);
      expect(summary.failed).toEqual([]);
      expect(summary.pages).toBe(4);
      const again = JSON.parse((await runPaperboy(['ingest', '--json'], env)).stdout);
      expect(again).toMatchObject({ new: 0, updated: 0, skipped: summary.entries });
    });

    it('ingest of a bad page exits non-zero naming the file and line, in --json too', async () => {
      const bad = path.join(REPO_ROOT, 'test/fixtures/pages/bad-title-at-eof.txt');
      const result = await runPaperboy(['ingest', bad], env);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/bad-title-at-eof\.txt:\d+: /);
      const json = await runPaperboy(['ingest', bad, path.join(REPO_ROOT, 'seeds'), '--json'], env);
      expect(json.code).toBe(3);
      const summary = JSON.parse(json.stdout);
      expect(summary.failed).toEqual([{ file: bad, line: expect.any(Number), message: expect.any(String) }]);
      expect(summary.failed[0].line).toBeGreaterThan(0);
    });

    it('subscribe validates its arguments with a clear message', async () => {
      const noTopic = await runPaperboy(['subscribe', 'ada@example.org'], env);
      expect(noTopic.code).toBe(2);
      expect(noTopic.stderr).toMatch(/topic/);
      const badEmail = await runPaperboy(['subscribe', 'not-an-address', '--topic', 'llms'], env);
      expect(badEmail.code).toBe(2);
      expect(badEmail.stderr).toMatch(/not a valid email/);
      const badZone = await runPaperboy(['subscribe', 'ada@example.org', '--topic', 'llms', '--timezone', 'Mars/Olympus'], env);
      expect(badZone.code).toBe(2);
      expect(badZone.stderr).toMatch(/time zone/);
    });

    it('render says in one line why --out or --text cannot be written, exit 2, no stack trace', async () => {
      const dir = tempDir('paperboy-render-');
      const file = path.join(dir, 'a-file');
      writeFileSync(file, 'x');
      const cases: Array<[string[], string]> = [
        [['--out', dir], `cannot write ${dir}: it is a directory`],
        [['--out', '/proc/x.html'], 'cannot write /proc/x.html: no file can be created in /proc'],
        [['--out', path.join(file, 'digest.html')], `cannot write ${path.join(file, 'digest.html')}: a part of its path is a file, not a directory`],
        [['--out', path.join(dir, 'digest.html'), '--text', dir], `cannot write ${dir}: it is a directory`],
      ];
      for (const [args, message] of cases) {
        const result = await runPaperboy(['render', '--topic', 'diffusion models', ...args], env);
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr).toBe(`paperboy: ${message}\n`);
      }
    });

    it('imports a CSV, reporting bad rows without importing them', async () => {
      const csv = path.join(tempDir(), 'people.csv');
      writeFileSync(csv, 'email,topics\nada@Example.ORG,diffusion models;LLMs\nnot-an-email,retrieval\nbob@example.org,\ngrace@example.org,retrieval\n');
      const result = await runPaperboy(['subscribe', '--file', csv, '--json'], env);
      expect(result.code).toBe(3);
      const report = JSON.parse(result.stdout);
      expect(report).toMatchObject({ rows: 4, created: 2, updated: 0 });
      expect(report.errors.map((e: { line: number }) => e.line)).toEqual([3, 4]);
      expect(result.stderr).toMatch(/people\.csv:3: .*not a valid email/);
    });
  });

  // Each of these runs several child processes, seconds each on a loaded machine.
  describe('with the seed corpus', { timeout: 120_000 }, () => {
    beforeEach(() => prepare({ seeds: true }));

    it('render writes the digest a subscriber with these topics would get now', async () => {
      const dir = tempDir('paperboy-render-');
      const out = path.join(dir, 'preview', 'digest.html');
      const result = await runPaperboy(['render', '--topic', 'diffusion models', '--out', out, '--text', path.join(dir, 'digest.txt'), '--json'], env);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout);
      expect(summary.subject).toMatch(/^\d+ (new |older |new \+ \d+ older )papers? on Diffusion models · /);
      expect(summary.papers).toBeGreaterThan(0);
      const html = readFileSync(out, 'utf8');
      expect(Buffer.byteLength(html)).toBe(summary.htmlBytes);
      expect(html).toMatch(/^<!doctype html>/i);
      expect(readFileSync(path.join(dir, 'digest.txt'), 'utf8')).toMatch(/matched: Diffusion models/);
      expect((await runPaperboy(['render', '--topic', 'diffusion models'], env)).code).toBe(2);
      // In words, both files written are named.
      const words = await runPaperboy(['render', '--topic', 'diffusion models', '--out', out, '--text', path.join(dir, 'digest.txt')], env);
      expect(words.stdout).toContain(`Wrote ${out} (`);
      expect(words.stdout).toContain(`Wrote ${path.join(dir, 'digest.txt')} (`);
      expect(words.stdout).toContain('KB): the plain-text part');
    });

    it('render names a catalogue topic given by another name as the papers of its digest do, never as quiet', async () => {
      // "LLM" is stored as "Large language models" for a subscriber, and the papers' reasons say so:
      // rendered as typed, the digest said "No papers today on LLM." above ten LLM papers.
      const dir = tempDir('paperboy-render-');
      const text = path.join(dir, 'digest.txt');
      const result = await runPaperboy(['render', '--topic', 'LLM', '--out', path.join(dir, 'digest.html'), '--text', text, '--json'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).subject).toMatch(/ papers? on Large language models · /);
      const digest = readFileSync(text, 'utf8');
      expect(digest).toMatch(/matched: Large language models/);
      expect(digest).toContain('Your topics: Large language models\n');
      expect(digest).not.toMatch(/No papers (today|this week) on/);
    });

    it('counts in words: one upvote, one page', async () => {
      const [first] = JSON.parse((await runPaperboy(['preview', '--topic', 'diffusion models', '--limit', '1', '--json'], env)).stdout) as Array<{ id: number }>;
      const app = await openTestApp(db);
      try {
        await app.prisma.paper.update({ where: { id: first!.id }, data: { upvotes: 1 } });
      } finally {
        await app.close();
      }
      const preview = await runPaperboy(['preview', '--topic', 'diffusion models', '--limit', '20'], env);
      expect(preview.stdout).toMatch(new RegExp(`id ${first!.id} · 1 upvote · `));
      expect(preview.stdout).not.toMatch(/\b1 upvotes/);
      const ingest = await runPaperboy(['ingest', path.join(REPO_ROOT, 'test/fixtures/pages/ok-odd.txt')], env);
      expect(ingest.stdout).toMatch(/^Ingested 1 page: /);
    });

    it('send --now --json sends each digest once and prints the summary', async () => {
      const csv = path.join(tempDir(), 'readers.csv');
      writeFileSync(csv, 'email,topics\nada@example.org,diffusion models;LLMs\ngrace@example.org,retrieval\n');
      expect((await runPaperboy(['subscribe', '--file', csv], env)).code).toBe(0);
      const first = await runPaperboy(['send', '--now', '--json'], env);
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ subscribers: 2, sent: 2, skipped: 0, failed: 0, alreadySent: 0 });
      const second = JSON.parse((await runPaperboy(['send', '--now', '--json'], env)).stdout);
      expect(second).toMatchObject({ subscribers: 2, sent: 0, skipped: 0, failed: 0, alreadySent: 2 });
      const outbox = env.OUTBOX_DIR!;
      const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(2);
      const mail = await simpleParser(readFileSync(path.join(outbox, files[0]!)));
      expect(mail.subject).toMatch(/\d+ (new|older) papers?/);
      expect(mail.text).toBeTruthy();
    });
  });
});
