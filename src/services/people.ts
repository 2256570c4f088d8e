/** People: the root connection, roles, signatures and quotes. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { resolveRef } from './refs.js';
import { related, select } from '../plan/sql/columns.js';
import { ENTITY, nameMatches } from '../plan/sql/entities.js';
import type { PageQuery, Sort } from '../plan/keyset.js';
import type { AffiliationRow, OrganizationRow } from './types.js';

export interface PersonFilter {
  name?: string | null;
  nationality?: string | null;
}

/** The root `people` connection's rows: filter and order (the planner pages it). */
export async function peopleQuery(
  db: Reader,
  filter: PersonFilter | null | undefined,
  sort: Sort,
): Promise<PageQuery> {
  const t = ENTITY.person;
  const where: Prisma.Sql[] = [];
  if (filter?.name) where.push(nameMatches(t, filter.name));
  if (filter?.nationality) {
    where.push(Prisma.sql`p."nationality_id" = ${await resolveRef(db, 'place', filter.nationality, 'filter.nationality')}`);
  }
  return { select: t.select, from: Prisma.sql`"person" p`, where, sort };
}

/** Roles of many people, ordered by start date (unknown last), then title. */
export async function affiliationsByPeople(db: Reader, personIds: readonly number[]): Promise<AffiliationWithOrg[]> {
  return db.$queryRaw<AffiliationWithOrg[]>(Prisma.sql`
    SELECT ${select.affiliation('af')}, ${related.organization('o')} AS "organization"
    FROM "affiliation" af JOIN "organization" o ON o."id" = af."organization_id"
    WHERE af."person_id" = ANY(${[...personIds]}::int[])
    ORDER BY af."person_id", af."valid_from" DESC NULLS LAST, af."id"`);
}

export type AffiliationWithOrg = AffiliationRow & { organization: OrganizationRow };

