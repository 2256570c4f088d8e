/** Places: the root connection and their hierarchy. */
import { Prisma } from '../db/client.js';
import { ENTITY, nameMatches } from '../plan/sql/entities.js';
import type { PageQuery, Sort } from '../plan/keyset.js';

export interface PlaceFilter {
  name?: string | null;
  kind?: string | null;
}

/** The root `places` connection's rows: filter and order (the planner pages it). */
export function placesQuery(filter: PlaceFilter | null | undefined, sort: Sort): PageQuery {
  const t = ENTITY.place;
  const where: Prisma.Sql[] = [];
  if (filter?.name) where.push(nameMatches(t, filter.name));
  if (filter?.kind) where.push(Prisma.sql`pl."kind"::text = ${filter.kind}`);
  return { select: t.select, from: Prisma.sql`"place" pl`, where, sort };
}
