// Compiles src/ (TypeScript) to dist/ (JavaScript), as `npm ci` does after generating the Prisma
// client. The service runs dist/ when it is at least as new as every file of src/, and src/
// through tsx otherwise (bin/paperboy.js), so an edit is never run stale. Running compiled
// JavaScript spares every process tsx's loader thread and its transform caches (about 80 MB of
// RSS) and is how the Docker image runs. Type checking is `npm run typecheck`'s job, not this one's:
// esbuild only strips the types, file by file, keeping the tree as it is.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');

const files = (dir) => readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
const all = files(src);

rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: all.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
  outdir: dist,
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
// Worker scripts, views, the vocabulary: everything that is not TypeScript goes as it is.
for (const file of all.filter((f) => !f.endsWith('.ts'))) {
  const target = path.join(dist, path.relative(src, file));
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(file, target);
}
// Written last: its time is what bin/paperboy.js compares src/ against.
writeFileSync(path.join(dist, 'BUILT'), `${new Date().toISOString()}\n`);
console.log(`paperboy: compiled ${all.length} files of src/ to dist/`);
