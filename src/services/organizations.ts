/** Organizations: the root connection, their hierarchy and their members. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { pageRequest, toConnection, type Connection, type ConnectionArgs } from '../lib/connection.js';
import { resolveRef } from './refs.js';
import { select } from './sql/columns.js';
import { ENTITY, nameMatches } from './sql/entities.js';
import type { PageQuery, PlannedChildren } from './sql/keyset.js';
import { fetchCount, fetchPage, PARENT } from './sql/pages.js';
import { byIdSort, nameSort, type OrderArg } from './sql/sorts.js';
import type { OrganizationRow } from './types.js';

export interface OrganizationFilter {
  name?: string | null;
  kind?: string | null;
  country?: string | null;
}

export async function organizationsPage(
  db: Reader,
  args: ConnectionArgs,
  filter: OrganizationFilter | null | undefined,
  order: OrderArg<'NAME'> | null | undefined,
  children?: PlannedChildren,
): Promise<Connection<OrganizationRow>> {
  const t = ENTITY.organization;
  const sort = nameSort('organization', t.nameColumn, 'o', order);
  const req = pageRequest(args, sort.key);
  const where: Prisma.Sql[] = [];
  if (filter?.name) where.push(nameMatches(t, filter.name));
  if (filter?.kind) where.push(Prisma.sql`o."kind"::text = ${filter.kind}`);
  if (filter?.country) {
    where.push(Prisma.sql`o."country_id" = ${await resolveRef(db, 'place', filter.country, 'filter.country')}`);
  }
  const q: PageQuery = { select: t.select, from: Prisma.sql`"organization" o`, where, sort, children };
  return toConnection(await fetchPage<OrganizationRow>(db, q, req), req, sort.key, () => fetchCount(db, q));
}

/** An organization's affiliations, as a per-parent page query (parent = the organization id). */
export function membersQuery(): PageQuery {
  return {
    select: select.affiliation('af'),
    from: Prisma.sql`"affiliation" af`,
    where: [Prisma.sql`af."organization_id" = ${PARENT}`],
    sort: byIdSort('affiliation', 'af'),
  };
}
