// The address the running service's links point at, for the commands run beside it.
//
// `PORT=3100 npm start` in one terminal and `paperboy send --now` in another (without PORT) sent
// digests whose unsubscribe, preferences and web-view links pointed at localhost:3000, where
// nothing listened: a setting given to one process only is one the others cannot read. `.env` is
// the way to share settings; this note catches the rest. The service writes its PUBLIC_URL to
// DATA_DIR/service.json while it runs (DATA_DIR is where a command beside it finds the embedded
// database, its journal and its backups too); a command whose PUBLIC_URL is its default takes the
// running service's, and one given another says so.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { makeDirectories } from '../shared/directories.js';
import { isProcessRunning } from '../shared/process-alive.js';

interface ServiceNote {
  pid: number;
  host: string;
  publicUrl: string;
  /** Where its digests go: the SMTP URL (password masked) or the outbox folder. */
  mail?: string;
}

const noteFile = (dataDir: string) => path.join(dataDir, 'service.json');

/**
 * Written by `serve` once it listens; removed when it stops. A second service on the same DATA_DIR
 * leaves the first one's note alone: it overwrote it, then removed it on stopping while the first
 * still served.
 */
export function writeServiceAddress(dataDir: string, publicUrl: string, mail: string): void {
  const other = liveNote(dataDir);
  if (other && other.pid !== process.pid) return;
  const note: ServiceNote = { pid: process.pid, host: hostname(), publicUrl, mail };
  makeDirectories(dataDir);
  writeFileSync(noteFile(dataDir), `${JSON.stringify(note)}\n`);
}

export function removeServiceAddress(dataDir: string): void {
  // Only our own: a second service on the same DATA_DIR may have written it since.
  if (readNote(dataDir)?.pid === process.pid) rmSync(noteFile(dataDir), { force: true });
}

export interface LinkBase {
  publicUrl: string;
  /** What the person running the command should know about it, said when a link is first made. */
  note?: { level: 'notice' | 'warn'; message: string };
}

/**
 * The base of the links a command makes: its own PUBLIC_URL, or, when neither PUBLIC_URL nor PORT
 * was given to it (its PUBLIC_URL is the default), that of the service running beside it.
 */
export function linkBaseBesideService(own: string, env: NodeJS.ProcessEnv, dataDir: string): LinkBase {
  const service = liveNote(dataDir);
  if (!service || service.publicUrl === own) return { publicUrl: own };
  const given = Boolean(env.PUBLIC_URL || env.PORT);
  if (!given) {
    return {
      publicUrl: service.publicUrl,
      note: { level: 'notice', message: `links point at ${service.publicUrl}, the address of the service running beside this command (process ${service.pid}); PUBLIC_URL is not set here.` },
    };
  }
  return {
    publicUrl: own,
    note: {
      level: 'warn',
      message: `links point at ${own} (this command's ${env.PUBLIC_URL ? 'PUBLIC_URL' : 'PORT'}), not at ${service.publicUrl}, where the service beside it (process ${service.pid}) serves them; give both the same settings, in .env.`,
    },
  };
}

/**
 * A warning when a command that sends (`send`, `retry`) sends elsewhere than the service beside it:
 * what it leaves pending (a temporary failure) is retried by the service's runs, through the
 * service's SMTP_URL. With `SMTP_URL` given to the command only, its three pending digests went to
 * the service's outbox and were counted as sent, though no reader got them.
 */
export function mailBesideService(dataDir: string, mail: string): string | undefined {
  const service = liveNote(dataDir);
  if (!service?.mail || service.mail === mail) return undefined;
  return `this command sends to ${mail}, the service beside it (process ${service.pid}) to ${service.mail}: what this run leaves pending is retried by the service's runs, to ${service.mail}; give both the same SMTP_URL, in .env.`;
}

function liveNote(dataDir: string): ServiceNote | undefined {
  const note = readNote(dataDir);
  if (!note || note.host !== hostname() || !isProcessRunning(note.pid)) return undefined;
  return note;
}

function readNote(dataDir: string): ServiceNote | undefined {
  try {
    const note = JSON.parse(readFileSync(noteFile(dataDir), 'utf8')) as Partial<ServiceNote>;
    if (typeof note.pid !== 'number' || typeof note.host !== 'string' || typeof note.publicUrl !== 'string') return undefined;
    return { pid: note.pid, host: note.host, publicUrl: note.publicUrl, ...(typeof note.mail === 'string' ? { mail: note.mail } : {}) };
  } catch {
    return undefined; // none, or not ours to read
  }
}
