/**
 * Stores one validated article document in Postgres.
 *
 * All of it happens in one transaction: a failure anywhere leaves nothing half-written.
 *
 * What the document owns and what it shares:
 * - The article and what exists only as this article states it (byline, mentions, quotes, events)
 *   are replaced wholesale on every write.
 * - Entities (places, organizations, people, declarations) are shared by every article that names
 *   them, so they are upserted by slug and only ever *filled in*: a stored value stays, a document
 *   adds what is missing, names and aliases accumulate (a different name becomes an alias). One
 *   article must not silently rewrite what another established, or what a merge decided.
 * - Facts about the world (affiliations, declaration relations, provisions, signatories) are
 *   upserted on their natural keys. Their provenance (`article_id` + evidence offsets) belongs to
 *   the first article that stated them; when that article is re-imported it re-asserts (or gives
 *   up) that provenance, so offsets always index into the current body.
 *
 * Entity resolution (src/services/ingest/resolve.ts) maps a document's slug to the stored entity
 * it is when the slug alone does not say: the same normalized name or alias (people,
 * organizations), gazetteer feature id or country code (places), domain (sources).
 *
 * Concurrency: writes of one URL are serialized by an advisory lock; entities are upserted with
 * INSERT ... ON CONFLICT (slug) DO UPDATE, always in the same order (places, organizations,
 * people, declarations, each by slug), so two overlapping documents queue behind each other's row
 * locks instead of creating duplicates or deadlocking. A deadlock Postgres still detects (a rare
 * interleaving with provenance release) is retried: the write is idempotent.
 */
import { createHash } from 'node:crypto';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.js';
import type {
  AffiliationFact,
  ArticleDocument,
  DeclarationEntity,
  DeclarationRelationFact,
  EventFact,
  EvidenceSpan,
  OrganizationEntity,
  PersonEntity,
  PlaceEntity,
  QuoteFact,
  Tone,
} from '../../ingest/document.js';
import { canonicalJson } from '../../ingest/format.js';
import { survivorsOfSlugs, type MergeableType } from '../merge.js';
import { resolveByName, resolvePlaces, sourceByDomain } from './resolve.js';
import { parsePartialDate, partialDateStart, type DatePrecision } from '../../lib/partialDate.js';

export type WriteStatus = 'inserted' | 'updated' | 'unchanged';

export interface WriteResult {
  status: WriteStatus;
  articleId: number;
}

type Tx = Prisma.TransactionClient;
type EntityType = 'place' | 'organization' | 'person' | 'declaration';
type SlugIds = Map<string, number>;
type Ids = Record<EntityType, SlugIds>;

/**
 * Part of the content hash: bump it when the writer starts storing documents differently, so
 * re-importing an unchanged document rewrites it instead of reporting 'unchanged'.
 */
export const WRITER_VERSION = 1;

const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 60_000 };
const MAX_ATTEMPTS = 3;

/** sha256 of the canonical JSON of the document (minus `$schema`, which is only an editor hint). */
export function documentHash(doc: ArticleDocument): string {
  const { $schema: _editorHint, ...content } = doc;
  return createHash('sha256')
    .update(`newsgraph-document/${doc.version}/writer-${WRITER_VERSION}\n`)
    .update(canonicalJson(content))
    .digest('hex');
}

/**
 * The document contradicts stored data on a unique key the document does not decide, e.g. a
 * Wikidata id that already belongs to another entity, or a (feed, externalId) another article
 * has. Nothing was written. Callers can report it as a conflict rather than an internal error.
 */
export class DocumentConflictError extends Error {
  override name = 'DocumentConflictError';
  constructor(
    /** The violated unique index, e.g. `person_wikidata_id_key`. */
    readonly constraint: string,
    options?: { cause?: unknown },
  ) {
    super(`the document conflicts with stored data: another row already has the same ${describeConstraint(constraint)}`, options);
  }
}

const CONSTRAINTS: Record<string, string> = {
  article_feed_external_id_key: 'article feed and externalId',
  person_wikidata_id_key: 'person Wikidata id',
  organization_wikidata_id_key: 'organization Wikidata id',
  place_wikidata_id_key: 'place Wikidata id',
  declaration_wikidata_id_key: 'declaration Wikidata id',
};

function describeConstraint(constraint: string): string {
  return CONSTRAINTS[constraint] ?? `key (${constraint})`;
}

/** Writes one document (already validated with parseArticleDocument). */
export async function writeDocument(prisma: PrismaClient, doc: ArticleDocument): Promise<WriteResult> {
  const hash = documentHash(doc);
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction((tx) => writeInTransaction(tx, doc, hash), TRANSACTION_OPTIONS);
    } catch (err) {
      if (attempt < MAX_ATTEMPTS && isRetryable(err)) continue;
      const constraint = uniqueViolation(err);
      throw constraint ? new DocumentConflictError(constraint, { cause: err }) : err;
    }
  }
}

/** Writes documents one after another (in order, so later documents fill in after earlier ones). */
export async function writeDocuments(prisma: PrismaClient, docs: readonly ArticleDocument[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (const doc of docs) results.push(await writeDocument(prisma, doc));
  return results;
}

async function writeInTransaction(tx: Tx, doc: ArticleDocument, hash: string): Promise<WriteResult> {
  const { url } = doc.article;
  // Two writers of the same URL take turns; the second then sees the first's hash.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`newsgraph:article:${url}`}, 0))`;
  const [existing] = await tx.$queryRaw<Array<{ id: number; content_hash: string | null }>>`
    SELECT "id", "content_hash" FROM "article" WHERE "url" = ${url}`;
  if (existing && existing.content_hash === hash) return { status: 'unchanged', articleId: existing.id };

  const sourceId = await upsertSource(tx, doc.article.source);
  const ids = await upsertEntities(tx, doc);
  const articleId = await upsertArticle(tx, doc, sourceId, hash);
  if (existing) await clearArticle(tx, articleId);

  await writeTopics(tx, articleId, doc.article.topics ?? []);
  await writeTone(tx, articleId, doc.article.tone);
  await writeAuthors(tx, articleId, doc.article.authors, ids.person);
  await writeMentions(tx, articleId, doc, ids);
  await writeQuotes(tx, articleId, doc.quotes, ids);
  await writeEvents(tx, articleId, doc.events, ids);
  await claimDeclarations(tx, articleId, doc.declarations, ids.declaration);
  await writeAffiliations(tx, articleId, doc.affiliations, ids);
  await writeDeclarationRelations(tx, articleId, doc.declarationRelations, ids.declaration);
  for (const d of doc.declarations) {
    const declarationId = ids.declaration.get(d.slug)!;
    await writeProvisions(tx, articleId, declarationId, d.provisions);
    await writeSignatories(tx, articleId, declarationId, d.signatories, ids);
  }
  return { status: existing ? 'updated' : 'inserted', articleId };
}

// ---------------------------------------------------------------------------------------------
// Small SQL helpers
// ---------------------------------------------------------------------------------------------

/** A partial date as the (date, precision) column pair; SQL NULLs when absent. */
function dateColumns(value: string | undefined): [string | null, DatePrecision | null] {
  if (value === undefined) return [null, null];
  return [partialDateStart(value), parsePartialDate(value).precision];
}

function evidenceColumns(e: EvidenceSpan | undefined): [number | null, number | null] {
  return e ? [e.start, e.end] : [null, null];
}

/** Names that should be aliases: unique, in order, without the name itself. */
function cleanAliases(name: string, aliases: readonly string[]): string[] {
  return [...new Set(aliases)].filter((a) => a !== name);
}

/**
 * The alias union for an ON CONFLICT update of `t`: stored aliases, then the document's, then the
 * document's name when it differs from the stored one; never the stored name itself; first
 * occurrence wins the order.
 */
function mergedAliases(nameColumn: 'name' | 'title'): Prisma.Sql {
  const name = Prisma.raw(`"${nameColumn}"`);
  return Prisma.sql`ARRAY(
    SELECT u.a FROM unnest(t."aliases" || EXCLUDED."aliases" || ARRAY[EXCLUDED.${name}]) WITH ORDINALITY AS u(a, i)
    WHERE u.a <> t.${name} GROUP BY u.a ORDER BY min(u.i))`;
}

/** Inserts many rows in one statement (chunked to stay far below Postgres' parameter limit). */
async function insertRows(tx: Tx, head: Prisma.Sql, rows: Prisma.Sql[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await tx.$executeRaw`${head} VALUES ${Prisma.join(rows.slice(i, i + 500))}`;
  }
}

/** The unique index a Postgres 23505 error names, as Prisma's driver adapter reports it. */
function uniqueViolation(err: unknown): string | null {
  const cause = (err as { meta?: { driverAdapterError?: { cause?: { kind?: string; constraint?: { index?: string } } } } })?.meta
    ?.driverAdapterError?.cause;
  if (cause?.kind === 'UniqueConstraintViolation' && cause.constraint?.index) return cause.constraint.index;
  return /23505[\s\S]*unique constraint "([^"]+)"/.exec(flatten(err))?.[1] ?? null;
}

function isRetryable(err: unknown): boolean {
  const text = flatten(err);
  // A place feature id another writer claimed at the same moment under another spelling: on the
  // next attempt resolvePlaces finds that place.
  return /40P01|deadlock detected|40001|could not serialize access/i.test(text) || uniqueViolation(err) === 'place_feature_id_key';
}

function flatten(err: unknown, depth = 0): string {
  if (typeof err === 'string') return err;
  if (!err || typeof err !== 'object' || depth > 5) return '';
  const e = err as { message?: string; code?: string; meta?: unknown; cause?: unknown };
  return [e.code, e.message, e.meta ? JSON.stringify(e.meta) : '', flatten(e.cause, depth + 1)].filter(Boolean).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Source and article
// ---------------------------------------------------------------------------------------------

async function upsertSource(tx: Tx, source: ArticleDocument['article']['source']): Promise<number> {
  // One publisher, one source: a feed that names it by domain meets the one a document named.
  const sameDomain = await sourceByDomain(tx, source.slug, source.domain);
  if (sameDomain !== null) return sameDomain;
  const [row] = await tx.$queryRaw<Array<{ id: number }>>`
    INSERT INTO "source" AS t ("slug", "name", "domain") VALUES (${source.slug}, ${source.name}, ${source.domain ?? null})
    ON CONFLICT ("slug") DO UPDATE SET "domain" = COALESCE(t."domain", EXCLUDED."domain")
    RETURNING "id"`;
  return row.id;
}

/** The article row is the document's own: every field is replaced. */
async function upsertArticle(tx: Tx, doc: ArticleDocument, sourceId: number, hash: string): Promise<number> {
  const a = doc.article;
  // A bare date is midnight UTC; a date-time keeps its offset.
  const publishedAt = /^\d{4}-\d{2}-\d{2}$/.test(a.publishedAt) ? `${a.publishedAt}T00:00:00Z` : a.publishedAt;
  const [row] = await tx.$queryRaw<Array<{ id: number }>>`
    INSERT INTO "article" ("url", "title", "body", "published_at", "language", "source_id", "feed", "external_id", "content_hash")
    VALUES (${a.url}, ${a.title}, ${a.body}, ${publishedAt}::timestamptz, ${a.language}, ${sourceId}, ${a.feed},
            ${a.externalId ?? null}, ${hash})
    ON CONFLICT ("url") DO UPDATE SET
      "title" = EXCLUDED."title", "body" = EXCLUDED."body", "published_at" = EXCLUDED."published_at",
      "language" = EXCLUDED."language", "source_id" = EXCLUDED."source_id", "feed" = EXCLUDED."feed",
      "external_id" = EXCLUDED."external_id", "content_hash" = EXCLUDED."content_hash", "updated_at" = CURRENT_TIMESTAMP
    RETURNING "id"`;
  return row.id;
}

/**
 * Before rewriting an article: drop what exists only through it, and release the provenance it
 * holds on shared facts (re-claimed below for the facts the new version still states). Provisions
 * and signatories it recorded are dropped and re-inserted, since they have no natural key to
 * upsert on beyond their declaration.
 */
async function clearArticle(tx: Tx, articleId: number): Promise<void> {
  await tx.$executeRaw`DELETE FROM "article_author" WHERE "article_id" = ${articleId}`;
  await tx.$executeRaw`DELETE FROM "article_topic" WHERE "article_id" = ${articleId}`;
  await tx.$executeRaw`DELETE FROM "article_tone" WHERE "article_id" = ${articleId}`;
  await tx.$executeRaw`DELETE FROM "mention" WHERE "article_id" = ${articleId}`;
  await tx.$executeRaw`DELETE FROM "quote" WHERE "article_id" = ${articleId}`;
  await tx.$executeRaw`DELETE FROM "event" WHERE "article_id" = ${articleId}`; // participants cascade
  await tx.$executeRaw`DELETE FROM "declaration_provision" WHERE "article_id" = ${articleId}`;
  await tx.$executeRaw`DELETE FROM "declaration_signatory" WHERE "article_id" = ${articleId}`;
  for (const table of ['affiliation', 'declaration_relation', 'declaration'] as const) {
    await tx.$executeRaw`UPDATE ${Prisma.raw(`"${table}"`)}
      SET "article_id" = NULL, "evidence_start" = NULL, "evidence_end" = NULL WHERE "article_id" = ${articleId}`;
  }
}

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
async function mergedSlugRedirects(tx: Tx, type: MergeableType, slugs: string[]): Promise<Map<string, string>> {
  const survivors = await survivorsOfSlugs(tx, type, slugs);
  return new Map([...survivors].map(([slug, survivor]) => [slug, survivor.slug]));
}

async function upsertEntities(tx: Tx, doc: ArticleDocument): Promise<Ids> {
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

interface Written {
  /** Document slug → id. */
  ids: SlugIds;
  /** Ids of rows that already had a parent before this write. */
  hasParent: Set<number>;
}
type Row<T> = T & { target: string };
type UpsertBatch<T> = (rows: Array<Row<T>>) => Promise<Array<{ id: number; slug: string; parent_id: number | null }>>;

/**
 * Writes entities in as few statements as possible: one multi-row upsert per round, rows in slug
 * order. Two document entities can lead to one row (a merged slug and its survivor, or two names
 * resolved to one person); one statement may not update a row twice, so the second goes in a
 * second round (a row this transaction already holds, so the lock order is kept).
 */
async function upsertInRounds<T extends { slug: string }>(
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
function aliasColumn(rows: ReadonlyArray<{ name: string; aliases: readonly string[] }>): string[] {
  return rows.map((r) => JSON.stringify(cleanAliases(r.name, r.aliases)));
}

const ALIASES_FROM_JSON = Prisma.sql`ARRAY(SELECT jsonb_array_elements_text(i.aliases::jsonb))`;

function upsertPlaces(tx: Tx, rows: Array<Row<PlaceEntity>>) {
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

function upsertOrganizations(tx: Tx, rows: Array<Row<OrganizationEntity>>, places: Written) {
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

function upsertPeople(tx: Tx, rows: Array<Row<PersonEntity>>, places: Written) {
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
function bySlug<T extends { slug: string }>(items: readonly T[], redirects?: Map<string, string>): T[] {
  const key = (t: T) => redirects?.get(t.slug) ?? t.slug;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * A stored signing date is kept, except that a more precise date inside its period refines it
 * ("2021" becomes "2021-06-15"); a contradicting date does not overwrite it.
 */
async function upsertDeclaration(tx: Tx, d: DeclarationEntity, places: SlugIds): Promise<number> {
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
async function linkParent(tx: Tx, type: 'place' | 'organization', id: number, parentId: number): Promise<void> {
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

// ---------------------------------------------------------------------------------------------
// What exists only through the article
// ---------------------------------------------------------------------------------------------

async function writeAuthors(tx: Tx, articleId: number, authors: readonly string[], people: SlugIds): Promise<void> {
  const rows = authors.map((slug, position) => Prisma.sql`(${articleId}, ${people.get(slug)!}, ${position})`);
  // Two author slugs can lead to one person (a merged duplicate): keep the first position.
  if (rows.length) await tx.$executeRaw`INSERT INTO "article_author" ("article_id", "person_id", "position") VALUES ${Prisma.join(rows)} ON CONFLICT DO NOTHING`;
}

async function writeMentions(tx: Tx, articleId: number, doc: ArticleDocument, ids: Ids): Promise<void> {
  const rows: Prisma.Sql[] = [];
  const add = (kind: string, type: EntityType, slug: string, mentions: readonly EvidenceSpan[]) => {
    const id = ids[type].get(slug)!;
    const column = (t: EntityType) => (t === type ? id : null);
    for (const m of mentions) {
      rows.push(Prisma.sql`(${articleId}, ${kind}::"MentionKind", ${column('person')}::int, ${column('organization')}::int,
        ${column('place')}::int, ${column('declaration')}::int, ${m.start}, ${m.end})`);
    }
  };
  for (const p of doc.places) add('PLACE', 'place', p.slug, p.mentions);
  for (const p of doc.people) add('PERSON', 'person', p.slug, p.mentions);
  for (const o of doc.organizations) add('ORGANIZATION', 'organization', o.slug, o.mentions);
  for (const d of doc.declarations) add('DECLARATION', 'declaration', d.slug, d.mentions);
  await insertRows(
    tx,
    Prisma.sql`INSERT INTO "mention" ("article_id", "kind", "person_id", "organization_id", "place_id", "declaration_id", "start", "end")`,
    rows,
  );
}

async function writeTopics(tx: Tx, articleId: number, topics: readonly string[]): Promise<void> {
  if (!topics.length) return;
  await tx.$executeRaw`
    INSERT INTO "article_topic" ("article_id", "topic", "position")
    SELECT ${articleId}, t.topic, t.ord - 1 FROM unnest(${[...topics]}::text[]) WITH ORDINALITY AS t(topic, ord)
    ON CONFLICT DO NOTHING`;
}

async function writeTone(tx: Tx, articleId: number, tone: Tone | undefined): Promise<void> {
  if (!tone) return;
  await tx.$executeRaw`
    INSERT INTO "article_tone" ("article_id", "tone", "positive", "negative", "polarity", "activity_density", "self_group_density", "word_count")
    VALUES (${articleId}, ${tone.tone}, ${tone.positive}, ${tone.negative}, ${tone.polarity}, ${tone.activityDensity},
            ${tone.selfGroupDensity}, ${tone.wordCount})`;
}

async function writeQuotes(tx: Tx, articleId: number, quotes: readonly QuoteFact[], ids: Ids): Promise<void> {
  const rows = quotes.map((q) => {
    const [saidOn, precision] = dateColumns(q.saidOn);
    const [start, end] = evidenceColumns(q.evidence);
    const speakerId = q.speaker ? ids.person.get(q.speaker)! : null;
    const settingId = q.settingOrganization ? ids.organization.get(q.settingOrganization)! : null;
    return Prisma.sql`(${articleId}, ${speakerId}::int, ${q.speakerName ?? null}, ${q.text}, ${saidOn}::date,
      ${precision}::"DatePrecision", ${q.setting ?? null}, ${q.verb ?? null}, ${settingId}::int, ${start}::int, ${end}::int)`;
  });
  await insertRows(
    tx,
    Prisma.sql`INSERT INTO "quote" ("article_id", "speaker_id", "speaker_name", "text", "said_on", "said_precision",
      "setting", "verb", "setting_organization_id", "evidence_start", "evidence_end")`,
    rows,
  );
}

async function writeEvents(tx: Tx, articleId: number, events: readonly EventFact[], ids: Ids): Promise<void> {
  for (const e of events) {
    const [occurredOn, precision] = dateColumns(e.occurredOn);
    const [start, end] = evidenceColumns(e.evidence);
    const placeId = e.place ? ids.place.get(e.place)! : null;
    const [row] = await tx.$queryRaw<Array<{ id: number }>>`
      INSERT INTO "event" ("article_id", "kind", "title", "summary", "occurred_on", "occurred_precision", "place_id",
                           "topics", "award", "evidence_start", "evidence_end")
      VALUES (${articleId}, ${e.kind}::"EventKind", ${e.title}, ${e.summary ?? null}, ${occurredOn}::date,
              ${precision}::"DatePrecision", ${placeId}::int, ${e.topics}::text[], ${e.award ?? null}, ${start}::int, ${end}::int)
      RETURNING "id"`;
    const participants = e.participants.map((p) => {
      const personId = p.person ? ids.person.get(p.person)! : null;
      const organizationId = p.organization ? ids.organization.get(p.organization)! : null;
      return Prisma.sql`(${row.id}, ${personId}::int, ${organizationId}::int, ${p.role ?? null})`;
    });
    await insertRows(tx, Prisma.sql`INSERT INTO "event_participant" ("event_id", "person_id", "organization_id", "role")`, participants);
  }
}

// ---------------------------------------------------------------------------------------------
// Facts about the world: upserted on their natural keys, provenance to the first stating article
// ---------------------------------------------------------------------------------------------

/** A declaration's own provenance: the first article that states it (and where). */
async function claimDeclarations(tx: Tx, articleId: number, declarations: readonly DeclarationEntity[], ids: SlugIds): Promise<void> {
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
async function writeAffiliations(tx: Tx, articleId: number, affiliations: readonly AffiliationFact[], ids: Ids): Promise<void> {
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
async function writeDeclarationRelations(
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
async function writeProvisions(
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
async function writeSignatories(
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
