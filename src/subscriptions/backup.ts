// The embedded database's safety net. After a hard kill or a full disk its files may not open
// again, and then only what was exported survives: the corpus comes back from its sources, the
// readers do not. Once a day the service writes the whole list, in the columns `paperboy subscribe
// --file` reads back (schedule, topics, liked papers, marks, what each reader was sent), to
// DATA_DIR/backups; the error that says the database cannot be opened names the newest file.
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { PrismaClient } from '../db/index.js';
import { backupFileFor, backupFolder, BACKUPS_KEPT, listBackups } from '../shared/backup-files.js';
import path from 'node:path';
import { plural } from '../shared/wording.js';
import { readRoster } from './roster.js';
import type { EditionHistory } from './sent-history.js';
import { ROSTER_CSV_HEADER, rosterCsvRow, unshieldedCell } from './roster-csv.js';

export interface BackupResult {
  subscribers: number;
  /** The file written; null when the list is empty, which is never worth a file (and would push a real one out). */
  file: string | null;
}

/**
 * What to say of an empty list beside a backup that holds readers, or null: a damaged table can
 * read as empty without an error (a file of it truncated after a hard kill), and then every command
 * said "no subscriber" while the job said it succeeded. The job's run fails with it, and `status`
 * says it, until the list is back or the backups are deleted.
 */
export async function lostListProblem(dataDir: string): Promise<string | null> {
  const newest = listBackups(dataDir)[0];
  if (!newest) return null;
  // Readers are those the backup would mail (active or paused), not those it keeps as they left.
  const rows = parse(await readFile(newest.file, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<{ status?: string }>;
  const readers = rows.filter((row) => row.status === undefined || row.status === 'active' || row.status === 'paused').length;
  if (readers === 0) return null;
  // The import first: said after moving the damaged files aside, as this is, "move them aside
  // and start again" sent the operator round the same step once more.
  return (
    `the list is empty, but the backup of ${newest.day} holds ${plural(readers, 'reader')}: if they did not all leave, the database has lost them ` +
      `(a damaged file after a hard kill or a full disk): bring them back with paperboy subscribe --file ${newest.file} ` +
      `(if the database's files cannot be opened at all, first stop the service, move ${path.join(dataDir, 'pglite')} aside and start it again). ` +
      `If the list was emptied on purpose, delete ${backupFolder(dataDir)}.`
  );
}

/** Writes the day's backup of the list and keeps the newest BACKUPS_KEPT. */
export async function backupRoster(prisma: PrismaClient, history: EditionHistory, dataDir: string, now: Date): Promise<BackupResult> {
  const file = backupFileFor(dataDir, now);
  const partial = `${file}.partial`;
  await mkdir(backupFolder(dataDir), { recursive: true, mode: 0o700 });
  let subscribers = 0;
  try {
    // Addresses and reading habits: readable by the service's user alone.
    const handle = await open(partial, 'w', 0o600);
    try {
      await handle.write(`${ROSTER_CSV_HEADER}\n`);
      for await (const batch of readRoster(prisma, { history })) {
        await handle.write(batch.map((entry) => `${rosterCsvRow(entry)}\n`).join(''));
        subscribers += batch.length;
      }
      // On disk before it replaces the day's earlier file: a crash leaves the old one or the new one whole.
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (subscribers === 0) {
      const lost = await lostListProblem(dataDir);
      if (lost) throw new Error(lost);
      return { subscribers, file: null };
    }
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
  await Promise.all(listBackups(dataDir).slice(BACKUPS_KEPT).map((backup) => rm(backup.file, { force: true })));
  return { subscribers, file };
}

/**
 * Takes an erased address out of every kept backup, each file rewritten whole or left as it was.
 * `erase` promised that nothing of the reader was kept, while a week of backups held their address,
 * topics and history, and the recovery README describes (importing the newest backup) made them an
 * active reader again. How many files held them.
 */
export async function eraseFromBackups(dataDir: string, email: string): Promise<number> {
  const address = email.trim().toLowerCase();
  let changed = 0;
  for (const backup of listBackups(dataDir)) {
    const text = await readFile(backup.file, 'utf8');
    const rows = parse(text, { columns: true, raw: true, skip_empty_lines: true, cast: unshieldedCell }) as Array<{ record: { email?: string }; raw: string }>;
    const kept = rows.filter((row) => (row.record.email ?? '').trim().toLowerCase() !== address);
    if (kept.length === rows.length) continue;
    // The file's own header line (a header has no quoted line breaks), then its other rows as written.
    const header = text.slice(0, text.indexOf('\n') + 1);
    const partial = `${backup.file}.partial`;
    try {
      const handle = await open(partial, 'w', 0o600);
      try {
        await handle.write(header + kept.map((row) => row.raw).join(''));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(partial, backup.file);
    } finally {
      await rm(partial, { force: true });
    }
    changed += 1;
  }
  return changed;
}
