/**
 * Merging duplicate entities: every reference to the merged person or organization moves to the
 * survivor, the merged one's names become the survivor's aliases, and the merge is recorded with a
 * snapshot of the merged row (the audit trail). One transaction: all of it happens, or none.
 */
import { Prisma, type Db } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import type { MergeRecord } from '../generated/prisma/client.js';

export type MergeableType = 'person' | 'organization';

export interface MergeRequest {
  type: MergeableType;
  survivorId: number;
  mergedId: number;
  actor: string;
  apiKeyId: number | null;
  reason?: string | null;
}

export type MergeResult =
  | { ok: true; survivorId: number; record: MergeRecord }
  | { ok: false; field: string; code: 'NOT_FOUND' | 'SAME_ENTITY'; message: string };

type Tx = Prisma.TransactionClient;

/** Columns (table, column) that point at a person or an organization and simply move over. */
const SIMPLE_REFERENCES: Record<MergeableType, Array<[string, string]>> = {
  person: [
    ['mention', 'person_id'],
    ['quote', 'speaker_id'],
    ['declaration_signatory', 'person_id'],
    ['event_participant', 'person_id'],
  ],
  organization: [
    ['mention', 'organization_id'],
    ['quote', 'setting_organization_id'],
    ['declaration_signatory', 'organization_id'],
    ['event_participant', 'organization_id'],
    ['organization', 'parent_id'],
  ],
};

export async function mergeEntities(db: Db, req: MergeRequest): Promise<MergeResult> {
  if (req.survivorId === req.mergedId) {
    return { ok: false, field: 'mergedId', code: 'SAME_ENTITY', message: 'An entity cannot be merged into itself' };
  }
  return db.$transaction(async (tx) => {
    const table = Prisma.raw(`"${req.type}"`);
    // Lock both rows in id order, so two opposite merges running at once cannot deadlock.
    const rows = await tx.$queryRaw<Array<Record<string, unknown> & { id: number }>>`
      SELECT * FROM ${table} WHERE "id" IN (${req.survivorId}, ${req.mergedId}) ORDER BY "id" FOR UPDATE`;
    const survivor = rows.find((r) => r.id === req.survivorId);
    const merged = rows.find((r) => r.id === req.mergedId);
    if (!survivor) return notFound('survivorId', req.type);
    if (!merged) return notFound('mergedId', req.type);

    await moveReferences(tx, req);
    await absorbNames(tx, req, merged);
    const record = await tx.mergeRecord.create({
      data: {
        entityType: req.type,
        survivorId: req.survivorId,
        mergedId: req.mergedId,
        mergedSlug: String(merged.slug),
        snapshot: JSON.parse(JSON.stringify(merged)) as Prisma.InputJsonValue,
        apiKeyId: req.apiKeyId,
        actor: req.actor,
        reason: req.reason ?? null,
      },
    });
    await tx.$executeRaw`DELETE FROM ${table} WHERE "id" = ${req.mergedId}`;
    return { ok: true as const, survivorId: req.survivorId, record };
  });
}

function notFound(field: string, type: MergeableType): MergeResult {
  return { ok: false, field, code: 'NOT_FOUND', message: `No ${type} with that id` };
}

async function moveReferences(tx: Tx, req: MergeRequest): Promise<void> {
  for (const [table, column] of SIMPLE_REFERENCES[req.type]) {
    await tx.$executeRawUnsafe(`UPDATE "${table}" SET "${column}" = $1 WHERE "${column}" = $2`, req.survivorId, req.mergedId);
  }
  // Rows with a uniqueness constraint would collide: keep the survivor's, drop the merged duplicate.
  if (req.type === 'person') {
    await tx.$executeRaw`
      INSERT INTO "article_author" ("article_id", "person_id", "position")
      SELECT "article_id", ${req.survivorId}, "position" FROM "article_author" WHERE "person_id" = ${req.mergedId}
      ON CONFLICT DO NOTHING`;
    await tx.$executeRaw`DELETE FROM "article_author" WHERE "person_id" = ${req.mergedId}`;
  }
  const column = Prisma.raw(req.type === 'person' ? '"person_id"' : '"organization_id"');
  await tx.$executeRaw`
    DELETE FROM "affiliation" m USING "affiliation" s
    WHERE m.${column} = ${req.mergedId} AND s.${column} = ${req.survivorId}
      AND m."title" = s."title"
      AND ${req.type === 'person' ? Prisma.sql`m."organization_id" = s."organization_id"` : Prisma.sql`m."person_id" = s."person_id"`}`;
  await tx.$executeRaw`UPDATE "affiliation" SET ${column} = ${req.survivorId} WHERE ${column} = ${req.mergedId}`;
}

/** The merged entity's name and aliases become aliases of the survivor; a missing Wikidata id moves over. */
async function absorbNames(tx: Tx, req: MergeRequest, merged: Record<string, unknown>): Promise<void> {
  const table = Prisma.raw(`"${req.type}"`);
  const names = [merged.name as string, ...((merged.aliases as string[] | null) ?? [])];
  await tx.$executeRaw`UPDATE ${table} SET "wikidata_id" = NULL WHERE "id" = ${req.mergedId}`;
  await tx.$executeRaw`
    UPDATE ${table} SET
      "aliases" = (SELECT coalesce(array_agg(DISTINCT a ORDER BY a), '{}') FROM unnest(coalesce("aliases", '{}') || ${names}::text[]) a WHERE a <> "name"),
      "wikidata_id" = coalesce("wikidata_id", ${(merged.wikidata_id as string | null) ?? null})
    WHERE "id" = ${req.survivorId}`;
}

/** Merge records touching an entity, newest first: how it came to be what it is. */
export async function mergesOf(db: Reader, type: MergeableType, ids: readonly number[]): Promise<MergeRecord[]> {
  return db.$queryRaw<MergeRecord[]>`
    SELECT "id", "entity_type" AS "entityType", "survivor_id" AS "survivorId", "merged_id" AS "mergedId",
      "merged_slug" AS "mergedSlug", "snapshot", "api_key_id" AS "apiKeyId", "actor", "reason", "created_at" AS "createdAt"
    FROM "merge_record" WHERE "entity_type" = ${type} AND "survivor_id" = ANY(${[...ids]}::int[]) ORDER BY "id" DESC`;
}

/**
 * Slugs that no longer name a live entity because it was merged away, mapped to the entity that
 * survived (following chains of merges, newest merge first). The one place merge chains are
 * followed: by the writer (re-importing an old document must not resurrect a duplicate), by
 * `person(slug:)`/`organization(slug:)`, and by every filter that takes a slug.
 */
export async function survivorsOfSlugs(
  db: Reader,
  type: MergeableType,
  slugs: readonly string[],
): Promise<Map<string, { id: number; slug: string }>> {
  if (!slugs.length) return new Map();
  const table = Prisma.raw(`"${type}"`);
  const rows = await db.$queryRaw<Array<{ slug: string; id: number; survivor_slug: string }>>`
    WITH RECURSIVE chain AS (
      SELECT m."merged_slug" AS slug, m."survivor_id" AS id, 0 AS hops
      FROM (SELECT DISTINCT ON ("merged_slug") "merged_slug", "survivor_id" FROM "merge_record"
            WHERE "entity_type" = ${type} AND "merged_slug" = ANY(${[...slugs]}::text[])
            ORDER BY "merged_slug", "id" DESC) m
      WHERE NOT EXISTS (SELECT 1 FROM ${table} live WHERE live."slug" = m."merged_slug")
      UNION ALL
      SELECT c.slug, n."survivor_id", c.hops + 1 FROM chain c
      JOIN LATERAL (SELECT "survivor_id" FROM "merge_record" WHERE "entity_type" = ${type} AND "merged_id" = c.id
                    ORDER BY "id" DESC LIMIT 1) n ON true
      WHERE c.hops < 20
    )
    SELECT DISTINCT ON (c.slug) c.slug, e."id", e."slug" AS survivor_slug
    FROM chain c JOIN ${table} e ON e."id" = c.id ORDER BY c.slug, c.hops DESC`;
  return new Map(rows.map((r) => [r.slug, { id: r.id, slug: r.survivor_slug }]));
}

/** Where a merged-away slug went: the survivor's id. */
export async function survivorOfSlug(db: Reader, type: MergeableType, slug: string): Promise<number | null> {
  return (await survivorsOfSlugs(db, type, [slug])).get(slug)?.id ?? null;
}
