/** Places: the root connection and their hierarchy. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { pageRequest, toConnection, type Connection, type ConnectionArgs } from '../lib/connection.js';
import { ENTITY, nameMatches } from './sql/entities.js';
import type { PageQuery, PlannedChildren } from './sql/keyset.js';
import { fetchCount, fetchPage } from './sql/pages.js';
import { nameSort, type OrderArg } from './sql/sorts.js';
import type { PlaceRow } from './types.js';

export interface PlaceFilter {
  name?: string | null;
  kind?: string | null;
}

export async function placesPage(
  db: Reader,
  args: ConnectionArgs,
  filter: PlaceFilter | null | undefined,
  order: OrderArg<'NAME'> | null | undefined,
  children?: PlannedChildren,
): Promise<Connection<PlaceRow>> {
  const t = ENTITY.place;
  const sort = nameSort('place', t.nameColumn, 'pl', order);
  const req = pageRequest(args, sort.key);
  const where: Prisma.Sql[] = [];
  if (filter?.name) where.push(nameMatches(t, filter.name));
  if (filter?.kind) where.push(Prisma.sql`pl."kind"::text = ${filter.kind}`);
  const q: PageQuery = { select: t.select, from: Prisma.sql`"place" pl`, where, sort, children };
  return toConnection(await fetchPage<PlaceRow>(db, q, req), req, sort.key, () => fetchCount(db, q));
}
