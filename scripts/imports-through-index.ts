// The import sweep, redone mechanically: every import in a domain folder of src/ that reaches into
// another domain's file (see .dependency-cruiser.cjs) is pointed at that domain's index.ts, and
// what it imports is added to the index's exports when the index does not export it yet.
//
//   npx tsx scripts/imports-through-index.ts          rewrite, then list what is left to do by hand
//   npx tsx scripts/imports-through-index.ts --dry    only list what would change
//
// Handles `import ... from`, `export ... from`, and `await import('...')` (with `const { a } =`
// or `const [{ a }, { b }] = await Promise.all([...])` naming what is used). Then run
// `npx tsc --noEmit` (an index may need a name this script could not see, or a cycle may appear:
// `npx tsx scripts/import-rules.ts` says where) and `npx vitest run test/architecture
// test/cli/startup.test.ts`: an index that reaches the database, imported at a command's start-up,
// makes its --help load Prisma (then list the pure file in PURE_ENTRIES of .dependency-cruiser.cjs).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { importViolations } from './import-rules.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const dry = process.argv.includes('--dry');

interface Wanted {
  /** Names the importer takes from the file, and whether as a type only. */
  names: Map<string, boolean>;
  star: boolean;
}

const domainIndex = (file: string) => path.join(ROOT, 'src', file.split('/')[1]!, 'index.ts');
const toJs = (relative: string) => (relative.startsWith('.') ? relative : `./${relative}`).replace(/\.ts$/, '.js');
const resolveSpecifier = (fromFile: string, specifier: string) =>
  path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, fromFile)), specifier.replace(/\.js$/, '.ts')));

const violations = (await importViolations(ROOT)).filter((v) => v.rule === 'no-domain-internals');
const byImporter = new Map<string, Set<string>>();
for (const v of violations) byImporter.set(v.from, (byImporter.get(v.from) ?? new Set()).add(v.to));

/** Per internal file (src/x/y.ts), what importers take from it. */
const wantedFrom = new Map<string, Wanted>();
const want = (target: string) => {
  let entry = wantedFrom.get(target);
  if (!entry) wantedFrom.set(target, (entry = { names: new Map(), star: false }));
  return entry;
};
const note = (target: string, name: string, typeOnly: boolean) => {
  const names = want(target).names;
  names.set(name, (names.get(name) ?? true) && typeOnly);
};

for (const [importer, targets] of byImporter) {
  const text = readFileSync(path.join(ROOT, importer), 'utf8');
  const source = ts.createSourceFile(importer, text, ts.ScriptTarget.Latest, true);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const retarget = (literal: ts.StringLiteralLike): string | null => {
    const target = resolveSpecifier(importer, literal.text);
    if (!targets.has(target)) return null;
    const index = path.relative(path.dirname(path.join(ROOT, importer)), domainIndex(target));
    edits.push({ start: literal.getStart(source) + 1, end: literal.getEnd() - 1, text: toJs(index) });
    return target;
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const target = retarget(node.moduleSpecifier);
      const clause = node.importClause;
      if (target && clause) {
        if (clause.name) note(target, 'default', clause.isTypeOnly);
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) want(target).star = true;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) note(target, (el.propertyName ?? el.name).text, clause.isTypeOnly || el.isTypeOnly);
        }
      }
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const target = retarget(node.moduleSpecifier);
      if (target && node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const el of node.exportClause.elements) note(target, (el.propertyName ?? el.name).text, node.isTypeOnly || el.isTypeOnly);
      } else if (target) want(target).star = true;
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) {
        const target = retarget(arg);
        if (target) for (const name of destructured(node)) note(target, name, false);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  out = mergeImports(out, importer);
  console.log(`${importer}: ${edits.length} import(s) through an index`);
  if (!dry && out !== text) writeFileSync(path.join(ROOT, importer), out);
}

/** The names taken from a dynamic import: `const { a, b } = await import(x)` or one element of `Promise.all([...])`. */
function destructured(call: ts.CallExpression): string[] {
  let node: ts.Node = call;
  let element = -1;
  if (ts.isArrayLiteralExpression(node.parent)) {
    element = node.parent.elements.indexOf(call);
    node = node.parent.parent; // Promise.all(...)
  }
  while (node.parent && (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent))) node = node.parent;
  let pattern = ts.isVariableDeclaration(node.parent) ? node.parent.name : undefined;
  if (pattern && element >= 0) {
    const item = ts.isArrayBindingPattern(pattern) ? pattern.elements[element] : undefined;
    pattern = item && ts.isBindingElement(item) ? item.name : undefined;
  }
  if (!pattern || !ts.isObjectBindingPattern(pattern)) return [];
  return pattern.elements.map((el) => (el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : (el.name as ts.Identifier).text));
}

/** Joins `import { a } from 'x'` and `import { b } from 'x'` (same kind) into one declaration. */
function mergeImports(text: string, file: string): string {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const groups = new Map<string, ts.ImportDeclaration[]>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (!clause || clause.name || !clause.namedBindings || !ts.isNamedImports(clause.namedBindings)) continue;
    const key = `${clause.isTypeOnly ? 'type ' : ''}${statement.moduleSpecifier.text}`;
    groups.set(key, [...(groups.get(key) ?? []), statement]);
  }
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const [key, declarations] of groups) {
    if (declarations.length < 2) continue;
    const names = declarations.flatMap((d) => (d.importClause!.namedBindings as ts.NamedImports).elements.map((el) => el.getText(source)));
    const unique = [...new Set(names)].sort((a, b) => a.replace(/^type /, '').localeCompare(b.replace(/^type /, '')));
    const isType = key.startsWith('type ');
    const first = declarations[0]!;
    edits.push({ start: first.getStart(source), end: first.getEnd(), text: `import ${isType ? 'type ' : ''}{ ${unique.join(', ')} } from '${(first.moduleSpecifier as ts.StringLiteral).text}';` });
    for (const later of declarations.slice(1)) edits.push({ start: later.getFullStart(), end: later.getEnd(), text: '' });
  }
  edits.sort((a, b) => b.start - a.start);
  for (const edit of edits) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return text;
}

/** The names an index.ts exports, and the files it re-exports whole. */
function exportsOf(indexFile: string): { names: Set<string>; stars: Set<string> } {
  const names = new Set<string>();
  const stars = new Set<string>();
  const relative = path.relative(ROOT, indexFile);
  let text = '';
  try {
    text = readFileSync(indexFile, 'utf8');
  } catch {
    return { names, stars };
  }
  const source = ts.createSourceFile(relative, text, ts.ScriptTarget.Latest, true);
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.exportClause && ts.isNamedExports(statement.exportClause)) for (const el of statement.exportClause.elements) names.add(el.name.text);
      else if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) stars.add(resolveSpecifier(relative, statement.moduleSpecifier.text));
    } else if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      const named = statement as ts.Node & { name?: ts.Identifier };
      if (named.name) names.add(named.name.text);
      if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
    }
  }
  return { names, stars };
}

// Add what the indexes do not export yet, one export line per internal file.
const additions = new Map<string, string[]>();
for (const [target, wanted] of wantedFrom) {
  const index = domainIndex(target);
  const { names, stars } = exportsOf(index);
  if (stars.has(target)) continue;
  const specifier = toJs(path.relative(path.dirname(index), path.join(ROOT, target)));
  if (wanted.star) {
    console.log(`BY HAND: ${target} is imported whole (import * / export *): export what is meant to be public from ${path.relative(ROOT, index)}`);
    continue;
  }
  const missing = [...wanted.names].filter(([name]) => !names.has(name) && name !== 'default');
  if (missing.length === 0) continue;
  const values = missing.filter(([, typeOnly]) => !typeOnly).map(([name]) => name);
  const types = missing.filter(([, typeOnly]) => typeOnly).map(([name]) => name);
  const lines = additions.get(index) ?? [];
  if (values.length > 0) lines.push(`export { ${values.sort().join(', ')} } from '${specifier}';`);
  if (types.length > 0) lines.push(`export type { ${types.sort().join(', ')} } from '${specifier}';`);
  additions.set(index, lines);
}
for (const [index, lines] of additions) {
  console.log(`${path.relative(ROOT, index)}: +${lines.length} export line(s)\n  ${lines.join('\n  ')}`);
  if (!dry) {
    let text = '';
    try {
      text = readFileSync(index, 'utf8');
    } catch {
      console.log(`BY HAND: ${path.relative(ROOT, index)} is new: give it a header comment saying what the domain is`);
    }
    writeFileSync(index, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${lines.join('\n')}\n`);
  }
}
console.log(`${violations.length} internal import(s) found; now: npx tsc --noEmit && npx tsx scripts/import-rules.ts`);
