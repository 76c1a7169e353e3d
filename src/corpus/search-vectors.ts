// Papers' search vectors, computed before their listing's transaction opens.
//
// Why: PostgreSQL's text parser is most of what storing a paper costs (about 4× parsing the page
// in Node, measured by bench:ingest), and inside the listing's transaction it runs on that one
// connection, on one core. Computed here, in slices sent at once over the pool's other
// connections, it runs on every core while the previous listing is still being stored; the
// vectors then travel with the rows into the same INSERT, so a listing stays all-or-nothing.
//
// The vectors come from paper_search() (the migration that made Paper.search a plain column), the
// one definition the column's triggers use as well, so they are the ones PostgreSQL or PGlite
// would compute in place. An entry without one (a caller that does not compute ahead) is filled
// by the trigger on insert.
import type { PrismaClient } from '../db/index.js';
import type { PaperInput } from './merge.js';

/** An entry with its search vector, as tsvector text. */
export type SearchedInput = PaperInput & { search?: string };

/** Statements in flight at once: the two cores of the small machines Paperboy is meant for. */
const SLICES = 2;

/** Below this, one statement: a second round trip would cost more than it saves. */
const MIN_SLICE = 50;

export async function withSearchVectors<T extends PaperInput>(prisma: PrismaClient, entries: T[]): Promise<Array<T & { search: string }>> {
  if (entries.length === 0) return [];
  const size = Math.max(MIN_SLICE, Math.ceil(entries.length / SLICES));
  const slices: T[][] = [];
  for (let start = 0; start < entries.length; start += size) slices.push(entries.slice(start, start + size));
  const vectors = (await Promise.all(slices.map((slice) => searchVectors(prisma, slice)))).flat();
  return entries.map((entry, index) => ({ ...entry, search: vectors[index]! }));
}

async function searchVectors(prisma: PrismaClient, entries: PaperInput[]): Promise<string[]> {
  const titles = entries.map((entry) => entry.title);
  const abstracts = entries.map((entry) => entry.abstract);
  const rows = await prisma.$queryRaw<Array<{ search: string }>>`
    SELECT paper_search(t.title, t.abstract)::text AS search
    FROM unnest(${titles}::text[], ${abstracts}::text[]) WITH ORDINALITY AS t(title, abstract, n)
    ORDER BY t.n`;
  return rows.map((row) => row.search);
}
