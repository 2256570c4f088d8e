/**
 * One bulk batch in one transaction: lock the batch's URLs, skip what is stored unchanged, look
 * up entities, plan in memory (plan.ts), COPY the entity and article rows into temporary staging
 * tables and upsert them with one INSERT … SELECT … ON CONFLICT per table, then COPY what exists
 * only through the articles (mentions, topics, tone, quotes, bylines) and number the changes.
 *
 * The guarantees are writeDocument's (src/import/write/index.ts), by the same means: the same
 * per-URL advisory locks (taken in one global order, before any row lock, so batches and single
 * writers queue instead of deadlocking), the same unique keys for entities (slug, place feature
 * id), the same content hash (an unchanged article is not touched, and gets no change number),
 * and the same change-order lock, held to the commit. writeDocument takes it as its last step;
 * a batch takes it just before its article rows, which get their change numbers as they are
 * written (one write of each article, not an insert and then an update of every one). After it
 * the batch only writes rows no other writer can hold (its own articles, under its URL locks,
 * and their child rows, whose entities it has locked already), so it waits for no one while
 * holding it, and cannot deadlock on it.
 */
import type pg from 'pg';
import type { ArticleDocument } from '../../document/document.js';
import { ARTICLE_CHANGES_CHANNEL, CHANGE_ORDER_LOCK } from '../../db/changes.js';
import { dateColumns, evidenceColumns } from '../write/sql.js';
import { copyRows, type CopyValue } from './copy.js';
import { timed, type PhaseTimes } from './phases.js';
import { lookupKeys, planBatch, type EntityRow, type Lookups, type NamedType, type Plan, type StoredPlace, type StoredSource } from './plan.js';

export interface BatchDoc {
  doc: ArticleDocument;
  hash: string;
}

export type BatchStatus = 'inserted' | 'updated' | 'unchanged';

export interface BatchOptions {
  /** Skip the foreign-key checks of the child rows (copyChildren); only where mayDisableTriggers said so. */
  skipChecks?: boolean;
  phases?: PhaseTimes;
}

/**
 * The bulk writer's session (its connection is its own):
 * - `synchronous_commit = off`: a batch's COMMIT does not wait for its WAL to reach disk. A crash
 *   can lose the last few committed batches, never half of one (the WAL is still written in
 *   order, so the database stays consistent), and a lost batch is simply imported again by the
 *   rerun, which skips what did survive by content hash: the same guarantee as a killed import.
 *   The import's end waits for the disk once (BulkWriter.drain), so a finished import is durable.
 * - `jit = off`: the batch statements' row estimates (unnest, recursive CTEs) cross the JIT cost
 *   threshold, and compiling them took longer than running them (220 ms of a 330 ms statement).
 */
export const SESSION_SETTINGS = 'SET synchronous_commit = off; SET jit = off;';

/** Temporary staging tables, one set per session; emptied at every commit. */
export const STAGING_DDL = `
  CREATE TEMP TABLE IF NOT EXISTS bulk_entity (
    ord int, slug text, name text, aliases text, kind text, country_code text, latitude float8, longitude float8,
    feature_id text, description text) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS bulk_article (
    ord int, url text, title text, body text, published_at timestamptz, language text, source_id int, feed text,
    external_id text, content_hash text) ON COMMIT DELETE ROWS;`;

/** Writes one batch (no URL twice); returns each document's status, in order. */
export async function writeBatch(client: pg.ClientBase, docs: readonly BatchDoc[], opts: BatchOptions = {}): Promise<BatchStatus[]> {
  await client.query('BEGIN');
  try {
    const statuses = await writeInTransaction(client, docs, opts);
    await timed(opts.phases, 'commit', () => client.query('COMMIT'));
    return statuses;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

async function writeInTransaction(client: pg.ClientBase, docs: readonly BatchDoc[], opts: BatchOptions): Promise<BatchStatus[]> {
  const { phases } = opts;
  const urls = docs.map((d) => d.doc.article.url);
  // writeInTransaction's lock, per URL, in one order for every batch.
  await timed(phases, 'url locks', () => client.query(
    `SELECT count(pg_advisory_xact_lock(k)) FROM (
       SELECT DISTINCT hashtextextended('newsgraph:article:' || u, 0) AS k FROM unnest($1::text[]) u ORDER BY 1) s`,
    [urls],
  ));
  const existing = new Map(
    (await timed(phases, 'stored hashes', () => client.query<{ id: number; url: string; content_hash: string | null }>(
      'SELECT "id", "url", "content_hash" FROM "article" WHERE "url" = ANY($1::text[])',
      [urls],
    ))).rows.map((r) => [r.url, r]),
  );
  const statuses: BatchStatus[] = docs.map((d) => {
    const row = existing.get(d.doc.article.url);
    return !row ? 'inserted' : row.content_hash === d.hash ? 'unchanged' : 'updated';
  });
  const changed = docs.filter((_, i) => statuses[i] !== 'unchanged');
  if (!changed.length) return statuses;

  const lookups = await timed(phases, 'entity lookups', () => lookUp(client, changed.map((d) => d.doc)));
  const plan = await timed(phases, 'plan (in memory)', async () => planBatch(changed, lookups));
  const sourceIds = await timed(phases, 'sources', () => upsertSources(client, plan));
  const ids = await timed(phases, 'entity upserts', () => upsertEntities(client, plan));
  await timed(phases, 'place parents', () => linkParents(client, plan, ids.place));
  // Rewritten articles lose what they held before the change-order lock: clearing updates shared
  // rows (a declaration's evidence) that another writer may hold.
  const updated = changed.filter((d) => existing.has(d.doc.article.url)).map((d) => existing.get(d.doc.article.url)!.id);
  if (updated.length) await timed(phases, 'clear rewritten', () => clearArticles(client, updated));
  await timed(phases, 'change-order lock', () => client.query('SELECT pg_advisory_xact_lock($1::bigint)', [CHANGE_ORDER_LOCK]));
  const articleIds = await timed(phases, 'article upsert', () => upsertArticles(client, plan, sourceIds));
  await timed(phases, 'child rows COPY', () => copyChildren(client, plan, articleIds.ids, ids, opts.skipChecks ?? false));
  await timed(phases, 'change notice', () => client.query('SELECT pg_notify($1, $2)', [ARTICLE_CHANGES_CHANNEL, String(articleIds.lastChange)]));
  return statuses;
}

// ---------------------------------------------------------------------------------------------
// Lookups: the stored state the plan starts from
// ---------------------------------------------------------------------------------------------

async function lookUp(client: pg.ClientBase, docs: readonly ArticleDocument[]): Promise<Lookups> {
  const keys = lookupKeys(docs);
  const redirects = { person: new Map<string, string>(), organization: new Map<string, string>() };
  const stored = { person: new Set<string>(), organization: new Set<string>() };
  for (const type of ['person', 'organization'] as const) {
    // The batch's own slugs that exist first (index probes): neither merge records nor names
    // resolve those, so the queries below only get the others.
    const slugs = [...keys.names[type].keys()];
    const own = await existingSlugs(client, type, slugs);
    const others = slugs.filter((s) => !own.has(s));
    for (const [slug, target] of await survivors(client, type, others)) redirects[type].set(slug, target);
    for (const [slug, target] of await byName(client, type, keys.names[type], own, redirects[type])) redirects[type].set(slug, target);
    const targets = [...new Set(slugs.map((s) => redirects[type].get(s) ?? s))].filter((s) => !own.has(s));
    stored[type] = new Set([...own, ...(await existingSlugs(client, type, targets))]);
  }
  const places = await client.query<StoredPlace>(
    `SELECT p."id", p."slug", p."feature_id", p."kind"::text AS kind, p."country_code", pp."slug" AS parent_slug,
            p."parent_id" IS NOT NULL AS has_parent
     FROM "place" p LEFT JOIN "place" pp ON pp."id" = p."parent_id"
     WHERE p."id" IN (SELECT "id" FROM "place" WHERE "slug" = ANY($1::text[])
                      UNION SELECT "id" FROM "place" WHERE "feature_id" = ANY($2::text[])
                      UNION SELECT "id" FROM "place" WHERE "kind" = 'COUNTRY' AND "country_code" = ANY($3::text[]))`,
    [keys.placeSlugs, keys.features, keys.countryCodes],
  );
  const sources = await client.query<StoredSource>(
    `SELECT "id", "slug", "domain" FROM "source" WHERE "slug" = ANY($1::text[]) OR "domain" = ANY($2::text[])`,
    [keys.sourceSlugs, keys.domains],
  );
  return { redirects, stored, places: places.rows, sources: sources.rows };
}

/** Merged-away slugs → their survivor's slug (services/merge.ts survivorsOfSlugs, set-based). */
async function survivors(client: pg.ClientBase, type: NamedType, slugs: string[]): Promise<Array<[string, string]>> {
  if (!slugs.length) return [];
  const { rows } = await client.query<{ slug: string; survivor_slug: string }>(
    `WITH RECURSIVE chain AS (
       SELECT m."merged_slug" AS slug, m."survivor_id" AS id, 0 AS hops
       FROM (SELECT DISTINCT ON ("merged_slug") "merged_slug", "survivor_id" FROM "merge_record"
             WHERE "entity_type" = $1 AND "merged_slug" = ANY($2::text[]) ORDER BY "merged_slug", "id" DESC) m
       WHERE NOT EXISTS (SELECT 1 FROM "${type}" live WHERE live."slug" = m."merged_slug")
       UNION ALL
       SELECT c.slug, n."survivor_id", c.hops + 1 FROM chain c
       JOIN LATERAL (SELECT "survivor_id" FROM "merge_record" WHERE "entity_type" = $1 AND "merged_id" = c.id
                     ORDER BY "id" DESC LIMIT 1) n ON true
       WHERE c.hops < 20)
     SELECT DISTINCT ON (c.slug) c.slug, e."slug" AS survivor_slug
     FROM chain c JOIN "${type}" e ON e."id" = c.id ORDER BY c.slug, c.hops DESC`,
    [type, slugs],
  );
  return rows.map((r) => [r.slug, r.survivor_slug]);
}

async function existingSlugs(client: pg.ClientBase, type: NamedType, slugs: string[]): Promise<Set<string>> {
  if (!slugs.length) return new Set();
  const { rows } = await client.query<{ slug: string }>(`SELECT "slug" FROM "${type}" WHERE "slug" = ANY($1::text[])`, [slugs]);
  return new Set(rows.map((r) => r.slug));
}

/**
 * resolve.ts resolveByName for the whole batch: a new slug (not stored: `own` lists those that
 * are; not redirected by a merge) whose name one stored entity has.
 */
async function byName(
  client: pg.ClientBase,
  type: NamedType,
  names: Map<string, Set<string>>,
  own: ReadonlySet<string>,
  redirected: ReadonlyMap<string, string>,
): Promise<Array<[string, string]>> {
  const slugs: string[] = [];
  const values: string[] = [];
  for (const [slug, set] of names) {
    if (own.has(slug) || redirected.has(slug)) continue;
    for (const n of set) {
      slugs.push(slug);
      values.push(n);
    }
  }
  if (!slugs.length) return [];
  const { rows } = await client.query<{ slug: string; target: string }>(
    `SELECT c.slug, min(e."slug") AS target
     FROM unnest($1::text[], $2::text[]) AS c(slug, name)
     JOIN "${type}" e ON newsgraph_name_keys(e."name", e."aliases") @> ARRAY[newsgraph_name_key(c.name)]
     WHERE newsgraph_name_key(c.name) LIKE '% %'
     GROUP BY c.slug
     HAVING count(DISTINCT e."id") = 1`,
    [slugs, values],
  );
  return rows.map((r) => [r.slug, r.target]);
}

// ---------------------------------------------------------------------------------------------
// Shared rows: sources and entities (filled in, never overwritten)
// ---------------------------------------------------------------------------------------------

async function upsertSources(client: pg.ClientBase, plan: Plan): Promise<Map<string, number>> {
  const rows = plan.sources;
  if (rows.length) {
    await client.query(
      `INSERT INTO "source" AS t ("slug", "name", "domain")
       SELECT i.slug, i.name, i.domain FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS i(slug, name, domain, ord)
       ORDER BY i.ord
       ON CONFLICT ("slug") DO UPDATE SET "domain" = COALESCE(t."domain", EXCLUDED."domain")
       WHERE t."domain" IS NULL AND EXCLUDED."domain" IS NOT NULL`,
      [rows.map((r) => r.slug), rows.map((r) => r.name), rows.map((r) => r.domain ?? null)],
    );
  }
  return idsOf(client, 'source', [...new Set(plan.docs.map((d) => d.source))]);
}

async function idsOf(client: pg.ClientBase, table: string, slugs: string[]): Promise<Map<string, number>> {
  if (!slugs.length) return new Map();
  const { rows } = await client.query<{ id: number; slug: string }>(`SELECT "id", "slug" FROM "${table}" WHERE "slug" = ANY($1::text[])`, [slugs]);
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** The alias union of upsertPlaces & co. (write/sql.ts mergedAliases). */
const MERGED_ALIASES = `ARRAY(SELECT u.a FROM unnest(t."aliases" || EXCLUDED."aliases" || ARRAY[EXCLUDED."name"]) WITH ORDINALITY AS u(a, i)
  WHERE u.a <> t."name" GROUP BY u.a ORDER BY min(u.i))`;

/**
 * Whether the batch adds a name to a stored row's aliases. Stored aliases are kept distinct and
 * without the name (every writer and merge.ts make them so), so nothing changes when every name
 * the batch contributes is already the name or an alias: an array containment test, before the
 * union, which sorts and groups the arrays, is computed for every conflicting row (about half
 * the rows of a batch; 5% of the entity upserts' time, see docs/ingest.md).
 */
const ALIASES_CHANGE = `(NOT (EXCLUDED."aliases" || ARRAY[EXCLUDED."name"]) <@ (t."aliases" || ARRAY[t."name"])
       AND t."aliases" IS DISTINCT FROM ${MERGED_ALIASES})`;

/** Per table: the columns staged, and the fill-in rules of write/entities.ts (with a WHERE that skips rows the batch does not change). */
const ENTITY_SQL: Record<'place' | NamedType, string> = {
  place: `
    INSERT INTO "place" AS t ("slug", "name", "aliases", "kind", "country_code", "latitude", "longitude", "feature_id")
    SELECT i.slug, i.name, ARRAY(SELECT jsonb_array_elements_text(i.aliases::jsonb)), COALESCE(i.kind::"PlaceKind", 'OTHER'),
           i.country_code, i.latitude, i.longitude, i.feature_id
    FROM bulk_entity i ORDER BY i.ord
    ON CONFLICT ("slug") DO UPDATE SET
      "aliases" = ${MERGED_ALIASES},
      "kind" = CASE WHEN t."kind" = 'OTHER' THEN EXCLUDED."kind" ELSE t."kind" END,
      "country_code" = COALESCE(t."country_code", EXCLUDED."country_code"),
      "latitude" = CASE WHEN t."latitude" IS NULL AND t."longitude" IS NULL THEN EXCLUDED."latitude" ELSE t."latitude" END,
      "longitude" = CASE WHEN t."latitude" IS NULL AND t."longitude" IS NULL THEN EXCLUDED."longitude" ELSE t."longitude" END,
      "feature_id" = COALESCE(t."feature_id", EXCLUDED."feature_id")
    WHERE ${ALIASES_CHANGE}
       OR (t."kind" = 'OTHER' AND EXCLUDED."kind" <> 'OTHER')
       OR (t."country_code" IS NULL AND EXCLUDED."country_code" IS NOT NULL)
       OR (t."latitude" IS NULL AND t."longitude" IS NULL AND (EXCLUDED."latitude" IS NOT NULL OR EXCLUDED."longitude" IS NOT NULL))
       OR (t."feature_id" IS NULL AND EXCLUDED."feature_id" IS NOT NULL)`,
  organization: `
    INSERT INTO "organization" AS t ("slug", "name", "aliases", "kind", "description")
    SELECT i.slug, i.name, ARRAY(SELECT jsonb_array_elements_text(i.aliases::jsonb)), COALESCE(i.kind::"OrganizationKind", 'OTHER'), i.description
    FROM bulk_entity i ORDER BY i.ord
    ON CONFLICT ("slug") DO UPDATE SET
      "aliases" = ${MERGED_ALIASES},
      "kind" = CASE WHEN t."kind" = 'OTHER' THEN EXCLUDED."kind" ELSE t."kind" END,
      "description" = COALESCE(t."description", EXCLUDED."description")
    WHERE ${ALIASES_CHANGE}
       OR (t."kind" = 'OTHER' AND EXCLUDED."kind" <> 'OTHER')
       OR (t."description" IS NULL AND EXCLUDED."description" IS NOT NULL)`,
  person: `
    INSERT INTO "person" AS t ("slug", "name", "aliases", "description")
    SELECT i.slug, i.name, ARRAY(SELECT jsonb_array_elements_text(i.aliases::jsonb)), i.description
    FROM bulk_entity i ORDER BY i.ord
    ON CONFLICT ("slug") DO UPDATE SET
      "aliases" = ${MERGED_ALIASES},
      "description" = COALESCE(t."description", EXCLUDED."description")
    WHERE ${ALIASES_CHANGE}
       OR (t."description" IS NULL AND EXCLUDED."description" IS NOT NULL)`,
};

const ENTITY_COLUMNS = ['ord', 'slug', 'name', 'aliases', 'kind', 'country_code', 'latitude', 'longitude', 'feature_id', 'description'];

function entityCopyRows(rows: readonly EntityRow[]): Array<CopyValue[]> {
  return rows.map((r, i) => [
    i, r.slug, r.name, JSON.stringify(r.aliases), r.kind, r.countryCode, r.latitude, r.longitude, r.featureId, r.description,
  ]);
}

/**
 * Places, then organizations, then people (writeDocument's order), each table in slug order, so
 * row locks are taken in the order every writer takes them.
 */
async function upsertEntities(client: pg.ClientBase, plan: Plan): Promise<Record<'place' | NamedType, Map<string, number>>> {
  const ids = { place: new Map<string, number>(), organization: new Map<string, number>(), person: new Map<string, number>() };
  const tables = [['place', plan.places], ['organization', plan.organizations], ['person', plan.people]] as const;
  for (const [type, rows] of tables) {
    if (!rows.length) continue;
    await client.query('TRUNCATE bulk_entity');
    await copyRows(client, 'bulk_entity', ENTITY_COLUMNS, entityCopyRows(rows));
    await client.query(ENTITY_SQL[type]);
    ids[type] = await idsOf(client, `${type}`, rows.map((r) => r.slug));
  }
  return ids;
}

/** Sets missing parents, unless that would put a place inside itself (write/entities.ts linkParent). */
async function linkParents(client: pg.ClientBase, plan: Plan, placeIds: Map<string, number>): Promise<void> {
  if (!plan.parents.length) return;
  await client.query(
    `UPDATE "place" p SET "parent_id" = c.parent_id
     FROM unnest($1::int[], $2::int[]) AS c(id, parent_id)
     WHERE p."id" = c.id AND p."parent_id" IS NULL AND NOT EXISTS (
       WITH RECURSIVE up AS (
         SELECT q."id", q."parent_id" FROM "place" q WHERE q."id" = c.parent_id
         UNION
         SELECT q."id", q."parent_id" FROM "place" q JOIN up ON q."id" = up."parent_id")
       SELECT 1 FROM up WHERE up."id" = c.id)`,
    [plan.parents.map(([child]) => placeIds.get(child)!), plan.parents.map(([, parent]) => placeIds.get(parent)!)],
  );
}

// ---------------------------------------------------------------------------------------------
// Articles and what exists only through them
// ---------------------------------------------------------------------------------------------

/**
 * The batch's articles, each with its change number (write/article.ts recordChange): numbered in
 * input order (nextval runs after the sort), under the change-order lock the caller holds.
 */
async function upsertArticles(client: pg.ClientBase, plan: Plan, sourceIds: Map<string, number>): Promise<{ ids: Map<string, number>; lastChange: string }> {
  await copyRows(
    client,
    'bulk_article',
    ['ord', 'url', 'title', 'body', 'published_at', 'language', 'source_id', 'feed', 'external_id', 'content_hash'],
    plan.docs.map(({ doc, hash, source }, i) => {
      const a = doc.article;
      const publishedAt = /^\d{4}-\d{2}-\d{2}$/.test(a.publishedAt) ? `${a.publishedAt}T00:00:00Z` : a.publishedAt;
      return [i, a.url, a.title, a.body, publishedAt, a.language, sourceIds.get(source)!, a.feed, a.externalId, hash];
    }),
  );
  const { rows } = await client.query<{ id: number; url: string; change_seq: string }>(`
    INSERT INTO "article" ("url", "title", "body", "published_at", "language", "source_id", "feed", "external_id", "content_hash", "change_seq")
    SELECT i.url, i.title, i.body, i.published_at, i.language, i.source_id, i.feed, i.external_id, i.content_hash,
           nextval('article_change_seq')
    FROM bulk_article i ORDER BY i.ord
    ON CONFLICT ("url") DO UPDATE SET
      "title" = EXCLUDED."title", "body" = EXCLUDED."body", "published_at" = EXCLUDED."published_at",
      "language" = EXCLUDED."language", "source_id" = EXCLUDED."source_id", "feed" = EXCLUDED."feed",
      "external_id" = EXCLUDED."external_id", "content_hash" = EXCLUDED."content_hash", "updated_at" = CURRENT_TIMESTAMP,
      "change_seq" = EXCLUDED."change_seq"
    RETURNING "id", "url", "change_seq"`);
  // Numbers are bigint (text here); compared as numbers, as they may outgrow a double's integers.
  const lastChange = rows.reduce((max, r) => (BigInt(r.change_seq) > BigInt(max) ? r.change_seq : max), '0');
  return { ids: new Map(rows.map((r) => [r.url, r.id])), lastChange };
}

/** write/article.ts clearArticle, for every rewritten article at once. */
async function clearArticles(client: pg.ClientBase, ids: number[]): Promise<void> {
  for (const table of ['article_author', 'article_topic', 'article_tone', 'mention', 'quote', 'event', 'declaration_provision', 'declaration_signatory']) {
    await client.query(`DELETE FROM "${table}" WHERE "article_id" = ANY($1::int[])`, [ids]);
  }
  for (const table of ['affiliation', 'declaration_relation', 'declaration']) {
    await client.query(`UPDATE "${table}" SET "article_id" = NULL, "evidence_start" = NULL, "evidence_end" = NULL WHERE "article_id" = ANY($1::int[])`, [ids]);
  }
}

export type Ids = Record<'place' | NamedType, Map<string, number>>;

/** The tables that exist only through their articles, with the columns childRows fills, in COPY order. */
export const CHILD_TABLES = {
  mention: ['article_id', 'kind', 'person_id', 'organization_id', 'place_id', 'declaration_id', 'start', 'end'],
  article_topic: ['article_id', 'topic', 'position'],
  article_tone: ['article_id', 'tone', 'positive', 'negative', 'polarity', 'activity_density', 'self_group_density', 'word_count'],
  quote: ['article_id', 'speaker_id', 'speaker_name', 'text', 'said_on', 'said_precision', 'setting', 'verb', 'setting_organization_id', 'evidence_start', 'evidence_end'],
  article_author: ['article_id', 'person_id', 'position'],
} as const;

export type ChildTable = keyof typeof CHILD_TABLES;

/**
 * Mentions, topics, tone, quotes and bylines: rows that exist only through their article, COPYed in.
 *
 * With `skipChecks` (the session may, see mayDisableTriggers), the COPYs run with
 * session_replication_role = replica, which skips the per-row foreign-key checks: half the cost
 * of these rows (two index probes each, ~40 per record). They are redundant here: every
 * article_id is a row this transaction inserted or updated, and every entity id is a row the
 * entity upserts of this transaction inserted or locked (ON CONFLICT DO UPDATE locks the row even
 * when its WHERE skips the update), so none can be deleted before the commit; a delete after it
 * cascades to these rows as usual (the cascade is the referenced table's trigger, not skipped).
 * The schema has no other triggers on these tables; one added later would be skipped here too.
 */
async function copyChildren(client: pg.ClientBase, plan: Plan, articleIds: Map<string, number>, ids: Ids, skipChecks: boolean): Promise<void> {
  const rows = childRows(plan, articleIds, ids);
  if (skipChecks) await client.query('SET LOCAL session_replication_role = replica');
  for (const table of Object.keys(CHILD_TABLES) as ChildTable[]) await copyRows(client, table, CHILD_TABLES[table], rows[table]);
  if (skipChecks) await client.query('SET LOCAL session_replication_role = origin');
}

/**
 * Whether this session may set session_replication_role (a superuser's, or one granted SET on
 * it): asked once per connection, outside any transaction, as a failed SET would abort one.
 */
export async function mayDisableTriggers(client: pg.ClientBase): Promise<boolean> {
  try {
    await client.query('SET session_replication_role = origin');
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '42501') return false;
    throw err;
  }
}

/** The child rows of a planned batch, given the ids its articles and entities got (also the benchmark's floor). */
export function childRows(plan: Plan, articleIds: Map<string, number>, ids: Ids): Record<ChildTable, CopyValue[][]> {
  const mentions: CopyValue[][] = [];
  const topics: CopyValue[][] = [];
  const tones: CopyValue[][] = [];
  const quotes: CopyValue[][] = [];
  const authors: CopyValue[][] = [];
  for (const { doc, targets } of plan.docs) {
    const articleId = articleIds.get(doc.article.url)!;
    const idOf = (type: 'place' | NamedType, slug: string) => ids[type].get(targets[type].get(slug)!)!;
    const add = (kind: string, type: 'place' | NamedType, list: ReadonlyArray<{ slug: string; mentions: ReadonlyArray<{ start: number; end: number }> }>) => {
      for (const e of list) {
        const id = idOf(type, e.slug);
        for (const m of e.mentions) {
          mentions.push([articleId, kind, type === 'person' ? id : null, type === 'organization' ? id : null, type === 'place' ? id : null, null, m.start, m.end]);
        }
      }
    };
    add('PLACE', 'place', doc.places);
    add('PERSON', 'person', doc.people);
    add('ORGANIZATION', 'organization', doc.organizations);
    (doc.article.topics ?? []).forEach((topic, i) => topics.push([articleId, topic, i]));
    const t = doc.article.tone;
    if (t) tones.push([articleId, t.tone, t.positive, t.negative, t.polarity, t.activityDensity, t.selfGroupDensity, t.wordCount]);
    for (const q of doc.quotes) {
      const [saidOn, precision] = dateColumns(q.saidOn);
      const [start, end] = evidenceColumns(q.evidence);
      const speaker = q.speaker ? idOf('person', q.speaker) : null;
      quotes.push([articleId, speaker, q.speakerName, q.text, saidOn, precision, q.setting, q.verb, null, start, end]);
    }
    // Two author slugs can lead to one person (a merged duplicate): the first position stays.
    const byline = new Set<number>();
    doc.article.authors.forEach((slug, position) => {
      const person = idOf('person', slug);
      if (byline.has(person)) return;
      byline.add(person);
      authors.push([articleId, person, position]);
    });
  }
  // Duplicate topics in one document keep their first position (writeTopics: ON CONFLICT DO NOTHING).
  const seenTopic = new Set<string>();
  const uniqueTopics = topics.filter((r) => {
    const key = `${r[0]}\t${r[1]}`;
    return !seenTopic.has(key) && (seenTopic.add(key), true);
  });
  return { mention: mentions, article_topic: uniqueTopics, article_tone: tones, quote: quotes, article_author: authors };
}
