// Files a command reads or writes where the user said (`subscribe --file`, `--like refs.bib`,
// `render --out`, `--text`). A path that cannot be read or written is the user's to fix: one line
// naming the path and why, exit 2, never a stack trace.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectories } from '../shared/directories.js';
import { UserError } from '../shared/errors.js';

/** Writes `content` to `file`, creating its missing directories; a path that cannot take it is a UserError. */
export async function writeOutput(file: string, content: string): Promise<void> {
  try {
    makeDirectories(path.dirname(path.resolve(file)));
    await writeFile(file, content);
  } catch (error) {
    throw new UserError(`cannot write ${file}: ${whyNot(file, error)}`);
  }
}

/**
 * The text of `file`; a path that cannot be read is a UserError saying why ("no such file", "it is
 * a directory"), then `what` (what the file should be), where "cannot read the file" said neither.
 */
export async function readInput(file: string, prefix: string, what = ''): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : whyNot(file, error);
    throw new UserError(`${prefix}: cannot read the file: ${why}${what ? ` (${what})` : ''}`);
  }
}

function whyNot(file: string, error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'no space left on the device';
    case 'ENOENT':
      // A directory that exists yet takes no new entries: /proc, /sys.
      return e.syscall === 'mkdir' ? `the directory ${e.path} cannot be created` : `no file can be created in ${path.dirname(path.resolve(file))}`;
    default:
      return e.code ? `${e.code} (${e.message})` : String(error);
  }
}
