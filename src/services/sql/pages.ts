/**
 * Runs keyset page queries: one page for a root connection, or one page per parent in a single
 * statement (a LATERAL join over the parent ids) for nested connections, so a list of N parents
 * costs one query, not N.
 */
import { Prisma, type Db } from '../../db/client.js';
import type { PageRequest, PageRows } from '../../lib/connection.js';
import { countSql, pageSql, splitSortValues, and, type PageQuery } from './keyset.js';

export async function fetchPage<T>(db: Db, q: PageQuery, req: PageRequest): Promise<PageRows<T>> {
  const rows = await db.$queryRaw<Record<string, unknown>[]>(pageSql(q, req));
  return { rows: rows.map((r) => splitSortValues<T>(r, q.sort.keys.length)) };
}

export async function fetchCount(db: Db, q: Pick<PageQuery, 'from' | 'where'>): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>(countSql(q));
  return row?.count ?? 0;
}

/** The SQL expression naming the current parent id inside a per-parent query. */
export const PARENT = Prisma.raw('parent.pid');

/** One page per parent id; `query` builds the page query with `PARENT` standing for the parent. */
export async function fetchPagesByParent<T>(
  db: Db,
  parentIds: readonly number[],
  query: PageQuery,
  req: PageRequest,
): Promise<Map<number, PageRows<T>>> {
  const sql = Prisma.sql`SELECT parent.pid AS "_parent", x.* FROM unnest(${[...parentIds]}::int[]) AS parent(pid)
    CROSS JOIN LATERAL (${pageSql(query, req)}) x`;
  const rows = await db.$queryRaw<Record<string, unknown>[]>(sql);
  const pages = new Map<number, PageRows<T>>(parentIds.map((id) => [id, { rows: [] }]));
  for (const row of rows) {
    const { _parent, ...rest } = row;
    pages.get(Number(_parent))?.rows.push(splitSortValues<T>(rest, query.sort.keys.length));
  }
  return pages;
}

/** Total matching rows per parent id, in one statement. */
export async function fetchCountsByParent(
  db: Db,
  parentIds: readonly number[],
  query: Pick<PageQuery, 'from' | 'where'>,
): Promise<Map<number, number>> {
  const rows = await db.$queryRaw<{ pid: number; count: number }[]>(
    Prisma.sql`SELECT parent.pid AS pid, (SELECT count(*)::int FROM ${query.from} WHERE ${and(query.where)}) AS count
      FROM unnest(${[...parentIds]}::int[]) AS parent(pid)`,
  );
  return new Map(rows.map((r) => [Number(r.pid), r.count]));
}
