// Papers by id, as digests, their web views and previews show them: the one place that turns a
// list of ranked or stored paper ids into paper rows.
import type { PrismaClient } from '../db/index.js';

export interface PaperRecord {
  id: number;
  title: string;
  abstract: string;
  arxivId: string | null;
  authorCount: number | null;
  authors: string[];
  publishedAt: Date | null;
  upvotes: number;
  links: string[];
}

const RECORD_FIELDS = { id: true, title: true, abstract: true, arxivId: true, authorCount: true, authors: true, publishedAt: true, upvotes: true, links: true } as const;

/**
 * The papers of `ids` that exist and are not withdrawn, by id: one removed from the corpus since, or
 * withdrawn on arXiv since it was chosen, is simply absent, so no digest, web view or preview shows it.
 */
export async function loadPapers(prisma: PrismaClient, ids: Iterable<number>): Promise<Map<number, PaperRecord>> {
  const rows = await prisma.paper.findMany({ where: { id: { in: [...new Set(ids)] }, withdrawnAt: null }, select: RECORD_FIELDS });
  return new Map(rows.map((row) => [row.id, row]));
}

/** Whether the corpus holds any paper at all (a send refuses to run before the first ingest). */
export async function hasPapers(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.paper.findFirst({ select: { id: true } })) !== null;
}
