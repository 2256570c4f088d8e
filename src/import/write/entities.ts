/** Entities shared by every article that names them (places, organizations, people, declarations): upserted by slug and only ever filled in. */
import { Prisma } from '../../generated/prisma/client.js';
import type {
  ArticleDocument,
  DeclarationEntity,
  OrganizationEntity,
  PersonEntity,
  PlaceEntity,
} from '../../document/document.js';
import { survivorsOfSlugs, type MergeableType } from '../../services/merge.js';
import { resolveByName, resolvePlaces } from '../resolve.js';
import { Ids, SlugIds, Tx, cleanAliases, dateColumns, mergedAliases } from './sql.js';
// ---------------------------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------------------------

/**
 * Upserts every entity of the document and returns document slug → id per type. Order matters for
 * deadlock freedom (see the module comment) and for references: places, then organizations and
 * people (which point at places), then declarations. Parent links come last, once both ends exist.
 * Each list is written in one statement (rows locked in slug order); see upsertInRounds.
 */
/** Document slugs whose entity was merged away → the survivor's slug. */
export async function mergedSlugRedirects(tx: Tx, type: MergeableType, slugs: string[]): Promise<Map<string, string>> {
  const survivors = await survivorsOfSlugs(tx, type, slugs);
  return new Map([...survivors].map(([slug, survivor]) => [slug, survivor.slug]));
}

export async function upsertEntities(tx: Tx, doc: ArticleDocument): Promise<Ids> {
  const merged = {
    organization: await mergedSlugRedirects(tx, 'organization', doc.organizations.map((o) => o.slug)),
    person: await mergedSlugRedirects(tx, 'person', doc.people.map((p) => p.slug)),
  };
  const redirects = {
    place: await resolvePlaces(tx, doc.places),
    organization: new Map([...merged.organization, ...(await resolveByName(tx, 'organization', doc.organizations, merged.organization))]),
    person: new Map([...merged.person, ...(await resolveByName(tx, 'person', doc.people, merged.person))]),
  };
  const place = await upsertInRounds(doc.places, redirects.place, (rows) => upsertPlaces(tx, rows));
  const organization = await upsertInRounds(doc.organizations, redirects.organization, (rows) => upsertOrganizations(tx, rows, place));
  const person = await upsertInRounds(doc.people, redirects.person, (rows) => upsertPeople(tx, rows, place));
  const ids: Ids = { place: place.ids, organization: organization.ids, person: person.ids, declaration: new Map() };
  for (const d of bySlug(doc.declarations)) ids.declaration.set(d.slug, await upsertDeclaration(tx, d, ids.place));
  for (const p of doc.places) {
    // A stored parent stays (entities are only filled in), so most re-imports skip the statement.
    if (p.parent && !place.hasParent.has(ids.place.get(p.slug)!)) await linkParent(tx, 'place', ids.place.get(p.slug)!, ids.place.get(p.parent)!);
  }
  for (const o of doc.organizations) {
    if (o.parent && !organization.hasParent.has(ids.organization.get(o.slug)!)) {
      await linkParent(tx, 'organization', ids.organization.get(o.slug)!, ids.organization.get(o.parent)!);
    }
  }
  return ids;
}

export interface Written {
  /** Document slug → id. */
  ids: SlugIds;
  /** Ids of rows that already had a parent before this write. */
  hasParent: Set<number>;
}
export type Row<T> = T & { target: string };
export type UpsertBatch<T> = (rows: Array<Row<T>>) => Promise<Array<{ id: number; slug: string; parent_id: number | null }>>;

/**
 * Writes entities in as few statements as possible: one multi-row upsert per round, rows in slug
 * order. Two document entities can lead to one row (a merged slug and its survivor, or two names
 * resolved to one person); one statement may not update a row twice, so the second goes in a
 * second round (a row this transaction already holds, so the lock order is kept).
 */
export async function upsertInRounds<T extends { slug: string }>(
  items: readonly T[],
  redirects: ReadonlyMap<string, string>,
  write: UpsertBatch<T>,
): Promise<Written> {
  const written: Written = { ids: new Map(), hasParent: new Set() };
  let pending = bySlug(items, redirects as Map<string, string>).map((item) => ({ ...item, target: redirects.get(item.slug) ?? item.slug }));
  while (pending.length) {
    const round: Array<Row<T>> = [];
    const later: Array<Row<T>> = [];
    const targets = new Set<string>();
    for (const row of pending) {
      (targets.has(row.target) ? later : round).push(row);
      targets.add(row.target);
    }
    const idBySlug = new Map<string, number>();
    for (const r of await write(round)) {
      idBySlug.set(r.slug, r.id);
      if (r.parent_id !== null) written.hasParent.add(r.id);
    }
    for (const row of round) written.ids.set(row.slug, idBySlug.get(row.target)!);
    pending = later;
  }
  return written;
}

/** Aliases of each row as JSON text: unnest() cannot take a ragged array of arrays. */
export function aliasColumn(rows: ReadonlyArray<{ name: string; aliases: readonly string[] }>): string[] {
  return rows.map((r) => JSON.stringify(cleanAliases(r.name, r.aliases)));
}

export const ALIASES_FROM_JSON = Prisma.sql`ARRAY(SELECT jsonb_array_elements_text(i.aliases::jsonb))`;

export function upsertPlaces(tx: Tx, rows: Array<Row<PlaceEntity>>) {
  return tx.$queryRaw<Array<{ id: number; slug: string; parent_id: number | null }>>`
    INSERT INTO "place" AS t ("slug", "name", "aliases", "kind", "country_code", "latitude", "longitude", "wikidata_id", "feature_id")
    SELECT i.slug, i.name, ${ALIASES_FROM_JSON}, COALESCE(i.kind::"PlaceKind", 'OTHER'), i.country_code, i.latitude, i.longitude,
           i.wikidata_id, i.feature_id
    FROM unnest(${rows.map((r) => r.target)}::text[], ${rows.map((r) => r.name)}::text[], ${aliasColumn(rows)}::text[],
                ${rows.map((r) => r.kind ?? null)}::text[], ${rows.map((r) => r.countryCode ?? null)}::text[],
                ${rows.map((r) => r.latitude ?? null)}::float8[], ${rows.map((r) => r.longitude ?? null)}::float8[],
                ${rows.map((r) => r.wikidataId ?? null)}::text[], ${rows.map((r) => r.featureId ?? null)}::text[])
      WITH ORDINALITY AS i(slug, name, aliases, kind, country_code, latitude, longitude, wikidata_id, feature_id, ord)
    ORDER BY i.ord
    ON CONFLICT ("slug") DO UPDATE SET
      "aliases" = ${mergedAliases('name')},
      "kind" = CASE WHEN t."kind" = 'OTHER' THEN EXCLUDED."kind" ELSE t."kind" END,
      "country_code" = COALESCE(t."country_code", EXCLUDED."country_code"),
      "latitude" = CASE WHEN t."latitude" IS NULL AND t."longitude" IS NULL THEN EXCLUDED."latitude" ELSE t."latitude" END,
      "longitude" = CASE WHEN t."latitude" IS NULL AND t."longitude" IS NULL THEN EXCLUDED."longitude" ELSE t."longitude" END,
      "wikidata_id" = COALESCE(t."wikidata_id", EXCLUDED."wikidata_id"),
      "feature_id" = COALESCE(t."feature_id", EXCLUDED."feature_id")
    RETURNING "id", "slug", "parent_id"`;
}

export function upsertOrganizations(tx: Tx, rows: Array<Row<OrganizationEntity>>, places: Written) {
  const countryIds = rows.map((r) => (r.country ? places.ids.get(r.country)! : null));
  return tx.$queryRaw<Array<{ id: number; slug: string; parent_id: number | null }>>`
    INSERT INTO "organization" AS t ("slug", "name", "aliases", "kind", "description", "country_id", "wikidata_id")
    SELECT i.slug, i.name, ${ALIASES_FROM_JSON}, COALESCE(i.kind::"OrganizationKind", 'OTHER'), i.description, i.country_id, i.wikidata_id
    FROM unnest(${rows.map((r) => r.target)}::text[], ${rows.map((r) => r.name)}::text[], ${aliasColumn(rows)}::text[],
                ${rows.map((r) => r.kind ?? null)}::text[], ${rows.map((r) => r.description ?? null)}::text[],
                ${countryIds}::int[], ${rows.map((r) => r.wikidataId ?? null)}::text[])
      WITH ORDINALITY AS i(slug, name, aliases, kind, description, country_id, wikidata_id, ord)
    ORDER BY i.ord
    ON CONFLICT ("slug") DO UPDATE SET
      "aliases" = ${mergedAliases('name')},
      "kind" = CASE WHEN t."kind" = 'OTHER' THEN EXCLUDED."kind" ELSE t."kind" END,
      "description" = COALESCE(t."description", EXCLUDED."description"),
      "country_id" = COALESCE(t."country_id", EXCLUDED."country_id"),
      "wikidata_id" = COALESCE(t."wikidata_id", EXCLUDED."wikidata_id")
    RETURNING "id", "slug", "parent_id"`;
}

export function upsertPeople(tx: Tx, rows: Array<Row<PersonEntity>>, places: Written) {
  const nationalityIds = rows.map((r) => (r.nationality ? places.ids.get(r.nationality)! : null));
  return tx.$queryRaw<Array<{ id: number; slug: string; parent_id: number | null }>>`
    INSERT INTO "person" AS t ("slug", "name", "aliases", "description", "nationality_id", "wikidata_id")
    SELECT i.slug, i.name, ${ALIASES_FROM_JSON}, i.description, i.nationality_id, i.wikidata_id
    FROM unnest(${rows.map((r) => r.target)}::text[], ${rows.map((r) => r.name)}::text[], ${aliasColumn(rows)}::text[],
                ${rows.map((r) => r.description ?? null)}::text[], ${nationalityIds}::int[], ${rows.map((r) => r.wikidataId ?? null)}::text[])
      WITH ORDINALITY AS i(slug, name, aliases, description, nationality_id, wikidata_id, ord)
    ORDER BY i.ord
    ON CONFLICT ("slug") DO UPDATE SET
      "aliases" = ${mergedAliases('name')},
      "description" = COALESCE(t."description", EXCLUDED."description"),
      "nationality_id" = COALESCE(t."nationality_id", EXCLUDED."nationality_id"),
      "wikidata_id" = COALESCE(t."wikidata_id", EXCLUDED."wikidata_id")
    RETURNING "id", "slug", NULL::int AS "parent_id"`;
}

/** Entities in the order their rows are locked: by the slug actually written. */
export function bySlug<T extends { slug: string }>(items: readonly T[], redirects?: Map<string, string>): T[] {
  const key = (t: T) => redirects?.get(t.slug) ?? t.slug;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * A stored signing date is kept, except that a more precise date inside its period refines it
 * ("2021" becomes "2021-06-15"); a contradicting date does not overwrite it.
 */
export async function upsertDeclaration(tx: Tx, d: DeclarationEntity, places: SlugIds): Promise<number> {
  const [signedOn, precision] = dateColumns(d.signed);
  const placeId = d.place ? places.get(d.place)! : null;
  const refines = Prisma.sql`(t."signed_on" IS NULL OR (
      EXCLUDED."signed_on" IS NOT NULL AND EXCLUDED."signed_precision" < t."signed_precision"
      AND EXCLUDED."signed_on" >= t."signed_on"
      AND EXCLUDED."signed_on" < t."signed_on" + CASE t."signed_precision" WHEN 'YEAR' THEN interval '1 year'
                                                   WHEN 'MONTH' THEN interval '1 month' ELSE interval '1 day' END))`;
  const [row] = await tx.$queryRaw<Array<{ id: number }>>`
    INSERT INTO "declaration" AS t ("slug", "title", "aliases", "kind", "signed_on", "signed_precision", "place_id", "summary", "wikidata_id")
    VALUES (${d.slug}, ${d.title}, ${cleanAliases(d.title, d.aliases)}::text[], COALESCE(${d.kind ?? null}::"DeclarationKind", 'OTHER'),
            ${signedOn}::date, ${precision}::"DatePrecision", ${placeId}::int, ${d.summary ?? null}, ${d.wikidataId ?? null})
    ON CONFLICT ("slug") DO UPDATE SET
      "aliases" = ${mergedAliases('title')},
      "kind" = CASE WHEN t."kind" = 'OTHER' THEN EXCLUDED."kind" ELSE t."kind" END,
      "signed_on" = CASE WHEN ${refines} THEN EXCLUDED."signed_on" ELSE t."signed_on" END,
      "signed_precision" = CASE WHEN ${refines} THEN EXCLUDED."signed_precision" ELSE t."signed_precision" END,
      "place_id" = COALESCE(t."place_id", EXCLUDED."place_id"),
      "summary" = COALESCE(t."summary", EXCLUDED."summary"),
      "wikidata_id" = COALESCE(t."wikidata_id", EXCLUDED."wikidata_id")
    RETURNING "id"`;
  return row.id;
}

/** Sets a missing parent, unless that would put the entity inside itself. */
export async function linkParent(tx: Tx, type: 'place' | 'organization', id: number, parentId: number): Promise<void> {
  const table = Prisma.raw(`"${type}"`);
  await tx.$executeRaw`
    UPDATE ${table} SET "parent_id" = ${parentId}
    WHERE "id" = ${id} AND "parent_id" IS NULL AND NOT EXISTS (
      WITH RECURSIVE up AS (
        SELECT "id", "parent_id" FROM ${table} WHERE "id" = ${parentId}
        UNION
        SELECT p."id", p."parent_id" FROM ${table} p JOIN up ON p."id" = up."parent_id"
      )
      SELECT 1 FROM up WHERE up."id" = ${id})`;
}
