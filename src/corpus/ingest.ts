// Ingests corpus pages into papers. Each page is one transaction: a bad page is reported and
// leaves the database as it was, a good page lands whole. A page whose content is unchanged since
// it was last ingested is skipped without touching the database, which makes re-runs idempotent.
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Prisma, PrismaClient } from '../db/index.js';
import { ParseError, UserError } from '../shared/errors.js';
import { mergePaper, type PaperFields } from './merge.js';
import { parsePage, type ParsedEntry } from './parse.js';

export interface IngestSummary {
  pages: number;
  entries: number;
  new: number;
  updated: number;
  skipped: number;
}

export interface IngestReport {
  summary: IngestSummary;
  /** Pages that could not be ingested; everything else was. */
  errors: Array<{ file: string; line: number; message: string }>;
}

export interface IngestOptions {
  now: Date;
  onProgress?: (done: number, total: number, file: string) => void;
}

/** Expands files and directories into the page files to ingest (sorted, `.txt` in directories). */
export async function listPageFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => {
      throw new UserError(`${given}: no such file or directory`, 400, 'not_found');
    });
    if (info.isDirectory()) {
      const names = (await readdir(given)).filter((name) => name.endsWith('.txt')).sort();
      if (names.length === 0) throw new ParseError(given, 0, 'directory holds no corpus pages (*.txt)');
      files.push(...names.map((name) => path.join(given, name)));
    } else {
      files.push(given);
    }
  }
  return files;
}

export async function ingestFiles(prisma: PrismaClient, files: string[], options: IngestOptions): Promise<IngestReport> {
  const summary: IngestSummary = { pages: 0, entries: 0, new: 0, updated: 0, skipped: 0 };
  const errors: IngestReport['errors'] = [];
  for (const [index, file] of files.entries()) {
    try {
      const result = await ingestPage(prisma, path.basename(file), await readFile(file), options.now, file);
      summary.pages++;
      summary.entries += result.entries;
      summary.new += result.new;
      summary.updated += result.updated;
      summary.skipped += result.skipped;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const parse = error instanceof ParseError ? error : undefined;
      errors.push({ file, line: parse?.line ?? 0, message: parse?.reason ?? error.message });
    }
    options.onProgress?.(index + 1, files.length, file);
  }
  return { summary, errors };
}

type PageResult = Omit<IngestSummary, 'pages'>;

/** Ingests one page atomically. `name` identifies the page across runs; `label` is used in errors. */
export async function ingestPage(
  prisma: PrismaClient,
  name: string,
  content: Buffer,
  now: Date,
  label: string = name,
): Promise<PageResult> {
  const contentHash = createHash('sha256').update(content).digest('hex');
  const known = await prisma.corpusPage.findUnique({ where: { name } });
  if (known?.contentHash === contentHash) {
    return { entries: known.entryCount, new: 0, updated: 0, skipped: known.entryCount };
  }
  const page = parsePage(decode(content, label), label, { today: now });
  const entries = dedupeEntries(page.entries);
  return prisma.$transaction(
    async (tx) => {
      const pageRow = await tx.corpusPage.upsert({
        where: { name },
        create: { name, contentHash, pageDate: page.pageDate, entryCount: page.entries.length, ingestedAt: now },
        update: { contentHash, pageDate: page.pageDate, entryCount: page.entries.length, ingestedAt: now },
      });
      const result = await upsertPapers(tx, pageRow.id, entries, now);
      return { entries: page.entries.length, ...result, skipped: page.entries.length - result.new - result.updated };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/** Corpus entries as fields of a paper, for any source (pages or the feed). */
export interface PaperInput extends PaperFields {
  titleKey: string;
  title: string;
  abstract: string;
}

/**
 * Creates unknown papers and merges what this source adds into known ones, recording the source.
 * Shared by page and feed ingestion.
 */
export async function upsertPapers(
  tx: Prisma.TransactionClient,
  pageId: number,
  entries: PaperInput[],
  now: Date,
): Promise<{ new: number; updated: number }> {
  const keys = entries.map((entry) => entry.titleKey);
  const existing = new Map((await tx.paper.findMany({ where: { titleKey: { in: keys } } })).map((paper) => [paper.titleKey, paper]));
  const alreadyHere = new Set(
    (await tx.paperSource.findMany({ where: { pageId, paper: { titleKey: { in: keys } } }, select: { paperId: true } })).map((s) => s.paperId),
  );
  const fresh = entries.filter((entry) => !existing.has(entry.titleKey));
  if (fresh.length > 0) {
    await tx.paper.createMany({
      data: fresh.map((entry) => ({
        titleKey: entry.titleKey,
        title: entry.title,
        abstract: entry.abstract,
        authorCount: entry.authorCount,
        authors: entry.authors ?? [],
        publishedAt: entry.publishedAt,
        upvotes: entry.upvotes,
        arxivId: entry.arxivId ?? null,
        links: entry.links,
        firstSeenAt: now,
        lastSeenAt: now,
      })),
      skipDuplicates: true,
    });
  }
  let updated = 0;
  for (const entry of entries) {
    const paper = existing.get(entry.titleKey);
    if (!paper) continue;
    const changes = mergePaper(paper, entry);
    const newSource = !alreadyHere.has(paper.id);
    if (!changes && !newSource) continue;
    await tx.paper.update({ where: { id: paper.id }, data: { ...changes, lastSeenAt: now } });
    updated++;
  }
  const ids = await tx.paper.findMany({ where: { titleKey: { in: keys } }, select: { id: true, titleKey: true } });
  const idByKey = new Map(ids.map((row) => [row.titleKey, row.id]));
  await tx.paperSource.createMany({
    data: entries.map((entry, position) => ({ paperId: idByKey.get(entry.titleKey)!, pageId, position, upvotes: entry.upvotes })),
    skipDuplicates: true,
  });
  await tx.$executeRaw`
    UPDATE "Paper" p SET "pageCount" = (SELECT count(*) FROM "PaperSource" s WHERE s."paperId" = p.id)::int
    WHERE p.id = ANY(${ids.map((row) => row.id)}::int[])`;
  return { new: fresh.length, updated };
}

/** A page may list the same paper twice; it is one paper with the best of both. */
function dedupeEntries(entries: ParsedEntry[]): PaperInput[] {
  const byKey = new Map<string, PaperInput>();
  for (const entry of entries) {
    const input: PaperInput = { ...entry, authors: [], arxivId: null };
    const seen = byKey.get(entry.titleKey);
    byKey.set(entry.titleKey, seen ? { ...seen, ...mergePaper(seen, input) } : input);
  }
  return [...byKey.values()];
}

function decode(content: Buffer, label: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new ParseError(label, 1, 'not UTF-8 text (a binary file?)');
  }
}
