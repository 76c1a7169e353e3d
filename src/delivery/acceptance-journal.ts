// The acceptances a run has not recorded yet, kept beside the database: the hole in exactly-once.
// A message the SMTP server accepted is written to the database one round trip later (record.ts);
// a database that stopped answering in that moment, or a process killed in it, left the delivery
// open, and the next run sent it again: up to the messages in flight (20), as the outage and crash
// tests measured. Each acceptance is now first appended to the run's journal, synchronously, before
// anything else can happen; the next run on this machine applies the journals of runs that ended
// without recording everything before it claims anything, and finds those deliveries sent.
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '../db/index.js';
import { isDeadLocalClaimant } from './claimant.js';
import { countJournaledOpen } from './store/index.js';

/** Where the journals are kept: beside the embedded database's files, on the volume that outlives a process. */
export const journalDirOf = (dataDir: string) => path.join(dataDir, 'journal');

export interface JournalEntry {
  id: number;
  /** With the id: a journal left from an earlier database (the embedded one started afresh) matches no delivery of this one. */
  messageId: string;
  response: string;
  subject: string;
  /** When the server accepted it (ISO). */
  at: string;
}

export interface AcceptanceJournal {
  /** Appends an acceptance, before it is recorded in the database; never throws (a journal that cannot be written is logged once and left). */
  note(entry: JournalEntry): void;
  /** Every acceptance noted is in the database: the run's file goes. */
  discard(): void;
}

const SUFFIX = '.jsonl';
/**
 * A journal untouched this long belongs to a run that ended, whoever ran it (a process of another
 * container, whose pid this one cannot check): its owner records an acceptance within a round trip.
 */
export const ABANDONED_AFTER_MS = 10 * 60_000;

const NO_JOURNAL: AcceptanceJournal = { note() {}, discard() {} };

/** The journal of one run of `claimant`, in `dir` (none without a folder); its file is made at the first acceptance. */
export function openJournal(dir: string | undefined, claimant: string, onError: (error: unknown) => void): AcceptanceJournal & { file: string | null } {
  if (!dir) return { ...NO_JOURNAL, file: null };
  const file = path.join(dir, `${encodeURIComponent(claimant)}~${randomBytes(4).toString('hex')}${SUFFIX}`);
  let made = false;
  let broken = false;
  return {
    file,
    note(entry) {
      if (broken) return;
      try {
        if (!made) mkdirSync(dir, { recursive: true, mode: 0o700 });
        // appendFileSync: on disk (the page cache) before the next line of this process runs, so a
        // kill right after finds it; not fsync'd, which only a machine's crash would need.
        appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
        made = true;
      } catch (error) {
        broken = true;
        onError(error);
      }
    },
    discard() {
      if (made) rmSync(file, { force: true });
    },
  };
}

/**
 * The journals a run of `claimant` applies before it claims: those of processes gone from this
 * machine, of this process's earlier runs, and any left untouched for ABANDONED_AFTER_MS; never
 * `current` (the run's own) nor a live process's recent one, whose owner is still recording.
 */
export function journalsToApply(dir: string | undefined, claimant: string, current: string | null, now: number = Date.now()): Array<{ file: string; entries: JournalEntry[] }> {
  return journalFiles(dir).flatMap(({ file, owner }) => {
    if (file === current) return [];
    try {
      const ended = owner === claimant || (owner !== null && isDeadLocalClaimant(owner)) || now - statSync(file).mtimeMs >= ABANDONED_AFTER_MS;
      return ended ? [{ file, entries: parseEntries(readFileSync(file, 'utf8')) }] : [];
    } catch {
      return []; // gone meanwhile: another run applied it
    }
  });
}

/** The journal files in `dir` with the claimant each names (null when its name cannot be read); none without the folder. */
function journalFiles(dir: string | undefined): Array<{ file: string; owner: string | null }> {
  if (!dir) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const separator = name.lastIndexOf('~');
    return name.endsWith(SUFFIX) && separator > 0 ? [{ file: path.join(dir, name), owner: safeDecode(name.slice(0, separator)) }] : [];
  });
}

/**
 * Deliveries still open whose message a journal says the server accepted: digests that went out,
 * which the next send run records as sent instead of sending (what `status` reports).
 */
export function acceptedUnrecorded(prisma: PrismaClient, dir: string | undefined): Promise<number> {
  return countJournaledOpen(prisma, readAllJournals(dir));
}

/** Every entry of every journal in `dir`, whoever wrote it. */
function readAllJournals(dir: string | undefined): JournalEntry[] {
  return journalFiles(dir).flatMap(({ file }) => {
    try {
      return parseEntries(readFileSync(file, 'utf8'));
    } catch {
      return [];
    }
  });
}

/** The whole lines of a journal: a kill in the middle of an append leaves a last line cut short. */
function parseEntries(text: string): JournalEntry[] {
  return text.split('\n').flatMap((line) => {
    try {
      const entry = JSON.parse(line) as JournalEntry;
      return Number.isInteger(entry.id) && typeof entry.messageId === 'string' ? [entry] : [];
    } catch {
      return [];
    }
  });
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
