/** The source and the article row, and what exists only through the article (byline, mentions, topics, tone, quotes, events): replaced wholesale on every write. */
import { Prisma } from '../../generated/prisma/client.js';
import type { ArticleDocument, EventFact, EvidenceSpan, QuoteFact, Tone } from '../../document/document.js';
import { ARTICLE_CHANGES_CHANNEL, CHANGE_ORDER_LOCK } from '../../db/changes.js';
import { impliedMentions } from '../implied.js';
import { sourceByDomain } from '../resolve.js';
import { EntityType, Ids, SlugIds, Tx, dateColumns, evidenceColumns, insertRows } from './sql.js';
// ---------------------------------------------------------------------------------------------
// Source and article
// ---------------------------------------------------------------------------------------------

export async function upsertSource(tx: Tx, source: ArticleDocument['article']['source']): Promise<number> {
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
export async function upsertArticle(tx: Tx, doc: ArticleDocument, sourceId: number, hash: string): Promise<number> {
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
export async function clearArticle(tx: Tx, articleId: number): Promise<void> {
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
// What exists only through the article
// ---------------------------------------------------------------------------------------------

export async function writeAuthors(tx: Tx, articleId: number, authors: readonly string[], people: SlugIds): Promise<void> {
  const rows = authors.map((slug, position) => Prisma.sql`(${articleId}, ${people.get(slug)!}, ${position})`);
  // Two author slugs can lead to one person (a merged duplicate): keep the first position.
  if (rows.length) await tx.$executeRaw`INSERT INTO "article_author" ("article_id", "person_id", "position") VALUES ${Prisma.join(rows)} ON CONFLICT DO NOTHING`;
}

const MENTION_KIND: Record<EntityType, string> = { place: 'PLACE', person: 'PERSON', organization: 'ORGANIZATION', declaration: 'DECLARATION' };

export async function writeMentions(tx: Tx, articleId: number, doc: ArticleDocument, ids: Ids): Promise<void> {
  const rows: Prisma.Sql[] = [];
  const add = (type: EntityType, slug: string, mentions: ReadonlyArray<EvidenceSpan | undefined>, implied = false) => {
    const id = ids[type].get(slug)!;
    const column = (t: EntityType) => (t === type ? id : null);
    for (const m of mentions) {
      rows.push(Prisma.sql`(${articleId}, ${MENTION_KIND[type]}::"MentionKind", ${column('person')}::int, ${column('organization')}::int,
        ${column('place')}::int, ${column('declaration')}::int, ${m?.start ?? null}::int, ${m?.end ?? null}::int, ${implied})`);
    }
  };
  for (const p of doc.places) add('place', p.slug, p.mentions);
  for (const p of doc.people) add('person', p.slug, p.mentions);
  for (const o of doc.organizations) add('organization', o.slug, o.mentions);
  for (const d of doc.declarations) add('declaration', d.slug, d.mentions);
  for (const m of impliedMentions(doc)) add(m.type, m.slug, [m.evidence], true);
  await insertRows(
    tx,
    Prisma.sql`INSERT INTO "mention" ("article_id", "kind", "person_id", "organization_id", "place_id", "declaration_id", "start", "end", "implied")`,
    rows,
  );
}

export async function writeTopics(tx: Tx, articleId: number, topics: readonly string[]): Promise<void> {
  if (!topics.length) return;
  await tx.$executeRaw`
    INSERT INTO "article_topic" ("article_id", "topic", "position")
    SELECT ${articleId}, t.topic, t.ord - 1 FROM unnest(${[...topics]}::text[]) WITH ORDINALITY AS t(topic, ord)
    ON CONFLICT DO NOTHING`;
}

export async function writeTone(tx: Tx, articleId: number, tone: Tone | undefined): Promise<void> {
  if (!tone) return;
  await tx.$executeRaw`
    INSERT INTO "article_tone" ("article_id", "tone", "positive", "negative", "polarity", "activity_density", "self_group_density", "word_count")
    VALUES (${articleId}, ${tone.tone}, ${tone.positive}, ${tone.negative}, ${tone.polarity}, ${tone.activityDensity},
            ${tone.selfGroupDensity}, ${tone.wordCount})`;
}

export async function writeQuotes(tx: Tx, articleId: number, quotes: readonly QuoteFact[], ids: Ids): Promise<void> {
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

export async function writeEvents(tx: Tx, articleId: number, events: readonly EventFact[], ids: Ids): Promise<void> {
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

/**
 * The article's place in the change feed (src/db/changes.ts): the next change number, taken last
 * and under the ordering lock so numbers follow commit order, and a NOTIFY that Postgres delivers
 * only if this transaction commits.
 */
export async function recordChange(tx: Tx, articleId: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHANGE_ORDER_LOCK}::bigint)`;
  await tx.$executeRaw`
    WITH c AS (UPDATE "article" SET "change_seq" = nextval('article_change_seq') WHERE "id" = ${articleId} RETURNING "change_seq")
    SELECT pg_notify(${ARTICLE_CHANGES_CHANNEL}, c."change_seq"::text) FROM c`;
}
