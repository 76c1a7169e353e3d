// bin/paperboy.js runs the compiled dist/ only while it is current: an edited src/ must never run
// stale, and an image that ships dist/ alone must never need tsx. Checked on a copy of the
// launcher beside stand-in entry points that say which one ran.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testkit/paths.js';

/** A copy of the launcher beside stand-in entry points, fresh for each test, built "now". */
let root: string;
let built: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'paperboy-launcher-'));
  mkdirSync(path.join(root, 'bin'));
  mkdirSync(path.join(root, 'dist'));
  mkdirSync(path.join(root, 'src', 'cli'), { recursive: true });
  copyFileSync(path.join(REPO_ROOT, 'bin/paperboy.js'), path.join(root, 'bin/paperboy.js'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  writeFileSync(path.join(root, 'package.json'), '{"type":"module"}');
  const entry = (name: string) => `export async function main() { console.log(${JSON.stringify(name)}); return 0; }\n`;
  writeFileSync(path.join(root, 'dist/main.js'), entry('dist'));
  writeFileSync(path.join(root, 'src/main.ts'), `const ran: string = 'src';\n${entry('src').replace('"src"', 'ran')}`);
  writeFileSync(path.join(root, 'src/cli/program.ts'), 'export {};\n');
  built = path.join(root, 'dist/BUILT');
  writeFileSync(built, 'now\n');
  // Sources older than the build, as after `npm run build`.
  at(path.join(root, 'src/main.ts'), -60);
  at(path.join(root, 'src/cli/program.ts'), -60);
  at(built, 0);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const at = (file: string, secondsFromNow: number) => {
  const time = new Date(Date.now() + secondsFromNow * 1000);
  utimesSync(file, time, time);
};
const run = () => execFileSync(process.execPath, [path.join(root, 'bin/paperboy.js')], { encoding: 'utf8' }).trim();

describe('bin/paperboy.js', () => {
  it('runs dist/ when it was built after every file of src/', () => {
    expect(run()).toBe('dist');
  });

  it('runs src/ through tsx once any source file is newer than the build', () => {
    at(path.join(root, 'src/cli/program.ts'), 60);
    expect(run()).toBe('src');
  });

  it('runs src/ when nothing was built', () => {
    rmSync(built);
    expect(run()).toBe('src');
  });

  it('runs dist/ when there is no src/ beside it, as in the image', () => {
    at(path.join(root, 'src/cli/program.ts'), 60);
    rmSync(path.join(root, 'src'), { recursive: true });
    expect(run()).toBe('dist');
  });
});
