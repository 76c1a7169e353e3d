// Said by `paperboy status` and by /admin alike, from its own file: admin-view.ts cannot import
// service-status.ts, which imports it.
import { plural } from '../shared/wording.js';

/**
 * An edition's deliveries recorded by an import, as `paperboy status` and /admin both say them
 * after IMPORTED_LEAD: counted apart from "sent", which before said the service had sent them,
 * dated at the import.
 */
export function importedWords(edition: { key: string; imported: number }): string {
  return `${plural(edition.imported, 'reader')} had ${edition.key} in the database the list was imported from (subscribe --file)`;
}

export const IMPORTED_LEAD = 'Not sent from here: ';
