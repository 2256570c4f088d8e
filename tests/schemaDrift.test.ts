/**
 * schema.prisma and the migrated database must agree: every model's table, and each column's
 * type, nullability and array-ness. Prisma's own `migrate diff` needs a native engine these
 * machines can't download, so we compare through the schema's DMMF (Prisma's WASM parser).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { getTestPrisma } from './helpers/db.js';

const require = createRequire(import.meta.url);
const wasm = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isRequired: boolean;
  isList: boolean;
  nativeType?: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName?: string | null;
  fields: DmmfField[];
}

const datamodel = JSON.parse(
  wasm.get_dmmf(JSON.stringify({ prismaSchema: readFileSync(new URL('../prisma/schema.prisma', import.meta.url), 'utf8') })),
).datamodel as { models: DmmfModel[] };

/** The Postgres type (pg_catalog.format_type) Prisma maps a scalar field to. */
function expectedType(f: DmmfField): string {
  const native = f.nativeType?.[0];
  let base: string;
  if (f.kind === 'enum') base = `"${f.type}"`;
  else if (native === 'Timestamptz') base = `timestamp(${f.nativeType![1][0] ?? 3}) with time zone`;
  else if (native === 'Date') base = 'date';
  else {
    base = { String: 'text', Int: 'integer', Float: 'double precision', Boolean: 'boolean', DateTime: 'timestamp(3) without time zone', BigInt: 'bigint', Json: 'jsonb' }[f.type] ?? f.type;
  }
  return f.isList ? `${base}[]` : base;
}

interface DbColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

async function dbColumns(): Promise<DbColumn[]> {
  return getTestPrisma().$queryRaw<DbColumn[]>`
    SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type",
           NOT a.attnotnull AS "nullable"
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`;
}

describe('schema.prisma matches the migrated database', () => {
  it('has a table for every model and a column for every scalar field, with matching type and nullability', async () => {
    const columns = await dbColumns();
    const byKey = new Map(columns.map((c) => [`${c.table}.${c.column}`, c]));
    const problems: string[] = [];
    for (const model of datamodel.models) {
      const table = model.dbName ?? model.name;
      if (!columns.some((c) => c.table === table)) problems.push(`missing table ${table} (model ${model.name})`);
      for (const f of model.fields.filter((x) => x.kind === 'scalar' || x.kind === 'enum')) {
        const col = byKey.get(`${table}.${f.dbName ?? f.name}`);
        if (!col) {
          problems.push(`missing column ${table}.${f.dbName ?? f.name}`);
          continue;
        }
        const type = expectedType(f);
        if (col.type !== type) problems.push(`${table}.${col.column}: schema says ${type}, database has ${col.type}`);
        // Prisma never marks list columns NOT NULL, so only scalars' nullability is compared.
        if (!f.isList && col.nullable === f.isRequired) {
          problems.push(`${table}.${col.column}: schema says ${f.isRequired ? 'required' : 'optional'}, database disagrees`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no table that no model describes', async () => {
    const tables = new Set((await dbColumns()).map((c) => c.table));
    const modelled = new Set(datamodel.models.map((m) => m.dbName ?? m.name));
    modelled.add('_prisma_migrations');
    expect([...tables].filter((t) => !modelled.has(t))).toEqual([]);
  });

  it('records every migration in _prisma_migrations as finished', async () => {
    const rows = await getTestPrisma().$queryRaw<{ migration_name: string; finished_at: Date | null; checksum: string }[]>`
      SELECT migration_name, finished_at, checksum FROM "_prisma_migrations" ORDER BY migration_name`;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      expect(r.finished_at).not.toBeNull();
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
