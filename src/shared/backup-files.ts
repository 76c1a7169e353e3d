// Where the service's daily backups of the list live (subscriptions/backup.ts writes them), for the
// writer and for the embedded database's "cannot be opened" error, which names the newest.
import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Days of backups kept: a list emptied by mistake (or a database started afresh) must not overwrite the only copy. */
export const BACKUPS_KEPT = 7;

const FOLDER = 'backups';
const NAME = /^subscribers-(\d{4}-\d{2}-\d{2})\.csv$/;

export const backupFolder = (dataDir: string) => path.join(dataDir, FOLDER);

/** The day's file: one per UTC day, the last run of a day wins. */
export const backupFileFor = (dataDir: string, now: Date) => path.join(backupFolder(dataDir), `subscribers-${now.toISOString().slice(0, 10)}.csv`);

/** The backups in DATA_DIR, newest first; none when the folder does not exist. */
export function listBackups(dataDir: string): Array<{ file: string; day: string }> {
  let names: string[];
  try {
    names = readdirSync(backupFolder(dataDir));
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const match = NAME.exec(name);
      return match ? [{ file: path.join(backupFolder(dataDir), name), day: match[1]! }] : [];
    })
    .sort((a, b) => b.day.localeCompare(a.day));
}
