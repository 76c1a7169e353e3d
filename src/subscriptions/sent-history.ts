// What a reader was sent, carried from one database to another with the list: `subscribers --csv`
// writes it (the `sent` column), `subscribe --file` reads it back. The "never resend" ledger is the
// one part of a reader a fresh database cannot rebuild: without it a re-imported reader (the
// embedded database's recovery, a move to PostgreSQL) was sent again the papers of the re-ingested
// corpus they already had, since every paper of a new corpus is first seen that day.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db/index.js';
import { normaliseTitle } from '../corpus/title.js';
import { parsePaperRef } from './paper-ref.js';

/** How a paper is named for another database: its arXiv id, else its title (an id of this database means nothing there). */
export const portableRef = (paper: { arxivId: string | null; title: string }) => paper.arxivId ?? paper.title;

/** An edition's key as `paperboy subscribers --csv` writes a reader's last one: `daily:2026-12-05`, `weekly:2026-11-30`. */
export const EDITION_KEY = /^(daily|weekly):(\d{4}-\d{2}-\d{2})$/;

/**
 * The newest edition each of these readers had (sent, or skipped with nothing new): with their
 * sent papers, what keeps a new database from mailing them that edition a second time.
 */
export async function lastEditionsOf(prisma: PrismaClient, subscriberIds: number[]): Promise<Map<number, string>> {
  if (subscriberIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<Array<{ subscriberId: number; key: string }>>`
    SELECT DISTINCT ON (d."subscriberId") d."subscriberId", e.key
    FROM "Delivery" d JOIN "Edition" e ON e.id = d."editionId"
    WHERE d."subscriberId" = ANY(${subscriberIds}::int[]) AND d.status IN ('sent', 'skipped')
    ORDER BY d."subscriberId", e.date DESC, e.key`;
  return new Map(rows.map((row) => [row.subscriberId, row.key]));
}

/**
 * Records that the reader had edition `key` in the database the list came from: a delivery of it,
 * sent, without content (nobody has a link to it), unless they have one of it or of a later date
 * here. The planner then owes them the edition after it, as it would have there: after a recovery a
 * reader who had today's digest got it a second time, with other papers. Whether it was recorded.
 */
export async function recordLastEdition(prisma: PrismaClient, subscriberId: number, key: string, now: Date): Promise<boolean> {
  const match = EDITION_KEY.exec(key);
  if (!match) return false;
  const date = match[2]!;
  const messageId = `<${randomBytes(12).toString('hex')}.imported@paperboy.invalid>`;
  const rows = await prisma.$queryRaw<Array<{ id: number }>>`
    WITH edition AS (
      INSERT INTO "Edition" (key, date, "createdAt") VALUES (${key}, ${date}::date, ${now})
      ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
      RETURNING id)
    INSERT INTO "Delivery" ("editionId", "subscriberId", status, "messageId", "webToken", "smtpResponse", "sentAt", "createdAt", "nextAttemptAt")
    SELECT edition.id, ${subscriberId}, 'sent', ${messageId}, ${randomBytes(18).toString('base64url')}, 'sent from the database this list was exported from', ${now}, ${now}, ${now}
    FROM edition
    WHERE NOT EXISTS (SELECT 1 FROM "Delivery" d JOIN "Edition" e ON e.id = d."editionId" WHERE d."subscriberId" = ${subscriberId} AND e.date >= ${date}::date)
    ON CONFLICT ("subscriberId", "editionId") DO NOTHING
    RETURNING id`;
  if (rows.length === 0) return false;
  // Complete, as it was where it came from, when nothing of it is left to send here: `status` read
  // "not complete" with nothing pending until the next send run.
  await prisma.$executeRaw`
    UPDATE "Edition" e SET "completedAt" = ${now}
    WHERE e.key = ${key} AND e."completedAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."editionId" = e.id AND d.status IN ('pending', 'sending'))`;
  return true;
}

/** Papers looked up per statement: a reader's history of years stays far below any parameter limit. */
const CHUNK = 1_000;

type Wanted = { arxivId: string } | { titleKey: string };

/**
 * Enters the papers `refs` name (arXiv ids or titles, as `portableRef` writes them) in the reader's
 * ledger as sent, without a delivery of this database. Papers the corpus does not hold are counted,
 * not kept: once ingested, such a paper could be sent to them again.
 */
export async function recordSentElsewhere(
  prisma: PrismaClient,
  subscriberId: number,
  refs: string[],
  now: Date,
): Promise<{ added: number; notInCorpus: number }> {
  const wanted: Wanted[] = refs.map((text) => {
    const ref = parsePaperRef(text);
    // A bare number is a paper id of the database it came from: read as the title it may be.
    return ref.kind === 'arxiv' ? { arxivId: ref.arxivId } : { titleKey: normaliseTitle(ref.kind === 'title' ? ref.title : text) };
  });
  const byArxiv = new Map<string, number>();
  const byTitle = new Map<string, number>();
  for (let start = 0; start < wanted.length; start += CHUNK) {
    const chunk = wanted.slice(start, start + CHUNK);
    const arxivIds = chunk.flatMap((w) => ('arxivId' in w ? [w.arxivId] : []));
    const titleKeys = chunk.flatMap((w) => ('titleKey' in w ? [w.titleKey] : []));
    const papers = await prisma.paper.findMany({
      where: { OR: [{ arxivId: { in: arxivIds } }, { titleKey: { in: titleKeys } }] },
      select: { id: true, arxivId: true, titleKey: true },
    });
    for (const paper of papers) {
      if (paper.arxivId) byArxiv.set(paper.arxivId, paper.id);
      byTitle.set(paper.titleKey, paper.id);
    }
  }
  const paperIds = new Set<number>();
  let notInCorpus = 0;
  for (const w of wanted) {
    const id = 'arxivId' in w ? byArxiv.get(w.arxivId) : byTitle.get(w.titleKey);
    if (id === undefined) notInCorpus++;
    else paperIds.add(id);
  }
  const ids = [...paperIds];
  let added = 0;
  for (let start = 0; start < ids.length; start += CHUNK) {
    // A millisecond apart, in the file's order (oldest first), and none after `now`: the next export
    // lists them as the file did.
    const data = ids.slice(start, start + CHUNK).map((paperId, i) => ({ subscriberId, paperId, deliveryId: null, at: new Date(now.getTime() - (ids.length - start - i)) }));
    added += (await prisma.sentPaper.createMany({ data, skipDuplicates: true })).count;
  }
  return { added, notInCorpus };
}
