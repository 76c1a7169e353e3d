// Fails when prisma/schema.prisma and the database built by prisma/migrations disagree: tables,
// columns (type, nullability, defaults), enums, indexes and foreign keys. Prisma's own
// `migrate diff` needs the schema engine, which cannot run here; Prisma's schema parser (wasm)
// can, so the schema side comes from Prisma itself.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import wasm from '@prisma/prisma-schema-wasm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { REPO_ROOT } from '../../testkit/paths.js';

interface DmmfField {
  name: string;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  nativeType: [string, string[]] | null;
  relationFromFields?: string[];
  relationOnDelete?: string;
  dbName?: string | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: Array<{ name: string }>;
  algorithm?: string;
}

const schemaText = readFileSync(path.join(REPO_ROOT, 'prisma/schema.prisma'), 'utf8');
const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schemaText]] }))) as {
  datamodel: { models: DmmfModel[]; enums: Array<{ name: string; values: Array<{ name: string }> }>; indexes: DmmfIndex[] };
};
// Prisma's DMMF leaves out Unsupported("...") fields; they are read from the schema text.
for (const [, name, body] of schemaText.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
  const model = dmmf.datamodel.models.find((m) => m.name === name)!;
  for (const [, field, type, optional] of body!.matchAll(/^\s+(\w+)\s+Unsupported\("(\w+)"\)(\?)?/gm)) {
    model.fields.push({ name: field!, kind: 'unsupported', type: type!, isList: false, isRequired: !optional, hasDefaultValue: false, nativeType: null });
  }
}
const models = dmmf.datamodel.models;
const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
const columnOf = (field: DmmfField) => field.dbName ?? field.name;
const columnFields = (model: DmmfModel) => model.fields.filter((f) => f.kind !== 'object');

/** The PostgreSQL type Prisma creates for a field (udt_name, as information_schema reports it). */
function expectedUdt(field: DmmfField): string {
  const native = field.nativeType?.[0];
  const base =
    field.kind === 'enum'
      ? field.type
      : field.kind === 'unsupported'
        ? field.type
        : native === 'Date'
          ? 'date'
          : ({ Int: 'int4', String: 'text', DateTime: 'timestamp', Boolean: 'bool', Float: 'float8', Json: 'jsonb', BigInt: 'int8', Decimal: 'numeric' } as Record<string, string>)[field.type];
  if (!base) throw new Error(`no mapping for ${field.type}`);
  return field.isList ? `_${base}` : base;
}

describe('schema.prisma and migrations', () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const database = await openDatabase({ databaseUrl: db.url, dataDir: db.dataDir });
    await migrate(database);
    await database.close();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('have the same tables', async () => {
    const { rows } = await client.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual(models.map(tableOf).sort());
  });

  it('have the same columns, types, nullability and defaults', async () => {
    const { rows } = await client.query(
      `SELECT table_name, column_name, udt_name, is_nullable, column_default, is_generated
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const actual = rows.map((r) => `${r.table_name}.${r.column_name}: ${r.udt_name}${r.is_nullable === 'NO' ? ' not null' : ''}${r.column_default !== null || r.is_generated === 'ALWAYS' ? ' default' : ''}`).sort();
    const expected = models
      .flatMap((model) =>
        columnFields(model).map((field) => {
          // Prisma never makes list columns NOT NULL.
          const notNull = field.isRequired && !field.isList;
          const hasDefault = field.hasDefaultValue;
          return `${tableOf(model)}.${columnOf(field)}: ${expectedUdt(field)}${notNull ? ' not null' : ''}${hasDefault ? ' default' : ''}`;
        }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it('have the same enums', async () => {
    const { rows } = await client.query(
      `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const actual = Object.fromEntries(rows.map((r) => [r.name, r.values]));
    const expected = Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
    expect(actual).toEqual(expected);
  });

  it('have the same indexes (primary keys, unique and plain, with their method)', async () => {
    const { rows } = await client.query(
      `SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary, am.amname AS method,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_am am ON am.oid = i.relam JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
       GROUP BY t.relname, ix.indisunique, ix.indisprimary, am.amname, i.relname`,
    );
    const describeIndex = (table: string, kind: string, method: string, columns: string[]) => `${table} ${kind} ${method} (${columns.join(', ')})`;
    const actual = rows
      .map((r) => describeIndex(r.table, r.primary ? 'id' : r.unique ? 'unique' : 'normal', r.method, r.columns))
      .sort();
    const byName = new Map(models.map((m) => [m.name, m]));
    const expected = dmmf.datamodel.indexes
      .map((index) => {
        const model = byName.get(index.model)!;
        const columns = index.fields.map((f) => columnOf(model.fields.find((field) => field.name === f.name)!));
        return describeIndex(tableOf(model), index.type, (index.algorithm ?? 'BTree').toLowerCase(), columns);
      })
      .sort();
    expect(actual).toEqual(expected);
  });

  it('have the same foreign keys and delete rules', async () => {
    const { rows } = await client.query(
      `SELECT tc.table_name AS table, kcu.column_name AS column, ccu.table_name AS target, rc.delete_rule
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name
       JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name
       JOIN information_schema.referential_constraints rc ON rc.constraint_name = tc.constraint_name
       WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'`,
    );
    const actual = rows.map((r) => `${r.table}.${r.column} -> ${r.target} on delete ${r.delete_rule}`).sort();
    const byName = new Map(models.map((m) => [m.name, m]));
    const expected = models
      .flatMap((model) =>
        model.fields
          .filter((f) => f.kind === 'object' && (f.relationFromFields?.length ?? 0) > 0)
          .map((f) => {
            const target = byName.get(f.type)!;
            const column = columnOf(model.fields.find((x) => x.name === f.relationFromFields![0])!);
            // Prisma's default for an optional relation is SET NULL, for a required one RESTRICT.
            const rule = (f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull')).replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
            return `${tableOf(model)}.${column} -> ${tableOf(target)} on delete ${rule}`;
          }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });
});
