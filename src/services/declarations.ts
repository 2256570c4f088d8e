/** Declarations: the root connection with its filters, provisions and relations. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { badUserInput } from '../lib/errors.js';
import { resolveAnyRef, resolveRef } from './refs.js';
import { ENTITY, nameMatches } from '../plan/sql/entities.js';
import type { PageQuery, Sort } from '../plan/keyset.js';
import type { ProvisionRow, RelationRow } from './types.js';

export interface DeclarationFilter {
  title?: string | null;
  kind?: string | null;
  signatory?: string | null;
  place?: string | null;
  signedAfter?: string | null;
  signedBefore?: string | null;
}

const SIGNATORY_COLUMN = { person: 'person_id', organization: 'organization_id', place: 'place_id' } as const;

async function filterConditions(db: Reader, f: DeclarationFilter): Promise<Prisma.Sql[]> {
  const where: Prisma.Sql[] = [];
  if (f.title) where.push(nameMatches(ENTITY.declaration, f.title));
  if (f.kind) where.push(Prisma.sql`d."kind"::text = ${f.kind}`);
  if (f.place) where.push(Prisma.sql`d."place_id" = ${await resolveRef(db, 'place', f.place, 'filter.place')}`);
  if (f.signatory) {
    const ref = await resolveAnyRef(db, ['person', 'organization', 'place'], f.signatory, 'filter.signatory');
    if (ref.table === 'declaration' || ref.table === 'source') throw badUserInput('filter.signatory', 'must name a party');
    const col = Prisma.raw(`"${SIGNATORY_COLUMN[ref.table]}"`);
    where.push(Prisma.sql`d."id" IN (SELECT s."declaration_id" FROM "declaration_signatory" s WHERE s.${col} = ${ref.id})`);
  }
  if (f.signedAfter) where.push(Prisma.sql`d."signed_on" >= ${f.signedAfter}::date`);
  if (f.signedBefore) where.push(Prisma.sql`d."signed_on" <= ${f.signedBefore}::date`);
  return where;
}

/** The root `declarations` connection's rows: filter and order (the planner pages it). */
export async function declarationsQuery(
  db: Reader,
  filter: DeclarationFilter | null | undefined,
  sort: Sort,
): Promise<PageQuery> {
  const where = await filterConditions(db, filter ?? {});
  return { select: ENTITY.declaration.select, from: Prisma.sql`"declaration" d`, where, sort };
}

export async function provisionsOf(db: Reader, declarationIds: readonly number[]): Promise<ProvisionRow[]> {
  return db.$queryRaw<ProvisionRow[]>(Prisma.sql`
    SELECT pr."id", pr."declaration_id" AS "declarationId", pr."position", pr."text", pr."article_id" AS "articleId",
      pr."evidence_start" AS "evidenceStart", pr."evidence_end" AS "evidenceEnd"
    FROM "declaration_provision" pr
    WHERE pr."declaration_id" = ANY(${[...declarationIds]}::int[])
    ORDER BY pr."declaration_id", pr."position"`);
}

/** Relations touching any of the declarations, in either direction. */
export async function relationsOf(db: Reader, declarationIds: readonly number[]): Promise<RelationRow[]> {
  return db.$queryRaw<RelationRow[]>(Prisma.sql`
    SELECT r."id", r."from_id" AS "fromId", r."to_id" AS "toId", r."kind"::text AS "kind", r."description",
      r."article_id" AS "articleId", r."evidence_start" AS "evidenceStart", r."evidence_end" AS "evidenceEnd"
    FROM "declaration_relation" r
    WHERE r."from_id" = ANY(${[...declarationIds]}::int[]) OR r."to_id" = ANY(${[...declarationIds]}::int[])
    ORDER BY r."id"`);
}
