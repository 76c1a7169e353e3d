#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --heap-growing-percent=50
// The `paperboy` command. It runs the JavaScript that `npm ci` compiled to dist/ (scripts/build.mjs)
// when that is at least as new as every file of src/, and otherwise the TypeScript sources through
// tsx's loader: an edited checkout never runs stale code, it only runs heavier (the loader thread
// costs every process about 80 MB) until `npm run build`.
//
// --heap-growing-percent=50 (line 1; `npm start` and the Docker image pass the same): after each
// full collection V8 lets the heap grow by half of what is live, instead of up to four times it.
// A send run churns through short-lived digests; without it the heap swells with garbage to
// 400 MB and more, with it a run peaks under 300 MB. 50 rather than less: at 20, V8 collected so
// often that it spent a fifth more CPU per digest (more marking, and optimised code of Node's
// per-stream closures thrown away and compiled again) for no lower peak (docs/scaling.md). It is
// no ceiling: a large corpus still gets all the heap it needs (a fixed --max-old-space-size would
// make matching tens of thousands of new papers run out). It is a V8 flag, not a Node option:
// should a later Node refuse it ("bad option"), drop it from the three places
// (test/ops/dockerfile.test.ts).
//
// MALLOC_ARENA_MAX=2 (set by line 1 too; `npm start` and the image set the same): glibc gives
// each thread that allocates (the MIME thread, the MJML thread at start-up, V8's workers) a
// malloc arena of its own, and memory freed in one is rarely returned. Two arenas took 40–50 MB
// off a 10,000 send run's peak (280 and 271 MB against 322 and 322) at the same speed.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function distIsCurrent() {
  let built;
  try {
    built = statSync(path.join(root, 'dist', 'BUILT')).mtimeMs;
  } catch {
    return false;
  }
  let entries;
  try {
    entries = readdirSync(path.join(root, 'src'), { withFileTypes: true, recursive: true });
  } catch {
    return true; // an image that ships dist/ alone
  }
  return entries.every((e) => !e.isFile() || statSync(path.join(e.parentPath, e.name)).mtimeMs <= built);
}

let main;
if (distIsCurrent()) {
  ({ main } = await import('../dist/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/main.ts'));
}
process.exitCode = await main(process.argv);
// The command is over. Whatever still holds the process (a connection being opened to a server
// that accepts and never answers) must not keep it waiting: it leaves two seconds later. The timer
// does not itself keep the process alive, so a command that left nothing behind exits at once.
setTimeout(() => process.exit(), 2_000).unref();
