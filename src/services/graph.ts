/**
 * Graph questions over mentions: who appears with whom (co-mentions), how often an entity is in
 * the news over time (timelines), and the articles behind each answer.
 */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { badUserInput } from '../lib/errors.js';
import { select } from '../plan/sql/columns.js';
import { ENTITY } from '../plan/sql/entities.js';
import type { PageQuery } from '../plan/keyset.js';
import { PARENT, parentColumn } from '../plan/pages.js';
import type { ArticleOrder } from './articles.js';
import { articleSort } from '../plan/sql/sorts.js';
import type { EntityKind } from './types.js';

export interface DateWindow {
  since?: Date | null;
  until?: Date | null;
}

function windowConditions(w: DateWindow, alias = 'a'): Prisma.Sql[] {
  if (w.since && w.until && w.since > w.until) throw badUserInput('until', 'must not be earlier than "since"');
  const conds: Prisma.Sql[] = [];
  if (w.since) conds.push(Prisma.sql`${Prisma.raw(alias)}."published_at" >= ${w.since}`);
  if (w.until) conds.push(Prisma.sql`${Prisma.raw(alias)}."published_at" < ${w.until}`);
  return conds;
}

function mentionedIn(kind: EntityKind, id: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`a."id" IN (SELECT m."article_id" FROM "mention" m WHERE m.${ENTITY[kind].mentionColumn} = ${id})`;
}

export interface CoMentionRow {
  kind: 'PERSON' | 'ORGANIZATION';
  entityId: number;
  count: number;
}

/**
 * People and organizations mentioned in the same articles as the parent entity, with the number of
 * shared articles, most shared first. A per-parent page query (parent = the subject's id).
 */
export function coMentionQuery(subject: 'person' | 'organization', w: DateWindow): PageQuery {
  const shared = Prisma.sql`SELECT a."id" FROM "article" a WHERE ${Prisma.join(
    [mentionedIn(subject, PARENT), ...windowConditions(w)],
    ' AND ',
  )}`;
  const self = subject === 'person' ? 'PERSON' : 'ORGANIZATION';
  const from = Prisma.sql`(
    SELECT m2."kind"::text AS "kind", coalesce(m2."person_id", m2."organization_id") AS "entityId",
           count(DISTINCT m2."article_id")::int AS "count"
    FROM "mention" m2
    WHERE m2."article_id" IN (${shared}) AND m2."kind" IN ('PERSON', 'ORGANIZATION')
      AND NOT (m2."kind" = ${self}::"MentionKind" AND coalesce(m2."person_id", m2."organization_id") = ${PARENT})
    GROUP BY 1, 2) c`;
  return {
    select: Prisma.sql`c."kind", c."entityId", c."count"`,
    from,
    where: [],
    sort: {
      key: 'comention:COUNT:DESC',
      keys: [
        { sql: Prisma.raw('c."count"'), type: 'int' },
        { sql: Prisma.raw('c."kind"'), type: 'text' },
        { sql: Prisma.raw('c."entityId"'), type: 'int' },
      ],
      direction: 'DESC',
    },
  };
}

/** Tuple parents for articles shared by a subject and a co-mentioned entity. */
export const SHARED_TUPLE = { sid: 'int', okind: 'text', oid: 'int' } as const;

/** Articles mentioning both the subject (parent.sid) and the other entity (parent.okind/oid). */
export function sharedArticlesQuery(subject: 'person' | 'organization', w: DateWindow, order?: ArticleOrder | null): PageQuery {
  const other = Prisma.sql`a."id" IN (SELECT m."article_id" FROM "mention" m WHERE
    CASE ${parentColumn('okind')} WHEN 'PERSON' THEN m."person_id" ELSE m."organization_id" END = ${parentColumn('oid')})`;
  return {
    select: select.article('a'),
    from: Prisma.sql`"article" a`,
    where: [mentionedIn(subject, parentColumn('sid')), other, ...windowConditions(w)],
    sort: articleSort(order),
  };
}

export type Interval = 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';

export interface BucketRow {
  entityId: number;
  start: Date;
  end: Date;
  count: number;
}

/** Mention counts per period for many entities of one kind (articles, not mentions, are counted). */
export async function timelines(
  db: Reader,
  kind: EntityKind,
  ids: readonly number[],
  interval: Interval,
  w: DateWindow,
): Promise<BucketRow[]> {
  const unit = interval.toLowerCase();
  const step = Prisma.raw(`interval '1 ${unit}'`);
  const conds = [mentionedIn(kind, PARENT), ...windowConditions(w)];
  return db.$queryRaw<BucketRow[]>(Prisma.sql`
    SELECT b.pid AS "entityId", b.start AS "start", b.start + ${step} AS "end", count(*)::int AS "count"
    FROM (
      SELECT parent.pid, date_trunc(${unit}, a."published_at", 'UTC') AS start
      FROM unnest(${[...ids]}::int[]) AS parent(pid)
      JOIN LATERAL (SELECT a."published_at" FROM "article" a WHERE ${Prisma.join(conds, ' AND ')}) a ON TRUE
    ) b
    GROUP BY b.pid, b.start ORDER BY b.pid, b.start`);
}

/** Tuple parents for the articles behind one timeline bucket. */
export const BUCKET_TUPLE = { eid: 'int', start: 'timestamptz', end: 'timestamptz' } as const;

export function bucketArticlesQuery(kind: EntityKind, order?: ArticleOrder | null): PageQuery {
  return {
    select: select.article('a'),
    from: Prisma.sql`"article" a`,
    where: [
      mentionedIn(kind, parentColumn('eid')),
      Prisma.sql`a."published_at" >= ${parentColumn('start')} AND a."published_at" < ${parentColumn('end')}`,
    ],
    sort: articleSort(order),
  };
}
