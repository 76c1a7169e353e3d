// What is said under the editions, by `paperboy status` and by /admin alike, from its own file:
// admin-view.ts cannot import service-status.ts, which imports it.
import { plural } from '../shared/wording.js';

/**
 * An edition's deliveries recorded by an import, as `paperboy status` and /admin both say them
 * after IMPORTED_LEAD: counted apart from "sent", which before said the service had sent them,
 * dated at the import.
 */
export function importedWords(edition: { key: string; imported: number }): string {
  // "Had" covers a skipped edition too (nothing new for them that day): what the export's
  // lastedition records is that the edition was done for them, not that it was mailed.
  return `${plural(edition.imported, 'reader')} had ${edition.key} (sent, or nothing new to send) in the database the list was imported from (subscribe --file)`;
}

export const IMPORTED_LEAD = 'Not sent from here: ';

export const FAILED_LEAD = 'Failed: ';

/**
 * Under the editions when some of their digests failed for good, after FAILED_LEAD, with the
 * command that sends them again: an edition that gave up reads complete, and its run said only "2 failed".
 */
export function failedWords(editions: Array<{ failed: number }>): string | null {
  const failed = editions.reduce((sum, edition) => sum + edition.failed, 0);
  if (failed === 0) return null;
  const them = failed === 1 ? 'it' : 'them';
  return `${plural(failed, 'digest')} of these editions gave up after repeated failures; paperboy retry --failed sends ${them} again (bounced ones are never retried)`;
}
