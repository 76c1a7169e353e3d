// The sample corpus (seeds/) loaded into a database, as tests and benchmarks start from it.
import { ingestFiles, listPageFiles } from '../src/corpus/index.js';
import type { Database } from '../src/db/index.js';
import { SEEDS_DIR } from './paths.js';

/** Ingests every page of seeds/ as seen at `now`; throws if any page does not parse. */
export async function ingestSeeds(db: Database, now: Date = new Date()): Promise<void> {
  const report = await ingestFiles(db, await listPageFiles([SEEDS_DIR]), { now });
  if (report.errors.length > 0) throw new Error(`seed corpus: ${JSON.stringify(report.errors)}`);
}
