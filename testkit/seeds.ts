// The sample corpus (seeds/) loaded into a database, as tests and benchmarks start from it.
import { ingestFiles, listPageFiles } from '../src/corpus/index.js';
import type { Database } from '../src/db/index.js';
import { SEEDS_DIR } from './paths.js';

/** Ingests every page of seeds/ as seen at `now`; throws if any page does not parse. */
export async function ingestSeeds(db: Database, now: Date = new Date()): Promise<void> {
  const report = await ingestFiles(db, await listPageFiles([SEEDS_DIR]), { now });
  if (report.errors.length > 0) throw new Error(`seed corpus: ${JSON.stringify(report.errors)}`);
}

/**
 * Makes the stored papers first seen just now. A command run as a child process reads the real
 * clock, so papers a test ingested at a fixed date fell out of its window of new papers 14 days
 * after that date, and the command had nothing to send (as two tests found on 5 December).
 */
export async function seenJustNow(db: Database): Promise<void> {
  await db.prisma.paper.updateMany({ data: { firstSeenAt: new Date(Date.now() - 60 * 60_000) } });
}
