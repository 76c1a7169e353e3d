// The import rules of src/ (.dependency-cruiser.cjs): no cycle, and no domain reaching into
// another's files instead of its index.ts. Checked with dependency-cruiser on the real tree, and
// on a small tree that breaks each rule, so that a rule that no longer matches anything fails here
// rather than passing in silence.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importViolations } from '../../scripts/import-rules.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the import graph of src/', () => {
  it('has no cycle and no import of another domain’s internals', async () => {
    const violations = await importViolations(ROOT);
    expect(violations.map((v) => `${v.rule}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 240_000);

  describe('the rules themselves', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paperboy-imports-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    };

    it('catch a cycle and internal imports (the generated client outside db/ too), and allow the rest', async () => {
      writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }));
      file('src/main.ts', "import { parse } from './corpus/parse.js';\nexport const x = parse;\n");
      file('src/corpus/index.ts', "export { parse } from './parse.js';\n");
      file('src/corpus/parse.ts', "import { now } from '../shared/clock.js';\nexport const parse = () => now();\n");
      file('src/shared/clock.ts', 'export const now = () => 1;\n');
      file('src/digest/index.ts', "export { render } from './render.js';\n");
      file('src/digest/render.ts', "import { parse } from '../corpus/index.js';\nimport { send } from '../delivery/send.js';\nexport const render = () => parse() + send();\n");
      file('src/delivery/index.ts', "export { send } from './send.js';\n");
      file('src/delivery/send.ts', "import type { Client } from '../db/generated/client.js';\nimport { render } from '../digest/index.js';\nexport const send = (): number => render();\nexport type C = Client;\n");
      file('src/db/generated/client.ts', 'export interface Client { id: number }\n');
      file('src/db/index.ts', "export type { Client } from './generated/client.js';\n");

      const found = (await importViolations(dir)).map((v) => `${v.rule}: ${v.from} → ${v.to}`).sort();
      expect(found).toEqual([
        // A cycle is reported once, at the import that closes it.
        'no-circular: src/delivery/send.ts → src/digest/index.ts',
        'no-domain-internals: src/delivery/send.ts → src/db/generated/client.ts',
        'no-domain-internals: src/digest/render.ts → src/delivery/send.ts',
      ]);
    }, 120_000);
  });
});

describe('the delivery store', () => {
  // A statement on the delivery tables belongs in src/delivery/store/ (by name, beside the others),
  // never in the code that decides what to do.
  const QUERY = /\$(?:queryRaw|executeRaw)|\b(?:prisma|tx)\.[a-z]\w*\.(?:find|update|create|delete|upsert|count|groupBy|aggregate)/;

  it('holds every statement of delivery/ and of the web view', () => {
    const files = [
      ...readdirSync(path.join(ROOT, 'src/delivery'), { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.ts') && !name.startsWith('store'))
        .map((name) => path.join('src/delivery', name)),
      'src/web/digest-view.ts',
    ];
    const offenders = files.filter((file) => QUERY.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
    // The check itself sees a statement where there is one.
    expect(QUERY.test(readFileSync(path.join(ROOT, 'src/delivery/store/claims.ts'), 'utf8'))).toBe(true);
  });
});
