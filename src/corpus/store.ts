// Writes one listing (a corpus page or a feed day) in a fixed number of set-based statements,
// whatever its size: the listing row, one read of the papers it names, one INSERT of the new
// papers, one UPDATE of the known ones that change, one INSERT of the listing's sources. The
// merge rules themselves run here in TypeScript (merge.ts), so they read the same for every
// source; the database only receives finished rows as one JSON parameter per statement.
//
// A new paper's search vector is computed by the column's trigger (paper_search()) as the INSERT
// stores it; a known paper is written only when it gains something, and its vector is recomputed
// (by the update trigger) only when its title or abstract changes, as a newer arXiv version's does.
// pageCount is incremented in the same UPDATE that merges the rest rather than recounted afterwards.
//
// The statements go through a plain SQL session (Database.transaction), not Prisma: their one large
// JSON parameter per statement is what Prisma's query layer costs most to carry (measured by
// bench:ingest: about a fifth of the Node process's CPU time).
import type { PrismaClient, SqlSession } from '../db/index.js';
import { keyOfNamesake, mayMerge, mergePaper, plausibleUpvotes, type KnownPaper, type PaperInput } from './merge.js';

export interface Listing {
  name: string;
  contentHash: string;
  /** null for a page that shows no date. */
  pageDate: Date | null;
  entryCount: number;
}

export interface StoreResult {
  new: number;
  updated: number;
  /**
   * Entries not stored: another paper holds their title (another abstract, or another arXiv id) and
   * nothing names them apart (a page's entry has no id of its own). Counted, so a summary says so.
   */
  leftOut: number;
}

interface KnownRow extends KnownPaper {
  id: number;
  onThisPage: boolean;
}

/** A listing's statements run in one transaction of this session (Database.transaction). */
type Tx = Pick<SqlSession, 'query'>;

/** Stores a listing and its entries; call it inside the listing's transaction. */
export async function storeListing(tx: Tx, listing: Listing, entries: PaperInput[], now: Date): Promise<StoreResult> {
  // The commit does not wait for its WAL to reach the disk. A crash can then lose the last
  // fraction of a second of listings, never half of one, and loses them with their content hash,
  // so the next run stores them again; anything committed later (a digest naming these papers)
  // waits for the WAL before it, so nothing can refer to a paper that was lost.
  await tx.query('SET LOCAL synchronous_commit = off');
  const [page] = await tx.query<{ id: number }>(
    `INSERT INTO "CorpusPage" (name, "contentHash", "pageDate", "entryCount", "ingestedAt")
     VALUES ($1, $2, $3::date, $4, $5::timestamp)
     ON CONFLICT (name) DO UPDATE SET "contentHash" = EXCLUDED."contentHash", "pageDate" = EXCLUDED."pageDate",
       "entryCount" = EXCLUDED."entryCount", "ingestedAt" = EXCLUDED."ingestedAt"
     RETURNING id`,
    [listing.name, listing.contentHash, day(listing.pageDate), listing.entryCount, stamp(now)],
  );
  if (entries.length === 0) return { new: 0, updated: 0, leftOut: 0 };

  const result: StoreResult = { new: 0, updated: 0, leftOut: 0 };
  const claimed = new Set<number>(); // a known paper takes one entry of a listing: the first
  for (let start = 0; start < entries.length; start += CHUNK) {
    const chunk = await storeChunk(tx, page!.id, entries.slice(start, start + CHUNK), start, claimed, now);
    result.new += chunk.new;
    result.updated += chunk.updated;
    result.leftOut += chunk.leftOut;
  }
  return result;
}

/**
 * Merges arXiv's answers about papers already stored (a re-check by id, arxiv-recheck.ts) by the
 * same rules and statements as a listing, versionStep included, so a withdrawal or a later version
 * found this way is applied exactly as if a listing had shown it. Unlike a listing it records no
 * listing: a paper only counts its appearances in listings, and a look-up is not one. Only papers
 * it names by arXiv id change; an entry for an id not stored adds no paper.
 */
export async function mergeIntoKnown(tx: Tx, entries: PaperInput[], now: Date): Promise<StoreResult> {
  await tx.query('SET LOCAL synchronous_commit = off'); // as for a listing (storeListing)
  const result: StoreResult = { new: 0, updated: 0, leftOut: 0 };
  const claimed = new Set<number>();
  for (let start = 0; start < entries.length; start += CHUNK) {
    const chunk = await storeChunk(tx, null, entries.slice(start, start + CHUNK), start, claimed, now);
    result.updated += chunk.updated;
  }
  return result;
}

/**
 * Entries per round of statements: a listing of any size (a 10 MB page holds about 8,000) is
 * written in rounds, so no statement's JSON grows with it.
 */
const CHUNK = 1_000;

/** `pageId` null: no listing, only known papers merged (mergeIntoKnown). */
async function storeChunk(
  tx: Tx,
  pageId: number | null,
  entries: PaperInput[],
  firstPosition: number,
  claimed: Set<number>,
  now: Date,
): Promise<StoreResult> {
  const known = await readKnown(tx, pageId, entries);
  const byKey = new Map(known.map((row) => [row.titleKey, row]));
  const byArxivId = new Map(known.filter((row) => row.arxivId).map((row) => [row.arxivId!, row]));

  const fresh: PaperInput[] = [];
  let leftOut = 0;
  const changed: Array<Record<string, unknown>> = [];
  const sources: Array<{ key: string; paperId?: number; upvotes: number }> = [];
  for (const listed of entries) {
    let entry = { ...listed, upvotes: plausibleUpvotes(listed.upvotes) };
    const holder = entry.arxivId ? byArxivId.get(entry.arxivId) : undefined;
    // An id a page's text names is a hint, not an identity: it never makes the entry another
    // paper (that would let any page speak for any paper), and is dropped when another paper has it.
    const byId = entry.source === 'page' ? undefined : holder;
    // Without a listing only the papers named by id: a look-up by id speaks for no other.
    const paper = byId ?? (pageId === null ? undefined : byKey.get(entry.titleKey));
    if (!paper && pageId === null) continue;
    const otherId = paper?.arxivId && paper.arxivId !== entry.arxivId;
    if (entry.source === 'page' && ((holder && holder !== paper) || otherId)) entry = { ...entry, arxivId: null };
    if (!paper) {
      fresh.push(entry);
      sources.push({ key: entry.titleKey, upvotes: entry.upvotes });
      continue;
    }
    // Another paper under this title (another abstract or arXiv id): it cannot speak for this one.
    if (claimed.has(paper.id) || !mayMerge(paper, entry, byId !== undefined)) {
      // An entry arXiv or the feed gives with an id of its own is its own paper, under its own key.
      if (entry.arxivId && entry.source !== 'page' && pageId !== null) {
        const titleKey = keyOfNamesake(entry.titleKey, entry.arxivId);
        fresh.push({ ...entry, titleKey });
        sources.push({ key: titleKey, upvotes: entry.upvotes });
      } else leftOut += 1;
      continue;
    }
    claimed.add(paper.id);
    if (pageId !== null) sources.push({ key: paper.titleKey, paperId: paper.id, upvotes: entry.upvotes });
    // No listing to add the paper to: its count of listings stays, and a paper that gains nothing is not written.
    const listedHere = pageId === null || paper.onThisPage;
    const changes = mergePaper(paper, entry);
    // A newer arXiv version's title is found under its own key, unless another paper holds that key
    // (one a page listed under the new title): then the paper keeps the key it has.
    const heldKey = changes?.titleKey !== undefined && byKey.has(changes.titleKey) && byKey.get(changes.titleKey) !== paper;
    if (changes && heldKey) delete changes.titleKey;
    if (!changes && listedHere) continue;
    const merged = { ...paper, ...changes };
    changed.push({ ...merged, added: listedHere ? 0 : 1, publishedAt: day(merged.publishedAt), withdrawnAt: instant(merged.withdrawnAt) });
  }

  await writeChunk(tx, pageId, fresh, changed, sources.map((source, index) => ({ ...source, position: firstPosition + index })), now);
  return { new: fresh.length, updated: changed.length, leftOut };
}

/**
 * New search entries wait in the GIN index's pending list (64 MB, set on the index by the
 * search-column migration) instead of being merged into the index row by row. This merges the
 * pending list into the index in one sorted pass, much cheaper than the row-by-row merges it
 * replaces, so that searches after a run do not scan the list. Needs to own the index; without
 * that right, autovacuum does the same later, so a refusal is only logged.
 */
export async function flushSearchIndex(prisma: PrismaClient, warn: (message: string) => void = () => {}): Promise<void> {
  try {
    await prisma.$queryRaw`SELECT gin_clean_pending_list('"Paper_search_idx"'::regclass)`;
  } catch (error) {
    warn(`could not flush the search index's pending list (${(error as Error).message}); autovacuum will`);
  }
}

async function readKnown(tx: Tx, pageId: number | null, entries: PaperInput[]): Promise<KnownRow[]> {
  const keys = entries.map((entry) => entry.titleKey);
  const arxivIds = entries.map((entry) => entry.arxivId).filter((id): id is string => Boolean(id));
  const rows = await tx.query<Omit<KnownRow, 'publishedAt' | 'withdrawnAt'> & { publishedAt: string | null; withdrawnAt: string | null }>(
    `SELECT p.id, p."titleKey", p.title, p.abstract, p."authorCount", p.authors, p."publishedAt"::text AS "publishedAt", p.upvotes,
            p."arxivId", p.links, p.categories, p."arxivVersion", ${AS_UTC_TEXT('p."withdrawnAt"')} AS "withdrawnAt",
            EXISTS (SELECT 1 FROM "PaperSource" s WHERE s."paperId" = p.id AND s."pageId" = $1) AS "onThisPage"
     FROM "Paper" p
     WHERE p."titleKey" = ANY($2::text[]) OR p."arxivId" = ANY($3::text[])`,
    [pageId, keys, arxivIds],
  );
  // A DATE (and a TIMESTAMP) read as text: the driver would otherwise read it in local time.
  return rows.map((row) => ({
    ...row,
    publishedAt: row.publishedAt === null ? null : new Date(`${row.publishedAt}T00:00:00Z`),
    withdrawnAt: row.withdrawnAt === null ? null : new Date(row.withdrawnAt),
  }));
}

/** A TIMESTAMP(3) column (UTC wall time) as ISO 8601 text in UTC. */
const AS_UTC_TEXT = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Column types of the JSON rows, shared by the INSERT and the UPDATE. */
const PAPER_COLUMNS = `
  "titleKey" text, title text, abstract text, "authorCount" int, authors text[], "publishedAt" date,
  upvotes int, "arxivId" text, links text[], categories text[], "arxivVersion" int, "withdrawnAt" timestamp`;

/**
 * One statement for a chunk's writes: the new papers, the known ones that change, and the
 * listing's sources, whose new papers' ids come from the INSERT's RETURNING. Every part runs
 * whether or not it has rows, so the count of round trips per listing never depends on what it holds.
 */
async function writeChunk(
  tx: Tx,
  pageId: number | null,
  fresh: PaperInput[],
  changed: Array<Record<string, unknown>>,
  sources: Array<{ key: string; paperId?: number; position: number; upvotes: number }>,
  now: Date,
): Promise<void> {
  const rows = fresh.map((entry) => ({
    titleKey: entry.titleKey,
    title: entry.title,
    abstract: entry.abstract,
    authorCount: entry.authorCount,
    authors: entry.authors ?? [],
    publishedAt: day(entry.publishedAt),
    upvotes: entry.upvotes,
    arxivId: entry.arxivId ?? null,
    links: entry.links,
    categories: entry.categories ?? [],
    arxivVersion: entry.arxivVersion ?? null,
    withdrawnAt: instant(entry.withdrawnAt),
  }));
  // ON CONFLICT: another process may have stored the same title since readKnown; take its row.
  // pageCount is incremented, not set: two listings naming one paper may be stored concurrently.
  await tx.query(
    `WITH fresh AS (
       INSERT INTO "Paper" ("titleKey", title, abstract, "authorCount", authors, "publishedAt", upvotes, "arxivId", links,
                            categories, "arxivVersion", "withdrawnAt", "pageCount", "firstSeenAt", "lastSeenAt")
       SELECT t."titleKey", t.title, t.abstract, t."authorCount", t.authors, t."publishedAt", t.upvotes, t."arxivId", t.links,
              t.categories, t."arxivVersion", t."withdrawnAt", 1, $2::timestamp, $2::timestamp
       FROM jsonb_to_recordset($3::jsonb) AS t(${PAPER_COLUMNS})
       ON CONFLICT ("titleKey") DO UPDATE SET "lastSeenAt" = EXCLUDED."lastSeenAt"
       RETURNING id, "titleKey"
     ), changed AS (
       UPDATE "Paper" p SET
         "titleKey" = t."titleKey", title = t.title, abstract = t.abstract, "authorCount" = t."authorCount", authors = t.authors,
         "publishedAt" = t."publishedAt", upvotes = t.upvotes, "arxivId" = t."arxivId", links = t.links, categories = t.categories,
         "arxivVersion" = t."arxivVersion", "withdrawnAt" = t."withdrawnAt",
         "pageCount" = p."pageCount" + t.added, "lastSeenAt" = $2::timestamp
       FROM jsonb_to_recordset($4::jsonb) AS t(id int, added int, ${PAPER_COLUMNS})
       WHERE p.id = t.id
     )
     INSERT INTO "PaperSource" ("paperId", "pageId", position, upvotes)
     SELECT coalesce(s."paperId", f.id), $1, s.position, s.upvotes
     FROM jsonb_to_recordset($5::jsonb) AS s("paperId" int, key text, position int, upvotes int)
     LEFT JOIN fresh f ON s."paperId" IS NULL AND f."titleKey" = s.key
     ON CONFLICT ("paperId", "pageId") DO UPDATE SET position = EXCLUDED.position, upvotes = EXCLUDED.upvotes`,
    [pageId, stamp(now), JSON.stringify(rows), JSON.stringify(changed), JSON.stringify(sources)],
  );
}

/** A DATE column's value as text, so JSON carries no time zone to misread. */
function day(date: Date | null | undefined): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}

/** A TIMESTAMP(3) column holds UTC wall time, as Prisma writes it. */
function stamp(date: Date): string {
  return date.toISOString().replace('Z', '');
}

const instant = (date: Date | null | undefined): string | null => (date ? stamp(date) : null);
