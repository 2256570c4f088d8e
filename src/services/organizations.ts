/** Organizations: the root connection, their hierarchy and their members. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { resolveRef } from './refs.js';
import { ENTITY, nameMatches } from '../plan/sql/entities.js';
import type { PageQuery, Sort } from '../plan/keyset.js';

export interface OrganizationFilter {
  name?: string | null;
  kind?: string | null;
  country?: string | null;
}

/** The root `organizations` connection's rows: filter and order (the planner pages it). */
export async function organizationsQuery(
  db: Reader,
  filter: OrganizationFilter | null | undefined,
  sort: Sort,
): Promise<PageQuery> {
  const t = ENTITY.organization;
  const where: Prisma.Sql[] = [];
  if (filter?.name) where.push(nameMatches(t, filter.name));
  if (filter?.kind) where.push(Prisma.sql`o."kind"::text = ${filter.kind}`);
  if (filter?.country) {
    where.push(Prisma.sql`o."country_id" = ${await resolveRef(db, 'place', filter.country, 'filter.country')}`);
  }
  return { select: t.select, from: Prisma.sql`"organization" o`, where, sort };
}

