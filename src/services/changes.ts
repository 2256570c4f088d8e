/**
 * Reads of the article change feed (src/db/changes.ts): which articles, or which mentions of an
 * entity, changed after a point in the feed. Live subscriptions read through here, both to catch a
 * reconnecting client up and to serve each batch of notifications.
 */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { filterConditions, type ArticleFilter } from './articles.js';
import { ENTITY } from '../plan/sql/entities.js';
import type { EntityKind, MentionRow } from './types.js';

/** Change numbers travel as decimal strings: they are bigints. */
export type ChangeSeq = bigint;

/** The newest change number committed so far (0 when nothing has changed yet). */
export async function latestChange(db: Reader): Promise<ChangeSeq> {
  const [row] = await db.$queryRaw<Array<{ seq: string | null }>>`SELECT max("change_seq")::text AS seq FROM "article"`;
  return BigInt(row?.seq ?? 0);
}

/** The change number of an article (to resume after an `articles` cursor), if it has one. */
export async function changeOfArticle(db: Reader, articleId: number): Promise<ChangeSeq | null> {
  const [row] = await db.$queryRaw<Array<{ seq: string | null }>>`SELECT "change_seq"::text AS seq FROM "article" WHERE "id" = ${articleId}`;
  return row?.seq == null ? null : BigInt(row.seq);
}

export interface ArticleChange {
  seq: ChangeSeq;
  articleId: number;
}

/** A filter's SQL, resolved once (its references looked up) and reused for every read of a stream. */
export type ArticleStreamFilter = Prisma.Sql[];

export function articleStreamFilter(db: Reader, filter: ArticleFilter): Promise<ArticleStreamFilter> {
  return filterConditions(db, filter);
}

/** Articles matching the filter whose latest change is in (after, upTo], oldest change first. */
export async function articleChanges(
  db: Reader,
  filter: ArticleStreamFilter,
  after: ChangeSeq,
  upTo: ChangeSeq | null,
  limit: number,
): Promise<ArticleChange[]> {
  const conds = [...filter];
  conds.push(Prisma.sql`a."change_seq" > ${after.toString()}::bigint`);
  if (upTo !== null) conds.push(Prisma.sql`a."change_seq" <= ${upTo.toString()}::bigint`);
  const rows = await db.$queryRaw<Array<{ seq: string; id: number }>>(Prisma.sql`
    SELECT a."change_seq"::text AS seq, a."id" FROM "article" a
    WHERE ${Prisma.join(conds, ' AND ')} ORDER BY a."change_seq" LIMIT ${Prisma.raw(String(Math.trunc(limit)))}`);
  return rows.map((r) => ({ seq: BigInt(r.seq), articleId: r.id }));
}

export interface MentionChange {
  seq: ChangeSeq;
  mention: MentionRow;
}

/**
 * Mentions of one entity in articles whose latest change is after `(after, afterMention)` and at
 * most `upTo`, in feed order (article change, then mention id).
 */
export async function mentionChanges(
  db: Reader,
  kind: EntityKind,
  entityId: number,
  after: [ChangeSeq, number],
  upTo: ChangeSeq | null,
  limit: number,
): Promise<MentionChange[]> {
  const bound = upTo === null ? Prisma.empty : Prisma.sql`AND a."change_seq" <= ${upTo.toString()}::bigint`;
  const rows = await db.$queryRaw<Array<MentionRow & { seq: string }>>(Prisma.sql`
    SELECT a."change_seq"::text AS seq, m."id", m."article_id" AS "articleId", m."kind"::text AS "kind",
      coalesce(m."person_id", m."organization_id", m."place_id", m."declaration_id") AS "entityId", m."start", m."end"
    FROM "mention" m JOIN "article" a ON a."id" = m."article_id"
    WHERE m.${ENTITY[kind].mentionColumn} = ${entityId} AND NOT m."implied"
      AND (a."change_seq", m."id") > (${after[0].toString()}::bigint, ${after[1]}::int) ${bound}
    ORDER BY a."change_seq", m."id" LIMIT ${Prisma.raw(String(Math.trunc(limit)))}`);
  return rows.map(({ seq, ...mention }) => ({ seq: BigInt(seq), mention }));
}

export interface TouchedByChanges {
  /** The newest change read (the next read starts after it); null when there was none. */
  last: ChangeSeq | null;
  /** Node types and ids the changed articles hold or state facts about. */
  nodes: Array<{ type: string; id: number }>;
}

/**
 * What the changes after `after` touched: each changed article, its source, and the entities it
 * mentions, quotes, authors or states facts about. A response that holds any of them may be stale.
 */
export async function touchedByChanges(db: Reader, after: ChangeSeq, limit: number): Promise<TouchedByChanges> {
  const rows = await db.$queryRaw<Array<{ type: string; id: number | null; last: string | null }>>(Prisma.sql`
    WITH c AS (SELECT a."id", a."source_id", a."change_seq" FROM "article" a
               WHERE a."change_seq" > ${after.toString()}::bigint ORDER BY a."change_seq" LIMIT ${Prisma.raw(String(Math.trunc(limit)))})
    SELECT 'last' AS type, NULL::int AS id, max(c."change_seq")::text AS last FROM c
    UNION ALL SELECT 'Article', c."id", NULL FROM c
    UNION SELECT 'Source', c."source_id", NULL FROM c
    UNION SELECT initcap(m."kind"::text), coalesce(m."person_id", m."organization_id", m."place_id", m."declaration_id"), NULL
      FROM "mention" m WHERE m."article_id" IN (SELECT "id" FROM c)
    UNION SELECT 'Person', q."speaker_id", NULL FROM "quote" q WHERE q."article_id" IN (SELECT "id" FROM c) AND q."speaker_id" IS NOT NULL
    UNION SELECT 'Person', aa."person_id", NULL FROM "article_author" aa WHERE aa."article_id" IN (SELECT "id" FROM c)
    UNION SELECT 'Person', af."person_id", NULL FROM "affiliation" af WHERE af."article_id" IN (SELECT "id" FROM c)
    UNION SELECT 'Organization', af."organization_id", NULL FROM "affiliation" af WHERE af."article_id" IN (SELECT "id" FROM c)
    UNION SELECT 'Declaration', s."declaration_id", NULL FROM "declaration_signatory" s WHERE s."article_id" IN (SELECT "id" FROM c)`);
  const last = rows.find((r) => r.type === 'last')?.last ?? null;
  const nodes = rows.filter((r) => r.type !== 'last' && r.id != null).map((r) => ({ type: r.type, id: r.id as number }));
  return { last: last == null ? null : BigInt(last), nodes };
}
