// Compares the compiled renderer with the naive way of rendering MJML emails (fill the MJML template
// per recipient, then run mjml2html on it), on the same 10-paper digest, in the same run.
// Usage: npm run bench:render [-- naiveRecipients compiledRecipients]

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { createRenderer, mjmlOptions, registerEmailHelpers } from '../src/digest/render.js';
import { digestModel } from '../src/digest/render-model.js';
import type { DigestView } from '../src/digest/types.js';
import { paper, typicalView } from '../testkit/digest-views.js';

const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));
const naiveCount = Number(process.argv[2] ?? 50);
const compiledCount = Number(process.argv[3] ?? 5000);

const base = typicalView.papers;
const view: DigestView = {
  ...typicalView,
  papers: Array.from({ length: 10 }, (_, i) => ({ ...base[i % base.length]!, title: `${i + 1}. ${base[i % base.length]!.title}` })),
  trending: [0, 1, 2].map((i) => paper({ title: `Trending paper ${i + 1}`, reasons: [] })),
};
// Each recipient gets their own links, as in a real run.
const viewFor = (i: number): DigestView => ({
  ...view,
  links: { ...view.links, unsubscribe: `https://papers.example.org/unsubscribe?token=r${i}` },
});

async function time(count: number, renderOne: (i: number) => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    const result = renderOne(i);
    // Only the naive path is asynchronous; awaiting a plain value would add a microtask per digest.
    if (result instanceof Promise) await result;
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const renderer = await createRenderer({ templatesDir: TEMPLATES_DIR });
const mjmlPath = path.join(TEMPLATES_DIR, 'digest.mjml');
const fillMjml = registerEmailHelpers(Handlebars.create()).compile(await readFile(mjmlPath, 'utf8'), { strict: true });
const naive = async (i: number) => (await mjml2html(fillMjml(digestModel(viewFor(i))), mjmlOptions(mjmlPath))).html;
const compiled = (i: number) => renderer.digest(viewFor(i));

// Warm up both paths (JIT, lazy Handlebars compilation) before measuring.
await time(5, naive);
await time(500, compiled);

// Interleaved rounds: this machine is shared, and a burst of load elsewhere should hit both sides.
const ROUNDS = 5;
let naiveMs = 0;
let compiledMs = 0;
for (let round = 0; round < ROUNDS; round += 1) {
  naiveMs += await time(Math.ceil(naiveCount / ROUNDS), naive);
  compiledMs += await time(Math.ceil(compiledCount / ROUNDS), compiled);
}

const rows = [
  ['naive: mjml2html per recipient', naiveCount, naiveMs],
  ['compiled once + Handlebars', compiledCount, compiledMs],
] as const;
const htmlKb = (Buffer.byteLength(renderer.digest(view).html) / 1024).toFixed(1);
console.log(`Digest rendering: 10 papers + 3 trending, ${htmlKb} KB of HTML, Node ${process.version}\n`);
console.log(`${'method'.padEnd(32)}${'digests'.padStart(9)}${'total ms'.padStart(11)}${'digests/s'.padStart(12)}${'µs/digest'.padStart(12)}`);
for (const [name, count, ms] of rows) {
  console.log(
    `${name.padEnd(32)}${String(count).padStart(9)}${ms.toFixed(0).padStart(11)}${((count / ms) * 1000).toFixed(0).padStart(12)}${((ms / count) * 1000).toFixed(1).padStart(12)}`,
  );
}
const naiveUs = (naiveMs / naiveCount) * 1000;
const compiledUs = (compiledMs / compiledCount) * 1000;
const speedup = naiveUs / compiledUs;
console.log(`\nspeed-up: ${speedup.toFixed(0)}x (target ≥ 100x: ${speedup >= 100 ? 'met' : 'MISSED'}); ` +
  `compiled: ${(compiledUs / 1000).toFixed(3)} ms per digest (target < 1 ms: ${compiledUs < 1000 ? 'met' : 'MISSED'})`);
