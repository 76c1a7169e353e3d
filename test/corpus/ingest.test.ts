import { createHash } from 'node:crypto';
// Ingesting pages into the database: merging, idempotency, and atomicity of bad pages.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFiles, ingestPage, listPageFiles } from '../../src/corpus/index.js';
import { parsePage } from '../../src/corpus/parse.js';
import { migrate, openDatabase, type Database } from '../../src/db/index.js';
import { UserError } from '../../src/shared/errors.js';
import { BACKENDS, createTestDatabase, tempDir, type TestDatabase } from '../../testkit/database.js';
import { REPO_ROOT, SEEDS_DIR } from '../../testkit/paths.js';
import { writeFileSync, mkdirSync } from 'node:fs';

const NOW = new Date('2026-11-22T06:00:00Z');
const LATER = new Date('2026-11-23T06:00:00Z');
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/pages');

const snapshot = async (db: Database) => ({
  papers: await db.prisma.paper.findMany({ orderBy: { id: 'asc' } }),
  sources: await db.prisma.paperSource.findMany({ orderBy: [{ paperId: 'asc' }, { pageId: 'asc' }] }),
  pages: await db.prisma.corpusPage.findMany({ orderBy: { id: 'asc' } }),
});

describe.each(BACKENDS)('ingest on %s', (backend) => {
  let test: TestDatabase;
  let db: Database;
  beforeEach(async () => {
    test = await createTestDatabase(backend);
    db = await openDatabase({ databaseUrl: test.url, dataDir: test.dataDir });
    await migrate(db);
  });
  afterEach(async () => {
    await db.close();
    await test.drop();
  });

  it('ingests the sample pages, merging a paper seen on several pages into one', async () => {
    const report = await ingestFiles(db, await listPageFiles([SEEDS_DIR]), { now: NOW });
    expect(report.errors).toEqual([]);
    const { summary } = report;
    expect(summary.pages).toBe(4);
    const papers = await db.prisma.paper.count();
    expect(summary.new).toBe(papers);
    expect(summary.entries).toBeGreaterThan(papers); // some papers are on several pages

    // HiCMAE is on pages 000 (with metadata) and 001 (without): one paper, metadata kept.
    const hicmae = await db.prisma.paper.findFirstOrThrow({ where: { title: { startsWith: 'HiCMAE' } }, include: { sources: true } });
    expect(hicmae.sources).toHaveLength(2);
    expect(hicmae.pageCount).toBe(2);
    expect(hicmae.authorCount).toBe(4);
    expect(hicmae.publishedAt?.toISOString().slice(0, 10)).toBe('2024-01-11');
    expect(hicmae.links).toEqual(['https://github.com/sunlicai/HiCMAE']);
    expect(hicmae.firstSeenAt).toEqual(NOW);

    // Upvotes: the highest seen; a paper without any is 0.
    const layerSkipping = await db.prisma.paper.findFirstOrThrow({ where: { title: { startsWith: 'Accelerating Inference in Large Language Models' } } });
    expect(layerSkipping.upvotes).toBe(2);
    const dsi = await db.prisma.paper.findFirstOrThrow({ where: { title: 'Transformer Memory as a Differentiable Search Index' } });
    expect(dsi.upvotes).toBe(0);
    expect(dsi.publishedAt).toBeNull();
  });

  it('stores every paper with the search vector PostgreSQL itself computes from its title and abstract', async () => {
    await ingestFiles(db, await listPageFiles([SEEDS_DIR]), { now: NOW });
    // The definition written out again, not paper_search(): what matching reads (weights A/B,
    // 'english', the field's words kept apart by search_text()).
    const rows = await db.withSession((s) =>
      s.query<{ papers: number; right: number }>(
        `SELECT count(*)::int AS papers,
                count(*) FILTER (WHERE search = setweight(to_tsvector('english', search_text(title)), 'A') || setweight(to_tsvector('english', search_text(abstract)), 'B'))::int AS right
         FROM "Paper"`,
      ),
    );
    expect(rows[0]!.papers).toBeGreaterThan(100);
    expect(rows[0]!.right).toBe(rows[0]!.papers);
  });

  it('changes nothing when the same pages are ingested again', async () => {
    const files = await listPageFiles([SEEDS_DIR]);
    const first = await ingestFiles(db, files, { now: NOW });
    const before = await snapshot(db);
    const again = await ingestFiles(db, files, { now: LATER });
    expect(again.summary).toEqual({ pages: 4, entries: first.summary.entries, new: 0, updated: 0, skipped: first.summary.entries, leftOut: 0 });
    expect(await snapshot(db)).toEqual(before);
  });

  it('adds only new papers from a new page and updates the ones it repeats', async () => {
    await ingestFiles(db, await listPageFiles([SEEDS_DIR]), { now: NOW });
    const count = await db.prisma.paper.count();
    const known = await db.prisma.paper.findFirstOrThrow({ where: { title: { startsWith: 'HiCMAE' } } });
    const page = [
      'Daily Papers',
      '',
      'Nov 23',
      '',
      known.title,
      '',
      known.abstract, // the same paper listed again, with more upvotes
      '',
      '  • 4 authors',
      '·',
      'Jan 11, 2024 57',
      '',
      'A Brand New Paper About Diffusion Models',
      '',
      'We study diffusion models on a new page. Code: https://github.com/example/new-paper.',
      '',
    ].join('\n');
    const summary = await ingestPage(db, 'new-page.txt', Buffer.from(page), LATER);
    expect(summary).toEqual({ entries: 2, new: 1, updated: 1, skipped: 0, leftOut: 0 });
    expect(await db.prisma.paper.count()).toBe(count + 1);
    const hicmae = await db.prisma.paper.findFirstOrThrow({ where: { title: { startsWith: 'HiCMAE' } } });
    expect(hicmae.upvotes).toBe(57);
    expect(hicmae.pageCount).toBe(3);
    expect(hicmae.firstSeenAt).toEqual(NOW);
    expect(hicmae.lastSeenAt).toEqual(LATER);
    const fresh = await db.prisma.paper.findFirstOrThrow({ where: { title: 'A Brand New Paper About Diffusion Models' } });
    expect(fresh.links).toEqual(['https://github.com/example/new-paper']);
  });

  it('rejects a bad page whole, naming file and line, and keeps what was stored', async () => {
    await ingestFiles(db, await listPageFiles([SEEDS_DIR]), { now: NOW });
    const before = await snapshot(db);
    const dir = tempDir('paperboy-bad-pages-');
    const bad = path.join(dir, '001_9a059b36130610fa.txt');
    // The same page name as a seed, truncated mid-entry: the stored version must survive.
    const seed = readFileSync(path.join(SEEDS_DIR, '001_9a059b36130610fa.txt'), 'utf8');
    writeFileSync(bad, `${seed.split('\n').slice(0, 14).join('\n')}\nA title at the end with nothing after it\n`);
    const report = await ingestFiles(db, [bad, path.join(FIXTURES, 'bad-binary.bin'), path.join(FIXTURES, 'bad-empty.txt')], { now: LATER });
    expect(report.summary.pages).toBe(0);
    expect(report.errors.map((e) => path.basename(e.file))).toEqual(['001_9a059b36130610fa.txt', 'bad-binary.bin', 'bad-empty.txt']);
    expect(report.errors[0]!.line).toBeGreaterThan(0);
    expect(await snapshot(db)).toEqual(before);
  });

  it('refuses a second file of the same name from another folder, naming the first, and ingests the first', async () => {
    // A page is stored by its file name: two files of one name took turns replacing each other
    // (page, hash and sources) at every run.
    const dir = tempDir('paperboy-same-name-');
    const name = '001_9a059b36130610fa.txt';
    const other = path.join(dir, name);
    writeFileSync(other, readFileSync(path.join(SEEDS_DIR, '000_96ce6ec1c06ae053.txt'), 'utf8'));
    const first = path.join(SEEDS_DIR, name);
    const report = await ingestFiles(db, [first, other, path.join(FIXTURES, 'bad-empty.txt')], { now: NOW });
    expect(report.summary.pages).toBe(1);
    expect(report.errors.map((e) => [e.file, e.message.slice(0, 40)])).toEqual([
      [other, `has the same file name as ${first}`.slice(0, 40)],
      [path.join(FIXTURES, 'bad-empty.txt'), expect.any(String)],
    ]);
    expect(report.errors[0]!.message).toBe(`has the same file name as ${first}: a page is stored by its file name, so one would replace the other at every run; rename one`);
    const stored = await db.prisma.corpusPage.findUniqueOrThrow({ where: { name }, select: { contentHash: true } });
    expect(stored.contentHash).toBe(createHash('sha256').update(readFileSync(first)).digest('hex'));
  });

  it('says which directory holds no pages', async () => {
    const dir = tempDir('paperboy-empty-');
    mkdirSync(path.join(dir, 'sub'));
    // A mistake of the operator's, named by its folder: no page line to point at ("dir:0:").
    await expect(listPageFiles([dir])).rejects.toThrow(UserError);
    await expect(listPageFiles([dir])).rejects.toThrow(`${dir}: directory holds no corpus pages (*.txt)`);
  });
});

describe('ingest with several writers', () => {
  /** Everything stored, keyed by what identifies it rather than by ids, which depend on timing. */
  const content = async (db: Database) =>
    db.withSession(async (s) => ({
      papers: await s.query(
        `SELECT "titleKey", title, abstract, "authorCount", authors, "publishedAt"::text, upvotes, "arxivId", links, categories,
                "pageCount", search::text FROM "Paper" ORDER BY "titleKey"`,
      ),
      sources: await s.query(
        `SELECT p."titleKey", c.name, s.position, s.upvotes FROM "PaperSource" s JOIN "Paper" p ON p.id = s."paperId"
         JOIN "CorpusPage" c ON c.id = s."pageId" ORDER BY c.name, s.position`,
      ),
    }));

  it('stores the same papers as one writer does, pages naming a common paper taking their turn', async () => {
    // Three copies of the seeds, each copy's titles its own papers: pages of one copy name common
    // papers (and merge in order); pages of different copies share none (and may overtake).
    const dir = tempDir('paperboy-writers-');
    for (const file of await listPageFiles([SEEDS_DIR])) {
      const text = readFileSync(file, 'utf8');
      const titleLines = new Set(parsePage(text, file, { today: NOW }).entries.map((entry) => entry.line - 1));
      for (const copy of [0, 1, 2]) {
        const lines = text.split('\n').map((line, i) => (copy > 0 && titleLines.has(i) ? `${line} (copy ${copy})` : line));
        writeFileSync(path.join(dir, `${copy}_${path.basename(file)}`), lines.join('\n'));
      }
    }
    const files = await listPageFiles([dir]);
    const results = [];
    for (const writers of [1, 2]) {
      const test = await createTestDatabase('postgres');
      const opened = await openDatabase({ databaseUrl: test.url, dataDir: test.dataDir });
      try {
        await migrate(opened);
        const report = await ingestFiles({ ...opened, writers }, files, { now: NOW });
        expect(report.errors).toEqual([]);
        results.push({ summary: report.summary, ...(await content(opened)) });
      } finally {
        await opened.close();
        await test.drop();
      }
    }
    expect(results[0]!.papers.length).toBeGreaterThan(300);
    expect(results[1]).toEqual(results[0]);
  });
});

describe('listPageFiles', () => {
  it('lists a file named twice once, as first named: a folder and a page in it, or one path spelt two ways', async () => {
    const listed = await listPageFiles([SEEDS_DIR]);
    const first = listed[0]!;
    expect(await listPageFiles([SEEDS_DIR, first])).toEqual(listed);
    const spelt = path.join(SEEDS_DIR, '..', path.basename(SEEDS_DIR), path.basename(first));
    expect(await listPageFiles([spelt, first, SEEDS_DIR])).toEqual([spelt, ...listed.slice(1)]);
  });
});
