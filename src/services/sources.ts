/** Publishers. */
import { Prisma } from '../db/client.js';
import { select } from '../plan/sql/columns.js';
import type { PageQuery, Sort } from '../plan/keyset.js';
import { nameSort } from '../plan/sql/sorts.js';

/** The root `sources` connection's rows (the planner pages it). */
export const sourceSort = (): Sort => nameSort('source', Prisma.raw('s."name"'), 's');

export function sourcesQuery(sort: Sort): PageQuery {
  return { select: select.source('s'), from: Prisma.sql`"source" s`, where: [], sort };
}
