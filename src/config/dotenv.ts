// One configuration for every process: `npm start`, each `paperboy` command and the Docker image
// read the environment, and for every variable it leaves unset, a `.env` file in the working
// directory (the format of .env.example). The environment wins, so a one-off `PORT=3100 paperboy …`
// or the orchestrator's settings override the file; without the file nothing changes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from '../shared/errors.js';

/**
 * The file read, the names it holds (for loadConfig to check them against the settings it knows)
 * and those whose value came from it (for a bad value's line to say where it was written).
 */
let read: { file: string; names: string[]; applied: Map<string, string> } | null = null;

export function dotEnvRead(): { file: string; names: string[]; applied: Map<string, string> } | null {
  return read;
}

/** Reads `<cwd>/.env` into process.env for variables not already set; returns the file read, if any. */
export function loadDotEnv(cwd: string = process.cwd()): string | null {
  const file = path.join(cwd, '.env');
  try {
    // Node's own parser (quotes, comments, `export`, CRLF). A byte-order mark, which some Windows
    // editors put first, is dropped: process.loadEnvFile keeps it as part of the first name, so
    // that setting was not read (a misspelt-name error for DATABASE_URL, silence for PORT).
    const values = parseEnv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    // A variable already set in the environment wins, as with process.loadEnvFile. An empty one
    // does not: every setting reads empty as unset (config/index.ts), and a compose file's
    // `DATABASE_URL: ${DATABASE_URL}` exports it empty, which left the file's PostgreSQL unread and
    // the command on a new embedded database without a word.
    const applied = new Map<string, string>();
    for (const [name, value] of Object.entries(values)) {
      if (process.env[name] !== undefined && process.env[name] !== '') continue;
      process.env[name] = value ?? '';
      applied.set(name, value ?? '');
    }
    read = { file, names: Object.keys(values), applied };
    return file;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError([`${file}: cannot be read (${(error as Error).message})`]);
  }
}
