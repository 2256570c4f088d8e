/**
 * Keyset pagination in SQL. A sort is a list of expressions (the last one unique, normally the
 * primary key) that all run in one direction, so "after the cursor" is a single row comparison
 * `(e1, e2) > (v1, v2)` that a composite index can serve.
 */
import { Prisma } from '../db/client.js';
import type { PageRequest } from '../lib/connection.js';
import { badUserInput } from '../lib/errors.js';

export type SqlType = 'int' | 'text' | 'timestamptz' | 'date' | 'float';

export interface SortKey {
  sql: Prisma.Sql;
  type: SqlType;
}

export interface Sort {
  /** Identifies the order in cursors (e.g. `PUBLISHED_AT:DESC`). */
  key: string;
  keys: SortKey[];
  direction: 'ASC' | 'DESC';
}

export interface PageQuery {
  /** Select list producing the node's columns. */
  select: Prisma.Sql;
  /** FROM clause (tables and joins). */
  from: Prisma.Sql;
  /** Conditions ANDed together. */
  where: Prisma.Sql[];
  sort: Sort;
  /** Relations the client selected below each row, planned into the same statement (see src/plan). */
  children?: PlannedChildren;
  /**
   * Another way to find the same rows, taken when `when` holds as the statement runs. A page is
   * then the UNION ALL of both ways, each guarded by its half of `when`, so Postgres plans the
   * statement once (a generic plan) and each execution runs only the way that suits its values.
   */
  alternative?: { when: Prisma.Sql; where: Prisma.Sql[] };
  /**
   * Read the page as one JSON array rather than row by row, with these fields turned back into
   * Dates (src/plan/pages.ts). Only for rows whose columns read the same either way (the model's
   * own columns), as the planner's root connections are.
   */
  asJson?: { dates: readonly string[] };
}

/** A JSON column `"@"` holding a row's planned relations, and what turns it into resolver values. */
export interface PlannedChildren {
  sql: Prisma.Sql;
  apply(row: Record<string, unknown>): void;
}

const CASTS: Record<SqlType, Prisma.Sql> = {
  int: Prisma.raw('int'),
  text: Prisma.raw('text'),
  timestamptz: Prisma.raw('timestamptz'),
  date: Prisma.raw('date'),
  float: Prisma.raw('float8'),
};

/**
 * SQL for one page: the matching rows plus the sort values (`_k0`, `_k1`, ...) of each. The limit
 * is written into the text (it is a validated page size, so few texts): Postgres estimates a
 * `LIMIT $n` of a generic plan as a tenth of the rows, which would make it plan every execution.
 */
export function pageSql(q: PageQuery, req: PageRequest): Prisma.Sql {
  const fetchDir = fetchDirection(q.sort, req);
  const conds: Prisma.Sql[] = [];
  const [cursorArg, boundArg] = req.backward ? ['before', 'after'] : ['after', 'before'];
  if (req.cursor) conds.push(compare(q.sort.keys, fetchDir === 'ASC' ? '>' : '<', checked(q.sort.keys, req.cursor, cursorArg)));
  if (req.bound) conds.push(compare(q.sort.keys, fetchDir === 'ASC' ? '<' : '>', checked(q.sort.keys, req.bound, boundArg)));
  const sortCols = Prisma.join(q.sort.keys.map((k, i) => Prisma.sql`${cursorForm(k)} AS ${Prisma.raw(`"_k${i}"`)}`));
  const orderBy = Prisma.join(q.sort.keys.map((k) => Prisma.sql`${k.sql} ${Prisma.raw(fetchDir)}`));
  const select = q.children ? Prisma.sql`${q.select}, ${q.children.sql} AS "@"` : q.select;
  const limit = Prisma.raw(String(Math.trunc(req.limit) + 1));
  const page = (where: Prisma.Sql[]) =>
    Prisma.sql`SELECT ${select}, ${sortCols} FROM ${q.from} WHERE ${and([...where, ...conds])} ORDER BY ${orderBy} LIMIT ${limit}`;
  if (!q.alternative) return page(q.where);
  const { when, where } = q.alternative;
  const outerOrder = Prisma.raw(q.sort.keys.map((k, i) => `${sortColumn(`u."_k${i}"`, k)} ${fetchDir}`).join(', '));
  // `when` is evaluated once, beside the branches (OFFSET 0 keeps Postgres from copying it into
  // each); each branch sees it as a constant and is skipped at run time when its half fails.
  const way = Prisma.raw('w."walk"');
  return Prisma.sql`SELECT u.* FROM (SELECT ${when} AS "walk" OFFSET 0) w CROSS JOIN LATERAL ((${page([...q.where, Prisma.sql`NOT ${way}`])})
    UNION ALL (${page([...where, way])})) u ORDER BY ${outerOrder}`;
}

/**
 * A sort value as the page query selects it. Instants go out as they are: Postgres' to_char, which
 * once formatted them as `toISOString()` would, was 30% of a 50-row feed's statement (pgbench), more
 * than the Node side pays to print them (sortValue). Days are formatted, since the driver would read
 * a bare date as local midnight, a day off wherever the process' zone is behind UTC.
 */
function cursorForm(k: SortKey): Prisma.Sql {
  if (k.type === 'date') return Prisma.sql`to_char(${k.sql}, 'YYYY-MM-DD"T00:00:00.000Z"')`;
  return k.sql;
}

/**
 * A `_k` column as an ORDER BY term outside the page query: days are ISO text there, which sorts
 * as they do when compared byte by byte (fixed width), whatever the collation.
 */
export function sortColumn(ref: string, k: SortKey): string {
  return k.type === 'date' ? `${ref} COLLATE "C"` : ref;
}

/** The direction rows are fetched in: the sort's own, or its reverse when paging backward. */
export function fetchDirection(sort: Sort, req: PageRequest): 'ASC' | 'DESC' {
  return req.backward ? flip(sort.direction) : sort.direction;
}

/** SQL counting every row the query matches, ignoring pagination. */
export function countSql(q: Pick<PageQuery, 'from' | 'where'>): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS count FROM ${q.from} WHERE ${and(q.where)}`;
}

export function and(conds: Prisma.Sql[]): Prisma.Sql {
  return conds.length ? Prisma.join(conds, ' AND ') : Prisma.sql`TRUE`;
}

function compare(keys: SortKey[], op: '>' | '<', values: unknown[]): Prisma.Sql {
  if (values.length !== keys.length) return Prisma.sql`FALSE`;
  const left = Prisma.join(keys.map((k) => k.sql));
  const right = Prisma.join(keys.map((k, i) => Prisma.sql`${values[i]}::${CASTS[k.type]}`));
  return Prisma.sql`(${left}) ${Prisma.raw(op)} (${right})`;
}

/** A cursor decodes to JSON, so its values are checked against the sort's types before use. */
function checked(keys: SortKey[], values: unknown[], argument: string): unknown[] {
  const ok = values.length === keys.length && keys.every((k, i) => fits(k.type, values[i]));
  if (!ok) throw badUserInput(argument, 'is not a valid cursor for this connection');
  return values;
}

function fits(type: SqlType, v: unknown): boolean {
  if (v === null) return false;
  switch (type) {
    case 'int':
      return Number.isInteger(v) && Math.abs(v as number) <= 2_147_483_647;
    case 'text':
      return typeof v === 'string' && !v.includes('\u0000');
    case 'float':
      return typeof v === 'number' && Number.isFinite(v);
    case 'timestamptz':
    case 'date':
      return typeof v === 'string' && isCursorInstant(v);
  }
}

/**
 * Cursors carry instants as `Date.prototype.toISOString()` wrote them; only that exact form, in
 * years Postgres and JavaScript share (0001-9999), is accepted, so no forged date reaches SQL.
 */
function isCursorInstant(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) || v.startsWith('0000')) return false;
  const t = Date.parse(v);
  return !Number.isNaN(t) && new Date(t).toISOString() === v;
}

function flip(d: 'ASC' | 'DESC'): 'ASC' | 'DESC' {
  return d === 'ASC' ? 'DESC' : 'ASC';
}

/**
 * A raw row's sort values (`_k0`, `_k1`, ...). The row itself serves as the node, sort columns
 * and all: copying it or deleting properties from it would leave V8 a slow dictionary-mode object
 * for every field read that follows.
 */
export function splitSortValues<T>(row: Record<string, unknown>, keys: readonly SortKey[]): { node: T; sortValues: unknown[] } {
  const sortValues: unknown[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) sortValues[i] = sortValueFromJson(normalizeSortValue(row[`_k${i}`]), keys[i].type);
  return { node: row as T, sortValues };
}

/**
 * A sort value read back from JSON, in the form a row read directly would give (timestamps and
 * dates as ISO instants), so a cursor is the same string whichever way its page was read.
 */
export function sortValueFromJson(v: unknown, type: SqlType): unknown {
  if (typeof v !== 'string' || (type !== 'timestamptz' && type !== 'date')) return v ?? null;
  if (v.length === 24 && v.endsWith('Z')) return v; // already an ISO instant
  return utcInstant(v) ?? new Date(v).toISOString();
}

/**
 * Postgres' JSON text of an instant in a UTC session (`2024-12-31T22:44:02.001+00:00`, the
 * fraction optional) as `toISOString()` prints it, by slicing rather than a Date parsed and printed.
 */
function utcInstant(v: string): string | null {
  const m = UTC_JSON_INSTANT.exec(v);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}Z` : null;
}
const UTC_JSON_INSTANT = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00(?::00)?$/;

function normalizeSortValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return Number(v);
  return v ?? null;
}
