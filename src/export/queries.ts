/**
 * The reads behind `npm run export`: one statement per relation for a whole batch of articles
 * (never one per article), so a dump of any size costs a fixed number of statements per batch.
 * Dates come back as text (`to_char`) so no time zone can shift them on the way.
 */
import { Prisma, type Db } from '../db/client.js';

export type Precision = 'DAY' | 'MONTH' | 'YEAR';

export interface ArticleRow {
  id: number;
  url: string;
  title: string;
  body: string;
  published_at: string;
  language: string | null;
  feed: string;
  external_id: string | null;
  source_slug: string;
  source_name: string;
  source_domain: string | null;
}

/** The next batch of article ids after `afterId`, in id order (the order they were first written). */
export function articleBatch(db: Db, afterId: number, limit: number, since: Date | undefined): Promise<ArticleRow[]> {
  const sinceFilter = since ? Prisma.sql`AND a."published_at" >= ${since}` : Prisma.empty;
  return db.$queryRaw<ArticleRow[]>`
    SELECT a."id", a."url", a."title", a."body",
      to_char(a."published_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "published_at",
      a."language", a."feed", a."external_id",
      s."slug" AS "source_slug", s."name" AS "source_name", s."domain" AS "source_domain"
    FROM "article" a JOIN "source" s ON s."id" = a."source_id"
    WHERE a."id" > ${afterId} ${sinceFilter}
    ORDER BY a."id" LIMIT ${limit}`;
}

/** Evidence columns as every fact table stores them. */
export interface Span {
  evidence_start: number | null;
  evidence_end: number | null;
}

export interface MentionRow {
  id: number;
  article_id: number;
  person_id: number | null;
  organization_id: number | null;
  place_id: number | null;
  declaration_id: number | null;
  start: number | null;
  end: number | null;
  implied: boolean;
}
export interface AuthorRow { article_id: number; person_id: number }
export interface TopicRow { article_id: number; topic: string }
export interface ToneRow {
  article_id: number;
  tone: number;
  positive: number;
  negative: number;
  polarity: number;
  activity_density: number;
  self_group_density: number;
  word_count: number;
}
export interface QuoteRow extends Span {
  article_id: number;
  speaker_id: number | null;
  speaker_name: string | null;
  text: string;
  said_on: string | null;
  said_precision: Precision | null;
  setting: string | null;
  verb: string | null;
  setting_organization_id: number | null;
}
export interface EventRow extends Span {
  id: number;
  article_id: number;
  kind: string;
  title: string;
  summary: string | null;
  occurred_on: string | null;
  occurred_precision: Precision | null;
  place_id: number | null;
  topics: string[];
  award: string | null;
}
export interface ParticipantRow { event_id: number; person_id: number | null; organization_id: number | null; role: string | null }
export interface AffiliationRow extends Span {
  article_id: number;
  person_id: number;
  organization_id: number;
  title: string;
  valid_from: string | null;
  valid_from_precision: Precision | null;
  valid_to: string | null;
  valid_to_precision: Precision | null;
}
export interface RelationRow extends Span {
  article_id: number;
  from_id: number;
  to_id: number;
  kind: string;
  description: string | null;
}
export interface ProvisionRow extends Span { article_id: number; declaration_id: number; text: string }
export interface SignatoryRow extends Span {
  article_id: number;
  declaration_id: number;
  person_id: number | null;
  organization_id: number | null;
  place_id: number | null;
  role: string | null;
}

/** Everything the articles of one batch own or state, each relation read once for the batch. */
export interface BatchFacts {
  mentions: MentionRow[];
  authors: AuthorRow[];
  topics: TopicRow[];
  tones: ToneRow[];
  quotes: QuoteRow[];
  events: EventRow[];
  participants: ParticipantRow[];
  affiliations: AffiliationRow[];
  relations: RelationRow[];
  provisions: ProvisionRow[];
  signatories: SignatoryRow[];
  /** Declarations whose own provenance the article holds (listed even when it has no other row of them). */
  ownedDeclarations: Array<{ id: number; article_id: number }>;
}

/**
 * The article's rows of every fact table. Facts shared between articles (affiliations, relations,
 * provisions, signatories) are read where the article holds their provenance: that is the one
 * document that states them, so importing the dump gives each its provenance back.
 */
export async function batchFacts(db: Db, ids: number[]): Promise<BatchFacts> {
  const [mentions, authors, topics, tones, quotes, events, participants, affiliations, relations, provisions, signatories, ownedDeclarations] =
    await Promise.all([
    db.$queryRaw<MentionRow[]>`
      SELECT "id", "article_id", "person_id", "organization_id", "place_id", "declaration_id", "start", "end", "implied"
      FROM "mention" WHERE "article_id" = ANY(${ids}::int[]) ORDER BY "id"`,
    db.$queryRaw<AuthorRow[]>`
      SELECT "article_id", "person_id" FROM "article_author" WHERE "article_id" = ANY(${ids}::int[]) ORDER BY "article_id", "position", "person_id"`,
    db.$queryRaw<TopicRow[]>`
      SELECT "article_id", "topic" FROM "article_topic" WHERE "article_id" = ANY(${ids}::int[]) ORDER BY "article_id", "position", "topic"`,
    db.$queryRaw<ToneRow[]>`
      SELECT "article_id", "tone", "positive", "negative", "polarity", "activity_density", "self_group_density", "word_count"
      FROM "article_tone" WHERE "article_id" = ANY(${ids}::int[])`,
    db.$queryRaw<QuoteRow[]>`
      SELECT "article_id", "speaker_id", "speaker_name", "text", to_char("said_on", 'YYYY-MM-DD') AS "said_on", "said_precision"::text,
        "setting", "verb", "setting_organization_id", "evidence_start", "evidence_end"
      FROM "quote" WHERE "article_id" = ANY(${ids}::int[]) ORDER BY "id"`,
    db.$queryRaw<EventRow[]>`
      SELECT "id", "article_id", "kind"::text, "title", "summary", to_char("occurred_on", 'YYYY-MM-DD') AS "occurred_on",
        "occurred_precision"::text, "place_id", "topics", "award", "evidence_start", "evidence_end"
      FROM "event" WHERE "article_id" = ANY(${ids}::int[]) ORDER BY "id"`,
    db.$queryRaw<ParticipantRow[]>`
      SELECT p."event_id", p."person_id", p."organization_id", p."role"
      FROM "event_participant" p JOIN "event" e ON e."id" = p."event_id"
      WHERE e."article_id" = ANY(${ids}::int[]) ORDER BY p."id"`,
    db.$queryRaw<AffiliationRow[]>`
      SELECT "article_id", "person_id", "organization_id", "title",
        to_char("valid_from", 'YYYY-MM-DD') AS "valid_from", "valid_from_precision"::text,
        to_char("valid_to", 'YYYY-MM-DD') AS "valid_to", "valid_to_precision"::text, "evidence_start", "evidence_end"
      FROM "affiliation" WHERE "article_id" = ANY(${ids}::int[]) ORDER BY "id"`,
    db.$queryRaw<RelationRow[]>`
      SELECT "article_id", "from_id", "to_id", "kind"::text, "description", "evidence_start", "evidence_end"
      FROM "declaration_relation" WHERE "article_id" = ANY(${ids}::int[]) ORDER BY "id"`,
    db.$queryRaw<ProvisionRow[]>`
      SELECT "article_id", "declaration_id", "text", "evidence_start", "evidence_end"
      FROM "declaration_provision" WHERE "article_id" = ANY(${ids}::int[]) ORDER BY "declaration_id", "position"`,
    db.$queryRaw<SignatoryRow[]>`
      SELECT "article_id", "declaration_id", "person_id", "organization_id", "place_id", "role", "evidence_start", "evidence_end"
      FROM "declaration_signatory" WHERE "article_id" = ANY(${ids}::int[]) ORDER BY "id"`,
    db.$queryRaw<Array<{ id: number; article_id: number }>>`
      SELECT "id", "article_id" FROM "declaration" WHERE "article_id" = ANY(${ids}::int[]) ORDER BY "id"`,
  ]);
  return { mentions, authors, topics, tones, quotes, events, participants, affiliations, relations, provisions, signatories, ownedDeclarations };
}

export interface PlaceRow {
  id: number;
  slug: string;
  name: string;
  aliases: string[];
  kind: string;
  country_code: string | null;
  parent_id: number | null;
  latitude: number | null;
  longitude: number | null;
  wikidata_id: string | null;
  feature_id: string | null;
}
export interface PersonRow {
  id: number;
  slug: string;
  name: string;
  aliases: string[];
  description: string | null;
  nationality_id: number | null;
  wikidata_id: string | null;
  /** Slugs merged into this person (through chains of merges), oldest merge first. */
  merged_slugs: string[];
}
export interface OrganizationRow {
  id: number;
  slug: string;
  name: string;
  aliases: string[];
  kind: string;
  description: string | null;
  country_id: number | null;
  parent_id: number | null;
  wikidata_id: string | null;
  merged_slugs: string[];
}
export interface DeclarationRow extends Span {
  id: number;
  slug: string;
  title: string;
  aliases: string[];
  kind: string;
  signed_on: string | null;
  signed_precision: Precision | null;
  place_id: number | null;
  summary: string | null;
  wikidata_id: string | null;
  article_id: number | null;
}

export function placesById(db: Db, ids: number[]): Promise<PlaceRow[]> {
  return db.$queryRaw<PlaceRow[]>`
    SELECT "id", "slug", "name", "aliases", "kind"::text, "country_code", "parent_id", "latitude", "longitude", "wikidata_id", "feature_id"
    FROM "place" WHERE "id" = ANY(${ids}::int[])`;
}

/**
 * The slugs merged into each survivor, following chains (C merged into B, then B into A: both
 * are A's), leaving out a slug a live entity has taken since: it names that entity now.
 */
function mergedSlugs(type: 'person' | 'organization', alias: string): Prisma.Sql {
  const table = Prisma.raw(`"${type}"`);
  const e = Prisma.raw(alias);
  return Prisma.sql`ARRAY(
    WITH RECURSIVE chain AS (
      SELECT m."merged_id", m."merged_slug", m."id", 0 AS hops FROM "merge_record" m
      WHERE m."entity_type" = ${type} AND m."survivor_id" = ${e}."id"
      UNION ALL
      SELECT m."merged_id", m."merged_slug", m."id", c.hops + 1 FROM chain c
      JOIN "merge_record" m ON m."entity_type" = ${type} AND m."survivor_id" = c."merged_id" AND m."id" < c."id"
      WHERE c.hops < 20
    )
    SELECT c."merged_slug" FROM chain c
    WHERE NOT EXISTS (SELECT 1 FROM ${table} live WHERE live."slug" = c."merged_slug")
    GROUP BY c."merged_slug" ORDER BY min(c."id"))`;
}

export function peopleById(db: Db, ids: number[]): Promise<PersonRow[]> {
  return db.$queryRaw<PersonRow[]>`
    SELECT p."id", p."slug", p."name", p."aliases", p."description", p."nationality_id", p."wikidata_id",
      ${mergedSlugs('person', 'p')} AS "merged_slugs"
    FROM "person" p WHERE p."id" = ANY(${ids}::int[])`;
}

export function organizationsById(db: Db, ids: number[]): Promise<OrganizationRow[]> {
  return db.$queryRaw<OrganizationRow[]>`
    SELECT o."id", o."slug", o."name", o."aliases", o."kind"::text, o."description", o."country_id", o."parent_id", o."wikidata_id",
      ${mergedSlugs('organization', 'o')} AS "merged_slugs"
    FROM "organization" o WHERE o."id" = ANY(${ids}::int[])`;
}

export function declarationsById(db: Db, ids: number[]): Promise<DeclarationRow[]> {
  return db.$queryRaw<DeclarationRow[]>`
    SELECT "id", "slug", "title", "aliases", "kind"::text, to_char("signed_on", 'YYYY-MM-DD') AS "signed_on", "signed_precision"::text,
      "place_id", "summary", "wikidata_id", "article_id", "evidence_start", "evidence_end"
    FROM "declaration" WHERE "id" = ANY(${ids}::int[])`;
}
