// What a reader was sent, carried from one database to another with the list: `subscribers --csv`
// writes it (the `sent` column), `subscribe --file` reads it back. The "never resend" ledger is the
// one part of a reader a fresh database cannot rebuild: without it a re-imported reader (the
// embedded database's recovery, a move to PostgreSQL) was sent again the papers of the re-ingested
// corpus they already had, since every paper of a new corpus is first seen that day.
import type { PrismaClient } from '../db/index.js';
import { normaliseTitle } from '../corpus/title.js';
import { parsePaperRef } from './paper-ref.js';

/** How a paper is named for another database: its arXiv id, else its title (an id of this database means nothing there). */
export const portableRef = (paper: { arxivId: string | null; title: string }) => paper.arxivId ?? paper.title;

/**
 * Which edition each reader last had, kept by delivery (its tables) and given to the export and the
 * import of the list: with their sent papers, what keeps a new database from mailing a reader an
 * edition they already had. Edition keys are `daily:2026-12-05`, `weekly:2026-11-30`.
 */
export interface EditionHistory {
  /** The newest edition each of these readers had (sent, or skipped with nothing new), by key. */
  lastHad(subscriberIds: number[]): Promise<Map<number, string>>;
  /** Records that the reader had that edition where the list came from, unless they have it or a later one here; whether it was recorded. */
  recordHad(subscriberId: number, key: string, now: Date): Promise<boolean>;
}

/** Papers looked up per statement: a reader's history of years stays far below any parameter limit. */
const CHUNK = 1_000;

type Wanted = { arxivId: string } | { titleKey: string };

/**
 * Enters the papers `refs` name (arXiv ids or titles, as `portableRef` writes them) in the reader's
 * ledger as sent, without a delivery of this database. Papers the corpus does not hold are named
 * (`missing`, as the file wrote them), not kept: once ingested, such a paper could be sent to them again.
 */
export async function recordSentElsewhere(
  prisma: PrismaClient,
  subscriberId: number,
  refs: string[],
  now: Date,
): Promise<{ added: number; missing: string[] }> {
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
  const missing: string[] = [];
  wanted.forEach((w, i) => {
    const id = 'arxivId' in w ? byArxiv.get(w.arxivId) : byTitle.get(w.titleKey);
    if (id === undefined) missing.push(refs[i]!);
    else paperIds.add(id);
  });
  const ids = [...paperIds];
  let added = 0;
  for (let start = 0; start < ids.length; start += CHUNK) {
    // A millisecond apart, in the file's order (oldest first), and none after `now`: the next export
    // lists them as the file did.
    const data = ids.slice(start, start + CHUNK).map((paperId, i) => ({ subscriberId, paperId, deliveryId: null, at: new Date(now.getTime() - (ids.length - start - i)) }));
    added += (await prisma.sentPaper.createMany({ data, skipDuplicates: true })).count;
  }
  return { added, missing };
}
