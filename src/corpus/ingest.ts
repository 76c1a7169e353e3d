// Ingests corpus pages into papers. Each page is one transaction: a bad page is reported and
// leaves the database as it was, a good page lands whole. A page whose content is unchanged since
// it was last ingested is skipped without touching the database, which makes re-runs idempotent.
//
// Pages are stored by Database.writers transactions at once (two on a server): computing the
// papers' search vectors (PostgreSQL's text parser) is most of what storing costs, and one
// transaction runs on one core. Pages that name a common paper are still stored in file order
// (writers.ts), so what a paper ends up with never depends on which transaction finished first.
import { createHash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Database, PrismaClient } from '../db/index.js';
import { DEFAULT_MAX_PAGE_BYTES } from '../config/index.js';
import { ParseError, UserError } from '../shared/errors.js';
import { formatCount } from '../shared/wording.js';
import type { PaperInput } from './merge.js';
import { ownArxivIdInText } from './links.js';
import { parsePage, type ParsedEntry, type ParsedPage } from './parse.js';
import { flushSearchIndex, storeListing } from './store.js';
import { orderedWriters } from './writers.js';

export type { PaperInput } from './merge.js';

export interface IngestSummary {
  pages: number;
  entries: number;
  new: number;
  updated: number;
  skipped: number;
  /** Entries not stored: another paper holds their title and has another abstract (StoreResult.leftOut). */
  leftOut: number;
}

export interface IngestReport {
  summary: IngestSummary;
  /** Pages that could not be ingested; everything else was, unless `notReached`. */
  errors: Array<{ file: string; line: number; message: string }>;
  /** Pages not read because the run was stopped (IngestOptions.signal): 0 when it went through. */
  notReached: number;
}

export interface IngestOptions {
  now: Date;
  /** Larger pages are refused before being read (default 10 MB, MAX_PAGE_BYTES). */
  maxPageBytes?: number;
  onProgress?: (done: number, total: number, file: string) => void;
  /**
   * Aborted (Ctrl-C, SIGTERM): no further page is started; those being stored are finished, each
   * whole, so the next run skips them as unchanged and goes on from there.
   */
  signal?: AbortSignal;
}

/**
 * Expands files and directories into the page files to ingest (sorted, `.txt` in directories). A
 * directory without pages is refused (a path given by mistake) unless `allowEmpty`. `setting`: the
 * setting the paths came from (SEEDS_DIR), named when one does not exist: nobody typed that path.
 */
export async function listPageFiles(paths: string[], { allowEmpty = false, setting }: { allowEmpty?: boolean; setting?: string } = {}): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => {
      throw new UserError(setting ? `${setting} ${given}: no such folder; set ${setting} to the folder of corpus pages, or leave it unset for ./seeds` : `${given}: no such file or directory`, 400, 'not_found');
    });
    if (info.isDirectory()) {
      const names = (await readdir(given)).filter((name) => name.endsWith('.txt')).sort();
      // A folder has no line to point at: "seeds:0: …" read as a page's line 0.
      if (names.length === 0 && !allowEmpty) throw new UserError(`${given}: directory holds no corpus pages (*.txt)`, 422, 'no_pages');
      files.push(...names.map((name) => path.join(given, name)));
    } else {
      files.push(given);
    }
  }
  // A file named twice (`ingest seeds seeds/a.txt`) is one page: ingested and counted once, as
  // first named (it was counted twice, its entries too).
  const seen = new Set<string>();
  return files.filter((file) => {
    const key = path.resolve(file);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A page is stored by its file name (its path changes when a folder moves). Two files of one name
 * from different folders took turns replacing each other, page and sources, at every run: the
 * first named is ingested, the others are refused with the page's error (`order`: its place among
 * the paths given).
 */
function withoutSameNames(given: string[]): { files: string[]; sameName: Array<{ file: string; first: string; order: number }> } {
  const firstByName = new Map<string, string>();
  const files: string[] = [];
  const sameName: Array<{ file: string; first: string; order: number }> = [];
  given.forEach((file, order) => {
    const first = firstByName.get(path.basename(file));
    if (first === undefined) {
      firstByName.set(path.basename(file), file);
      files.push(file);
    } else sameName.push({ file, first, order });
  });
  return { files, sameName };
}

/** Pages whose stored hashes are looked up in one query: bounds that query and what it returns. */
const LOOKUP_BATCH = 500;

/**
 * Ingests pages one transaction each. While the database stores pages, the next one is read,
 * hashed and parsed: the two overlap. At most the writers' window (writers.ts: the pages being
 * stored and those waiting for their turn) plus the one being parsed are held in memory at once.
 */
export async function ingestFiles(db: Database, given: string[], options: IngestOptions): Promise<IngestReport> {
  const summary: IngestSummary = { pages: 0, entries: 0, new: 0, updated: 0, skipped: 0, leftOut: 0 };
  const errors: Array<IngestReport['errors'][number] & { order: number }> = [];
  const { files, sameName } = withoutSameNames(given);
  // The report names every page in the order given, those refused here among the others.
  const orderOf = new Map(given.map((file, order) => [file, order]));
  for (const { file, first, order } of sameName) {
    errors.push({ file, line: 0, message: `has the same file name as ${first}: a page is stored by its file name, so one would replace the other at every run; rename one`, order });
  }
  const limit = options.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES;
  const writers = orderedWriters(db.writers);
  let done = 0;
  let started = 0;
  pages: for (let start = 0; start < files.length; start += LOOKUP_BATCH) {
    const batch = files.slice(start, start + LOOKUP_BATCH);
    const stored = await storedPages(db.prisma, batch.map((file) => path.basename(file)));
    let next = preparePage(batch[0]!, stored, options.now, limit);
    for (const [index, file] of batch.entries()) {
      if (options.signal?.aborted) break pages;
      started++;
      const prepared = await next;
      if (index + 1 < batch.length) next = preparePage(batch[index + 1]!, stored, options.now, limit);
      const store = async () => {
        try {
          const result = await storePage(db, prepared, options.now);
          summary.pages++;
          summary.entries += result.entries;
          summary.new += result.new;
          summary.updated += result.updated;
          summary.skipped += result.skipped;
          summary.leftOut += result.leftOut;
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          const parse = error instanceof ParseError ? error : undefined;
          errors.push({ file, line: parse?.line ?? 0, message: parse?.reason ?? error.message, order: orderOf.get(file)! });
        }
        options.onProgress?.(++done, files.length, file);
      };
      // Resolves once the page has started; a failure other than a bad page ends the run here.
      await writers.start(pageKeys(prepared), store);
    }
  }
  await writers.finish();
  if (summary.new + summary.updated > 0) await flushSearchIndex(db.prisma);
  // Pages end in any order; the report names them in the order given.
  return { summary, errors: errors.sort((a, b) => a.order - b.order).map(({ order: _order, ...error }) => error), notReached: files.length - started };
}

/** What two pages must have in common to be stored one after the other: a paper they both name. */
function pageKeys(prepared: Prepared): string[] {
  if (prepared.kind !== 'parsed') return [];
  return prepared.entries.flatMap((entry) => (entry.arxivId ? [entry.titleKey, `arxiv:${entry.arxivId}`] : [entry.titleKey]));
}

type PageResult = Omit<IngestSummary, 'pages'>;
type StoredPage = { contentHash: string; entryCount: number };

/** A page read and hashed; parsed, unless its content is already stored; or why it could not be. */
type Prepared =
  | { kind: 'unchanged'; entryCount: number }
  | { kind: 'parsed'; name: string; contentHash: string; page: ParsedPage; entries: PaperInput[] }
  | { kind: 'failed'; error: unknown };

async function storedPages(prisma: PrismaClient, names: string[]): Promise<Map<string, StoredPage>> {
  const rows = await prisma.corpusPage.findMany({ where: { name: { in: names } }, select: { name: true, contentHash: true, entryCount: true } });
  return new Map(rows.map((row) => [row.name, row]));
}

/** Never rejects: a failure is carried to storePage, so it is reported in the page's turn. */
async function preparePage(file: string, stored: Map<string, StoredPage>, now: Date, maxBytes: number): Promise<Prepared> {
  try {
    return prepare(path.basename(file), await readPage(file, maxBytes), stored.get(path.basename(file)), now, file);
  } catch (error) {
    return { kind: 'failed', error };
  }
}

/**
 * The page's bytes, or a refusal when the file is over the limit: checked on the open file before
 * anything is read, and again on what was read (a file still being written may have grown).
 */
async function readPage(file: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw tooLarge(size, maxBytes);
    const content = await handle.readFile();
    if (content.length > maxBytes) throw tooLarge(content.length, maxBytes);
    return content;
  } finally {
    await handle.close();
  }
}

function tooLarge(size: number, maxBytes: number): UserError {
  // Bytes below a megabyte: "0.1 MB, over the 0.0 MB limit" said nothing.
  const mb = (bytes: number) => (bytes < 1024 * 1024 ? `${formatCount(bytes)} bytes` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
  return new UserError(`page too large: ${mb(size)}, over the ${mb(maxBytes)} limit (MAX_PAGE_BYTES); it was not read`, 413, 'page_too_large');
}

function prepare(name: string, content: Buffer, stored: StoredPage | undefined, now: Date, label: string): Prepared {
  const contentHash = createHash('sha256').update(content).digest('hex');
  if (stored?.contentHash === contentHash) return { kind: 'unchanged', entryCount: stored.entryCount };
  const page = parsePage(decode(content, label), label, { today: now });
  return { kind: 'parsed', name, contentHash, page, entries: dedupeEntries(page.entries, page.pageDateKnown ? page.pageDate : null) };
}

async function storePage(db: Database, prepared: Prepared, now: Date): Promise<PageResult> {
  if (prepared.kind === 'failed') throw prepared.error;
  if (prepared.kind === 'unchanged') return { entries: prepared.entryCount, new: 0, updated: 0, leftOut: 0, skipped: prepared.entryCount };
  const { page, name, contentHash, entries } = prepared;
  const listing = { name, contentHash, pageDate: page.pageDateKnown ? page.pageDate : null, entryCount: page.entries.length };
  const result = await db.transaction((tx) => storeListing(tx, listing, entries, now));
  return { entries: page.entries.length, ...result, skipped: page.entries.length - result.new - result.updated - result.leftOut };
}

/** Ingests one page atomically. `name` identifies the page across runs; `label` is used in errors. */
export async function ingestPage(db: Database, name: string, content: Buffer, now: Date, label: string = name): Promise<PageResult> {
  const stored = await db.prisma.corpusPage.findUnique({ where: { name }, select: { contentHash: true, entryCount: true } });
  return storePage(db, prepare(name, content, stored ?? undefined, now, label), now);
}

/**
 * A page may list the same title twice; only its first listing counts. Merging the two would let
 * a page pump a paper (the highest upvotes of both, the links of both) by repeating its title.
 */
function dedupeEntries(entries: ParsedEntry[], pageDate: Date | null): PaperInput[] {
  const byKey = new Map<string, PaperInput>();
  for (const entry of entries) {
    const arxivId = ownArxivIdInText(entry.abstract, entry.publishedAt ?? pageDate);
    if (!byKey.has(entry.titleKey)) byKey.set(entry.titleKey, { ...entry, source: 'page', authors: [], arxivId });
  }
  // An id named by two entries of a page belongs to neither with any certainty.
  const seen = new Map<string, number>();
  for (const input of byKey.values()) if (input.arxivId) seen.set(input.arxivId, (seen.get(input.arxivId) ?? 0) + 1);
  return [...byKey.values()].map((input) => (input.arxivId && seen.get(input.arxivId)! > 1 ? { ...input, arxivId: null } : input));
}

function decode(content: Buffer, label: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new ParseError(label, 1, 'not UTF-8 text (a binary file?)');
  }
}
