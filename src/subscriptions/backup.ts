// The embedded database's safety net. After a hard kill or a full disk its files may not open
// again, and then only what was exported survives: the corpus comes back from its sources, the
// readers do not. Once a day the service writes the whole list, in the columns `paperboy subscribe
// --file` reads back (schedule, topics, liked papers, marks, what each reader was sent), to
// DATA_DIR/backups; the error that says the database cannot be opened names the newest file.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { PrismaClient } from '../db/index.js';
import { backupFileFor, backupFolder, BACKUPS_KEPT, listBackups } from '../shared/backup-files.js';
import { readRoster } from './roster.js';
import { ROSTER_CSV_HEADER, rosterCsvRow } from './roster-csv.js';

export interface BackupResult {
  subscribers: number;
  /** The file written; null when the list is empty, which is never worth a file (and would push a real one out). */
  file: string | null;
}

/** Writes the day's backup of the list and keeps the newest BACKUPS_KEPT. */
export async function backupRoster(prisma: PrismaClient, dataDir: string, now: Date): Promise<BackupResult> {
  const file = backupFileFor(dataDir, now);
  const partial = `${file}.partial`;
  await mkdir(backupFolder(dataDir), { recursive: true, mode: 0o700 });
  let subscribers = 0;
  try {
    // Addresses and reading habits: readable by the service's user alone.
    const handle = await open(partial, 'w', 0o600);
    try {
      await handle.write(`${ROSTER_CSV_HEADER}\n`);
      for await (const batch of readRoster(prisma, { withSent: true })) {
        await handle.write(batch.map((entry) => `${rosterCsvRow(entry)}\n`).join(''));
        subscribers += batch.length;
      }
      // On disk before it replaces the day's earlier file: a crash leaves the old one or the new one whole.
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (subscribers === 0) return { subscribers, file: null };
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
  await Promise.all(listBackups(dataDir).slice(BACKUPS_KEPT).map((backup) => rm(backup.file, { force: true })));
  return { subscribers, file };
}
