// One configuration for every process: `npm start`, each `paperboy` command and the Docker image
// read the environment, and for every variable it leaves unset, a `.env` file in the working
// directory (the format of .env.example). The environment wins, so a one-off `PORT=3100 paperboy …`
// or the orchestrator's settings override the file; without the file nothing changes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from '../shared/errors.js';

/** The file read and the names it set, for loadConfig to check them against the settings it knows. */
let read: { file: string; names: string[] } | null = null;

export function dotEnvRead(): { file: string; names: string[] } | null {
  return read;
}

/** Reads `<cwd>/.env` into process.env for variables not already set; returns the file read, if any. */
export function loadDotEnv(cwd: string = process.cwd()): string | null {
  const file = path.join(cwd, '.env');
  try {
    // Node's own reader: it never overrides a variable that is already set.
    process.loadEnvFile(file);
    read = { file, names: Object.keys(parseEnv(readFileSync(file, 'utf8'))) };
    return file;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError([`${file}: cannot be read (${(error as Error).message})`]);
  }
}
