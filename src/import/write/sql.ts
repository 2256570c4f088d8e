/** Small SQL helpers the writer's sections share, and its shared types. */
import { Prisma } from '../../generated/prisma/client.js';
import type { EvidenceSpan } from '../../document/document.js';
import { parsePartialDate, partialDateStart, type DatePrecision } from '../../lib/partialDate.js';

export type Tx = Prisma.TransactionClient;
export type EntityType = 'place' | 'organization' | 'person' | 'declaration';
export type SlugIds = Map<string, number>;
export type Ids = Record<EntityType, SlugIds>;

// ---------------------------------------------------------------------------------------------
// Small SQL helpers
// ---------------------------------------------------------------------------------------------

/** A partial date as the (date, precision) column pair; SQL NULLs when absent. */
export function dateColumns(value: string | undefined): [string | null, DatePrecision | null] {
  if (value === undefined) return [null, null];
  return [partialDateStart(value), parsePartialDate(value).precision];
}

export function evidenceColumns(e: EvidenceSpan | undefined): [number | null, number | null] {
  return e ? [e.start, e.end] : [null, null];
}

/** Names that should be aliases: unique, in order, without the name itself. */
export function cleanAliases(name: string, aliases: readonly string[]): string[] {
  return [...new Set(aliases)].filter((a) => a !== name);
}

/**
 * The alias union for an ON CONFLICT update of `t`: stored aliases, then the document's, then the
 * document's name when it differs from the stored one; never the stored name itself; first
 * occurrence wins the order.
 */
export function mergedAliases(nameColumn: 'name' | 'title'): Prisma.Sql {
  const name = Prisma.raw(`"${nameColumn}"`);
  return Prisma.sql`ARRAY(
    SELECT u.a FROM unnest(t."aliases" || EXCLUDED."aliases" || ARRAY[EXCLUDED.${name}]) WITH ORDINALITY AS u(a, i)
    WHERE u.a <> t.${name} GROUP BY u.a ORDER BY min(u.i))`;
}

/** Inserts many rows in one statement (chunked to stay far below Postgres' parameter limit). */
export async function insertRows(tx: Tx, head: Prisma.Sql, rows: Prisma.Sql[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await tx.$executeRaw`${head} VALUES ${Prisma.join(rows.slice(i, i + 500))}`;
  }
}

/** The unique index a Postgres 23505 error names, as Prisma's driver adapter reports it. */
