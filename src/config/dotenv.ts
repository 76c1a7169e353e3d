// One configuration for every process: `npm start`, each `paperboy` command and the Docker image
// read the environment, and for every variable it leaves unset, a `.env` file in the working
// directory (the format of .env.example). The environment wins, so a one-off `PORT=3100 paperboy …`
// or the orchestrator's settings override the file; without the file nothing changes.
import path from 'node:path';
import { ConfigError } from '../shared/errors.js';

/** Reads `<cwd>/.env` into process.env for variables not already set; returns the file read, if any. */
export function loadDotEnv(cwd: string = process.cwd()): string | null {
  const file = path.join(cwd, '.env');
  try {
    // Node's own reader: it never overrides a variable that is already set.
    process.loadEnvFile(file);
    return file;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError([`${file}: cannot be read (${(error as Error).message})`]);
  }
}
