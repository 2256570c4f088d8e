/**
 * Entity resolution: which stored entity a document's person, organization, place or source is,
 * when the document's slug alone does not say. Documents from different feeds name the same
 * entity differently ("Recep Tayyip Erdoğan" in one, "Recep Tayyip Erdogan" in another); each
 * rule below maps a document slug to the slug of the stored entity it is.
 *
 * The rules are conservative: a wrong merge is worse than a missed one (a missed one can be fixed
 * with personMerge; a wrong one mixes two people's mentions):
 * - A slug that exists is that entity (the caller already followed merge records).
 * - People and organizations: a stored entity whose name or an alias has the same name key
 *   (folded case and accents, punctuation and spacing ignored; see newsgraph_name_key) and at least
 *   two words, and that is the only one with that key. A lone word ("Scott", "Biden") resolves
 *   nothing. A Wikidata id on both sides that differs keeps them apart: external ids win.
 * - Places: the same gazetteer feature id (`featureId`); for a country, the same ISO country code.
 *   A slug taken by a place with another feature id gets the feature id appended instead.
 * - Sources: the same domain.
 *
 * Race safety does not depend on these reads: slugs derived from normalized names are the same in
 * every importer, so concurrent writers meet on INSERT ... ON CONFLICT (slug); place feature ids are
 * unique in the database, and a writer that loses that race retries and then resolves here.
 */
import { Prisma } from '../generated/prisma/client.js';
import type { ArticleDocument } from '../document/document.js';
import { slugify } from './names.js';

type Tx = Prisma.TransactionClient;

interface Named {
  slug: string;
  name: string;
  aliases: readonly string[];
  wikidataId?: string;
}

/**
 * Document slug → stored slug for people or organizations whose own slug is not stored yet but
 * whose name (or an alias) is, unambiguously. `skip` holds slugs already redirected elsewhere.
 */
export async function resolveByName(
  tx: Tx,
  type: 'person' | 'organization',
  items: readonly Named[],
  skip: ReadonlyMap<string, string>,
): Promise<Map<string, string>> {
  const slugs: string[] = [];
  const names: string[] = [];
  const wikidata: Array<string | null> = [];
  for (const item of items) {
    if (skip.has(item.slug)) continue;
    for (const name of [item.name, ...item.aliases]) {
      slugs.push(item.slug);
      names.push(name);
      wikidata.push(item.wikidataId ?? null);
    }
  }
  if (!slugs.length) return new Map();
  const table = Prisma.raw(`"${type}"`);
  const rows = await tx.$queryRaw<Array<{ slug: string; target: string }>>`
    SELECT c.slug, min(e."slug") AS target
    FROM unnest(${slugs}::text[], ${names}::text[], ${wikidata}::text[]) AS c(slug, name, wikidata_id)
    JOIN ${table} e ON newsgraph_name_keys(e."name", e."aliases") @> ARRAY[newsgraph_name_key(c.name)]
    WHERE newsgraph_name_key(c.name) LIKE '% %'
      AND NOT EXISTS (SELECT 1 FROM ${table} own WHERE own."slug" = c.slug)
      AND (c.wikidata_id IS NULL OR e."wikidata_id" IS NULL OR e."wikidata_id" = c.wikidata_id)
    GROUP BY c.slug
    HAVING count(DISTINCT e."id") = 1`;
  return new Map(rows.map((r) => [r.slug, r.target]));
}

/** Document slug → stored slug for places, by feature id, then (countries) by ISO country code. */
export async function resolvePlaces(tx: Tx, places: ArticleDocument['places']): Promise<Map<string, string>> {
  const candidates = places.filter((p) => p.featureId !== undefined || (p.kind === 'COUNTRY' && p.countryCode !== undefined));
  if (!candidates.length) return new Map();
  const rows = await tx.$queryRaw<Array<{ slug: string; by_feature: string | null; by_country: string | null; own_feature: string | null; own_exists: boolean }>>`
    SELECT c.slug,
      (SELECT e."slug" FROM "place" e WHERE e."feature_id" = c.feature_id) AS by_feature,
      (SELECT e."slug" FROM "place" e WHERE c.kind = 'COUNTRY' AND e."kind" = 'COUNTRY' AND e."country_code" = c.country_code
        ORDER BY e."slug" = c.slug DESC, e."id" LIMIT 1) AS by_country,
      own."feature_id" AS own_feature, own."id" IS NOT NULL AS own_exists
    FROM unnest(${candidates.map((p) => p.slug)}::text[], ${candidates.map((p) => p.featureId ?? null)}::text[],
                ${candidates.map((p) => p.countryCode ?? null)}::text[], ${candidates.map((p) => p.kind ?? null)}::text[])
      AS c(slug, feature_id, country_code, kind)
    LEFT JOIN "place" own ON own."slug" = c.slug`;
  const redirects = new Map<string, string>();
  const bySlug = new Map(candidates.map((p) => [p.slug, p]));
  for (const r of rows) {
    const featureId = bySlug.get(r.slug)!.featureId;
    if (r.by_feature) redirects.set(r.slug, r.by_feature);
    else if (featureId && r.own_feature && r.own_feature !== featureId) {
      // Two features with one name ("Springfield, …"): keep them apart, deterministically.
      redirects.set(r.slug, `${r.slug}-${slugify(featureId)}`.slice(0, 120).replace(/-+$/, ''));
    } else if (r.by_country && !r.own_exists) redirects.set(r.slug, r.by_country);
  }
  return redirects;
}

/** The id of a stored source with this domain under another slug, if any. */
export async function sourceByDomain(tx: Tx, slug: string, domain: string | undefined): Promise<number | null> {
  if (!domain) return null;
  const [row] = await tx.$queryRaw<Array<{ id: number }>>`
    SELECT "id" FROM "source" WHERE "domain" = ${domain}
      AND NOT EXISTS (SELECT 1 FROM "source" own WHERE own."slug" = ${slug})
    ORDER BY "id" LIMIT 1`;
  return row?.id ?? null;
}
