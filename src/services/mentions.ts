/** What articles mention: entities per article in order of first mention, and the raw mentions. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { ENTITY } from '../plan/sql/entities.js';
import type { EntityKind, MentionRow } from './types.js';
import type { RowsByTable } from './lookup.js';

export type MentionedRow<K extends EntityKind> = RowsByTable[K] & { articleId: number };

/** Entities of one kind mentioned by each article, distinct, in order of first mention. */
export async function mentionedByArticles<K extends EntityKind>(
  db: Reader,
  kind: K,
  articleIds: readonly number[],
): Promise<MentionedRow<K>[]> {
  const t = ENTITY[kind];
  return db.$queryRaw<MentionedRow<K>[]>(Prisma.sql`
    SELECT first."article_id" AS "articleId", ${t.select}
    FROM (
      SELECT m."article_id", m.${t.mentionColumn} AS entity_id, min(coalesce(m."start", 2147483647)) AS pos, min(m."id") AS mid
      FROM "mention" m
      WHERE m."article_id" = ANY(${[...articleIds]}::int[]) AND m.${t.mentionColumn} IS NOT NULL
      GROUP BY m."article_id", m.${t.mentionColumn}
    ) first
    JOIN ${t.table} ${t.alias} ON ${t.alias}."id" = first.entity_id
    ORDER BY first."article_id", first.pos, first.mid`);
}

/** Every span naming an entity in each article, in reading order (implied mentions name nothing). */
export async function mentionsByArticles(db: Reader, articleIds: readonly number[]): Promise<MentionRow[]> {
  return db.$queryRaw<MentionRow[]>(Prisma.sql`
    SELECT m."id", m."article_id" AS "articleId", m."kind"::text AS "kind",
      coalesce(m."person_id", m."organization_id", m."place_id", m."declaration_id") AS "entityId",
      m."start", m."end"
    FROM "mention" m
    WHERE m."article_id" = ANY(${[...articleIds]}::int[]) AND NOT m."implied"
    ORDER BY m."article_id", m."start" NULLS LAST, m."id"`);
}
