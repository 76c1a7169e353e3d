// Runs the import rules of .dependency-cruiser.cjs (no cycle in src/, no import of another
// domain's internals) on a project directory and returns the violations. Used by
// test/architecture/imports.test.ts and by scripts/imports-through-index.ts.
//
//   npx tsx scripts/import-rules.ts     prints the violations of this checkout (exit 1 if any)
import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise, type ICruiseOptions, type IForbiddenRuleType } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const require = createRequire(import.meta.url);
const CONFIG = path.resolve(import.meta.dirname, '../.dependency-cruiser.cjs');

export interface ImportViolation {
  rule: string;
  /** Paths relative to the root, e.g. src/web/mail.ts. */
  from: string;
  to: string;
}

/** The violations in `root`'s src/, one per offending import; rules from this checkout's .dependency-cruiser.cjs. */
export async function importViolations(root: string): Promise<ImportViolation[]> {
  const config = require(CONFIG) as { forbidden: IForbiddenRuleType[]; options: ICruiseOptions };
  const previous = process.cwd();
  // dependency-cruiser resolves and reports paths from the working directory.
  process.chdir(root);
  try {
    const { output } = await cruise(
      ['src'],
      { ...config.options, tsConfig: { fileName: 'tsconfig.json' }, validate: true, ruleSet: { forbidden: config.forbidden } },
      {},
      { tsConfig: extractTSConfig(path.join(root, 'tsconfig.json')) },
    );
    if (typeof output === 'string') throw new Error('dependency-cruiser returned text, not a result');
    return output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  } finally {
    process.chdir(previous);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const violations = await importViolations(process.cwd());
  for (const v of violations) console.log(`${v.rule}: ${v.from} → ${v.to}`);
  console.log(violations.length === 0 ? 'no violations' : `${violations.length} violation(s)`);
  process.exitCode = violations.length === 0 ? 0 : 1;
}
