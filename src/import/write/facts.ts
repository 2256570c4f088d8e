/** Facts about the world (affiliations, declaration relations, provisions, signatories): upserted on their natural keys, with provenance to the first stating article. */
import { Prisma } from '../../generated/prisma/client.js';
import type { AffiliationFact, DeclarationEntity, DeclarationRelationFact } from '../../document/document.js';
import { Ids, SlugIds, Tx, dateColumns, evidenceColumns } from './sql.js';
// ---------------------------------------------------------------------------------------------
// Facts about the world: upserted on their natural keys, provenance to the first stating article
// ---------------------------------------------------------------------------------------------

/** A declaration's own provenance: the first article that states it (and where). */
export async function claimDeclarations(tx: Tx, articleId: number, declarations: readonly DeclarationEntity[], ids: SlugIds): Promise<void> {
  for (const d of declarations) {
    const [start, end] = evidenceColumns(d.evidence);
    await tx.$executeRaw`
      UPDATE "declaration" SET "article_id" = ${articleId}, "evidence_start" = ${start}::int, "evidence_end" = ${end}::int
      WHERE "id" = ${ids.get(d.slug)!} AND "article_id" IS NULL`;
  }
}

/**
 * On (person, organization, title). The article holding the provenance (or taking it because
 * none holds it) has its dates win; any other article only fills in missing dates.
 */
export async function writeAffiliations(tx: Tx, articleId: number, affiliations: readonly AffiliationFact[], ids: Ids): Promise<void> {
  const takeFrom = Prisma.sql`((t."article_id" IS NULL AND EXCLUDED."valid_from" IS NOT NULL) OR t."valid_from" IS NULL)`;
  const takeTo = Prisma.sql`((t."article_id" IS NULL AND EXCLUDED."valid_to" IS NOT NULL) OR t."valid_to" IS NULL)`;
  const owner = Prisma.sql`t."article_id" IS NULL`;
  for (const a of affiliations) {
    const [from, fromPrecision] = dateColumns(a.validFrom);
    const [to, toPrecision] = dateColumns(a.validTo);
    const [start, end] = evidenceColumns(a.evidence);
    await tx.$executeRaw`
      INSERT INTO "affiliation" AS t ("person_id", "organization_id", "title", "valid_from", "valid_from_precision",
                                      "valid_to", "valid_to_precision", "article_id", "evidence_start", "evidence_end")
      VALUES (${ids.person.get(a.person)!}, ${ids.organization.get(a.organization)!}, ${a.title}, ${from}::date,
              ${fromPrecision}::"DatePrecision", ${to}::date, ${toPrecision}::"DatePrecision", ${articleId}, ${start}::int, ${end}::int)
      ON CONFLICT ("person_id", "organization_id", "title") DO UPDATE SET
        "valid_from" = CASE WHEN ${takeFrom} THEN EXCLUDED."valid_from" ELSE t."valid_from" END,
        "valid_from_precision" = CASE WHEN ${takeFrom} THEN EXCLUDED."valid_from_precision" ELSE t."valid_from_precision" END,
        "valid_to" = CASE WHEN ${takeTo} THEN EXCLUDED."valid_to" ELSE t."valid_to" END,
        "valid_to_precision" = CASE WHEN ${takeTo} THEN EXCLUDED."valid_to_precision" ELSE t."valid_to_precision" END,
        "article_id" = CASE WHEN ${owner} THEN EXCLUDED."article_id" ELSE t."article_id" END,
        "evidence_start" = CASE WHEN ${owner} THEN EXCLUDED."evidence_start" ELSE t."evidence_start" END,
        "evidence_end" = CASE WHEN ${owner} THEN EXCLUDED."evidence_end" ELSE t."evidence_end" END`;
  }
}

/** On (from, to, kind); the provenance holder's description wins, others fill it in. */
export async function writeDeclarationRelations(
  tx: Tx,
  articleId: number,
  relations: readonly DeclarationRelationFact[],
  declarations: SlugIds,
): Promise<void> {
  const owner = Prisma.sql`t."article_id" IS NULL`;
  for (const r of relations) {
    const [start, end] = evidenceColumns(r.evidence);
    await tx.$executeRaw`
      INSERT INTO "declaration_relation" AS t ("from_id", "to_id", "kind", "description", "article_id", "evidence_start", "evidence_end")
      VALUES (${declarations.get(r.from)!}, ${declarations.get(r.to)!}, ${r.kind}::"DeclarationRelationKind",
              ${r.description ?? null}, ${articleId}, ${start}::int, ${end}::int)
      ON CONFLICT ("from_id", "to_id", "kind") DO UPDATE SET
        "description" = CASE WHEN ${owner} THEN COALESCE(EXCLUDED."description", t."description")
                             ELSE COALESCE(t."description", EXCLUDED."description") END,
        "article_id" = CASE WHEN ${owner} THEN EXCLUDED."article_id" ELSE t."article_id" END,
        "evidence_start" = CASE WHEN ${owner} THEN EXCLUDED."evidence_start" ELSE t."evidence_start" END,
        "evidence_end" = CASE WHEN ${owner} THEN EXCLUDED."evidence_end" ELSE t."evidence_end" END`;
  }
}

/**
 * A declaration's provisions, numbered per declaration. This article's own rows were removed by
 * clearArticle, so what remains was stated by other articles (or by deleted ones): a provision
 * with the same text is not repeated (an orphaned one is adopted); a new one takes its position
 * in the document when that is free, else the next free position after everything stored.
 * Safe without further locking: every writer of a declaration's provisions first upserted the
 * declaration row, which holds its lock until commit.
 */
export async function writeProvisions(
  tx: Tx,
  articleId: number,
  declarationId: number,
  provisions: DeclarationEntity['provisions'],
): Promise<void> {
  if (!provisions.length) return;
  const stored = await tx.$queryRaw<Array<{ id: number; position: number; text: string; article_id: number | null }>>`
    SELECT "id", "position", "text", "article_id" FROM "declaration_provision" WHERE "declaration_id" = ${declarationId}`;
  const byText = new Map(stored.map((r) => [r.text, r]));
  const taken = new Set(stored.map((r) => r.position));
  let next = Math.max(provisions.length - 1, ...stored.map((r) => r.position)) + 1;
  for (const [i, p] of provisions.entries()) {
    const [start, end] = evidenceColumns(p.evidence);
    const same = byText.get(p.text);
    if (same) {
      if (same.article_id === null) {
        await tx.$executeRaw`UPDATE "declaration_provision" SET "article_id" = ${articleId}, "evidence_start" = ${start}::int,
          "evidence_end" = ${end}::int WHERE "id" = ${same.id}`;
        same.article_id = articleId;
      }
      continue;
    }
    const position = taken.has(i) ? next++ : i;
    taken.add(position);
    const [row] = await tx.$queryRaw<Array<{ id: number }>>`
      INSERT INTO "declaration_provision" ("declaration_id", "position", "text", "article_id", "evidence_start", "evidence_end")
      VALUES (${declarationId}, ${position}, ${p.text}, ${articleId}, ${start}::int, ${end}::int)
      RETURNING "id"`;
    byText.set(p.text, { id: row.id, position, text: p.text, article_id: articleId });
  }
}

/**
 * A declaration's parties. This article's own rows were removed by clearArticle; a party already
 * recorded by another article (same person, organization and place) is not repeated, an orphaned
 * one is adopted. Serialized by the declaration row lock, like provisions.
 */
export async function writeSignatories(
  tx: Tx,
  articleId: number,
  declarationId: number,
  signatories: DeclarationEntity['signatories'],
  ids: Ids,
): Promise<void> {
  if (!signatories.length) return;
  const stored = await tx.$queryRaw<
    Array<{ id: number; person_id: number | null; organization_id: number | null; place_id: number | null; article_id: number | null }>
  >`SELECT "id", "person_id", "organization_id", "place_id", "article_id" FROM "declaration_signatory" WHERE "declaration_id" = ${declarationId}`;
  const partyKey = (person: number | null, organization: number | null, place: number | null) => `${person}|${organization}|${place}`;
  const byParty = new Map(stored.map((r) => [partyKey(r.person_id, r.organization_id, r.place_id), r]));
  for (const s of signatories) {
    const personId = s.person ? ids.person.get(s.person)! : null;
    const organizationId = s.organization ? ids.organization.get(s.organization)! : null;
    const placeId = s.place ? ids.place.get(s.place)! : null;
    const [start, end] = evidenceColumns(s.evidence);
    const key = partyKey(personId, organizationId, placeId);
    const same = byParty.get(key);
    if (same) {
      if (same.article_id === null) {
        await tx.$executeRaw`UPDATE "declaration_signatory" SET "article_id" = ${articleId}, "evidence_start" = ${start}::int,
          "evidence_end" = ${end}::int, "role" = COALESCE("role", ${s.role ?? null}) WHERE "id" = ${same.id}`;
        same.article_id = articleId;
      }
      continue;
    }
    const [row] = await tx.$queryRaw<Array<{ id: number }>>`
      INSERT INTO "declaration_signatory" ("declaration_id", "person_id", "organization_id", "place_id", "role",
                                           "article_id", "evidence_start", "evidence_end")
      VALUES (${declarationId}, ${personId}::int, ${organizationId}::int, ${placeId}::int, ${s.role ?? null},
              ${articleId}, ${start}::int, ${end}::int)
      RETURNING "id"`;
    byParty.set(key, { id: row.id, person_id: personId, organization_id: organizationId, place_id: placeId, article_id: articleId });
  }
}
