// `mkdir -p` that cannot hang. Node 20's mkdirSync(…, { recursive: true }) loops for ever where a
// directory exists but refuses children with ENOENT (/proc/x, /proc/sys/x): DATA_DIR=/proc/x kept a
// core busy and never said a word. One directory at a time from the nearest that exists, so such a
// path fails with the error mkdir gives.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Creates `dir` and its missing parents (each with `mode`, as mkdir -p -m would). */
export function makeDirectories(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !exists(at); at = path.dirname(at)) {
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const each of missing) {
    try {
      mkdirSync(each, mode === undefined ? undefined : { mode });
    } catch (error) {
      // Another process made it meanwhile: that is what was wanted.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !exists(each)) throw error;
    }
  }
  // A file where the directory should be: what mkdir -p says of it.
  if (!statSync(dir).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, '${dir}'`), { code: 'ENOTDIR', path: dir });
}

function exists(at: string): boolean {
  try {
    statSync(at);
    return true;
  } catch {
    return false;
  }
}
