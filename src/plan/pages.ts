/**
 * Runs keyset page queries: one page for a root connection, or one page per parent in a single
 * statement (a LATERAL join over the parent ids) for nested connections, so a list of N parents
 * costs one query, not N.
 */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import type { PageRequest, PageRows } from '../lib/connection.js';
import { countSql, pageSql, splitSortValues, and, type PageQuery } from './keyset.js';

export async function fetchPage<T>(db: Reader, q: PageQuery, req: PageRequest): Promise<PageRows<T>> {
  const rows = q.asJson ? await fetchJsonRows(db, q, req, q.asJson.dates) : await db.$queryRaw<Record<string, unknown>[]>(pageSql(q, req));
  if (q.children) for (const r of rows) q.children.apply(r);
  return { rows: rows.map((r) => splitSortValues<T>(r, q.sort.keys)) };
}

/**
 * The page's rows aggregated into one JSON array by Postgres: the driver then reads one value and
 * the engine's JSON parser builds the rows, instead of pg's per-row, per-column parsing in
 * JavaScript (a third of the client's CPU for a 50-row feed, measured). Rows keep the page's order:
 * the aggregate reads the sorted subquery's output as it comes, with nothing between them that
 * could reorder it (no join, no grouping), the way Postgres' manual gives for ordered aggregates;
 * an ORDER BY inside json_agg would sort the page a second time (10–15% of the statement's time
 * for a 50-row feed, pgbench). Dates arrive as ISO strings and are made Dates as a row read
 * directly would have them.
 */
async function fetchJsonRows(db: Reader, q: PageQuery, req: PageRequest, dates: readonly string[]): Promise<Record<string, unknown>[]> {
  const [{ rows }] = await db.$queryRaw<{ rows: Record<string, unknown>[] }[]>(
    Prisma.sql`SELECT coalesce(json_agg(x), '[]') AS rows FROM (${pageSql(q, req)}) x`,
  );
  for (const row of rows) {
    for (const field of dates) if (typeof row[field] === 'string') row[field] = new Date(row[field]);
  }
  return rows;
}

export async function fetchCount(db: Reader, q: Pick<PageQuery, 'from' | 'where'>): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>(countSql(q));
  return row?.count ?? 0;
}

/** The SQL expression naming the current parent id inside a per-parent query (a one-value tuple). */
export const PARENT = Prisma.raw('parent."pid"');
export const PARENT_TUPLE: TupleTypes = { pid: 'int' };


/** A parent made of several values (a person and a co-mentioned organization, say). */
export type ParentTuple = Record<string, number | string | Date>;
export type TupleTypes = Record<string, 'int' | 'text' | 'timestamptz'>;

/** `parent.<name>` inside a per-tuple query. */
export const parentColumn = (name: string) => Prisma.raw(`parent."${name}"`);

export const tupleKey = (t: ParentTuple, types: TupleTypes) =>
  Object.keys(types).map((k) => (t[k] instanceof Date ? (t[k]).toISOString() : String(t[k]))).join('|');

/**
 * The parents as a relation named `parent`. One parent (the common case: a single person's
 * articles) is a constant row, which Postgres pulls up into the page query, so it plans with the
 * actual values and their statistics; behind unnest() it would plan generically, which can mean
 * sorting all of a popular person's articles for every page.
 */
function unnestTuples(tuples: readonly ParentTuple[], types: TupleTypes): Prisma.Sql {
  const names = Object.keys(types);
  if (tuples.length === 1) {
    const cols = names.map((n) => Prisma.sql`${tuples[0][n]}::${Prisma.raw(types[n])} AS ${Prisma.raw(`"${n}"`)}`);
    return Prisma.sql`(SELECT ${Prisma.join(cols)}) AS parent`;
  }
  const arrays = names.map((n) => Prisma.sql`${tuples.map((t) => t[n])}::${Prisma.raw(types[n])}[]`);
  return Prisma.sql`unnest(${Prisma.join(arrays)}) AS parent(${Prisma.raw(names.map((n) => `"${n}"`).join(', '))})`;
}

/** Like fetchPagesByParent, for parents made of several values; keyed by tupleKey. */
export async function fetchPagesByTuple<T>(
  db: Reader,
  tuples: readonly ParentTuple[],
  types: TupleTypes,
  query: PageQuery,
  req: PageRequest,
): Promise<Map<string, PageRows<T>>> {
  const names = Object.keys(types);
  const sql = Prisma.sql`SELECT ${Prisma.raw(names.map((n, i) => `parent."${n}" AS "_p${i}"`).join(', '))}, x.*
    FROM ${unnestTuples(tuples, types)} CROSS JOIN LATERAL (${pageSql(query, req)}) x`;
  const rows = await db.$queryRaw<Record<string, unknown>[]>(sql);
  const pages = new Map<string, PageRows<T>>(tuples.map((t) => [tupleKey(t, types), { rows: [] }]));
  for (const row of rows) {
    const tuple: ParentTuple = {};
    names.forEach((n, i) => {
      tuple[n] = row[`_p${i}`] as number | string | Date;
      delete row[`_p${i}`];
    });
    pages.get(tupleKey(tuple, types))?.rows.push(splitSortValues<T>(row, query.sort.keys));
  }
  return pages;
}

/** Total matching rows per tuple, in one statement; keyed by tupleKey. */
export async function fetchCountsByTuple(
  db: Reader,
  tuples: readonly ParentTuple[],
  types: TupleTypes,
  query: Pick<PageQuery, 'from' | 'where'>,
): Promise<Map<string, number>> {
  const names = Object.keys(types);
  const rows = await db.$queryRaw<Record<string, unknown>[]>(
    Prisma.sql`SELECT ${Prisma.raw(names.map((n, i) => `parent."${n}" AS "_p${i}"`).join(', '))},
      (SELECT count(*)::int FROM ${query.from} WHERE ${and(query.where)}) AS count
      FROM ${unnestTuples(tuples, types)}`,
  );
  return new Map(
    rows.map((r) => {
      const tuple: ParentTuple = {};
      names.forEach((n, i) => (tuple[n] = r[`_p${i}`] as number | string | Date));
      return [tupleKey(tuple, types), r.count as number];
    }),
  );
}

