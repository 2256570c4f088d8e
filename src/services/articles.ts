/** Articles: the root connection with its filters, and articles per mentioned entity or source. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { badUserInput } from '../lib/errors.js';
import { resolveAnyRef, resolveRef } from './refs.js';
import { select } from './sql/columns.js';
import { ENTITY } from './sql/entities.js';
import type { PageQuery } from '../plan/keyset.js';
import { PARENT } from '../plan/pages.js';
import { articleSort, type OrderArg } from './sql/sorts.js';
import type { EntityKind } from './types.js';

export type ArticleOrder = OrderArg<'PUBLISHED_AT' | 'TITLE' | 'MENTION_COUNT'>;

const ARTICLE_ORDER_FIELDS: readonly string[] = ['PUBLISHED_AT', 'TITLE', 'MENTION_COUNT'];

/** An `orderBy` argument as GraphQL coerced it (ArticleOrder input), or null when absent. */
export function articleOrderArg(value: unknown): ArticleOrder | null {
  if (value == null || typeof value !== 'object') return null;
  const { field, direction } = value as Record<string, unknown>;
  if (typeof field !== 'string' || !ARTICLE_ORDER_FIELDS.includes(field) || (direction !== 'ASC' && direction !== 'DESC')) return null;
  return { field: field as ArticleOrder['field'], direction };
}

export interface ArticleFilter {
  publishedAfter?: Date | null;
  publishedBefore?: Date | null;
  source?: string | null;
  mentionsPerson?: string | null;
  mentionsOrganization?: string | null;
  mentionsDeclaration?: string | null;
  mentionsPlace?: string | null;
  mentionsAll?: string[] | null;
  mentionsAny?: string[] | null;
  topic?: string | null;
}

const FROM = Prisma.sql`"article" a`;

function mentions(kind: EntityKind, id: Prisma.Sql | number): Prisma.Sql {
  return Prisma.sql`a."id" IN (SELECT m."article_id" FROM "mention" m WHERE m.${ENTITY[kind].mentionColumn} = ${id})`;
}

export async function filterConditions(db: Reader, f: ArticleFilter): Promise<Prisma.Sql[]> {
  const conds: Prisma.Sql[] = [];
  if (f.publishedAfter) conds.push(Prisma.sql`a."published_at" >= ${f.publishedAfter}`);
  if (f.publishedBefore) conds.push(Prisma.sql`a."published_at" < ${f.publishedBefore}`);
  if (f.publishedAfter && f.publishedBefore && f.publishedAfter > f.publishedBefore) {
    throw badUserInput('filter.publishedBefore', 'must not be earlier than filter.publishedAfter');
  }
  if (f.topic) conds.push(Prisma.sql`a."id" IN (SELECT t."article_id" FROM "article_topic" t WHERE t."topic" = ${f.topic})`);
  if (f.source) conds.push(Prisma.sql`a."source_id" = ${await resolveRef(db, 'source', f.source, 'filter.source')}`);
  const byEntity: Array<[EntityKind, string | null | undefined, string]> = [
    ['person', f.mentionsPerson, 'filter.mentionsPerson'],
    ['organization', f.mentionsOrganization, 'filter.mentionsOrganization'],
    ['declaration', f.mentionsDeclaration, 'filter.mentionsDeclaration'],
    ['place', f.mentionsPlace, 'filter.mentionsPlace'],
  ];
  for (const [kind, ref, argument] of byEntity) {
    if (ref) conds.push(mentions(kind, await resolveRef(db, kind, ref, argument)));
  }
  for (const [name, refs] of [['filter.mentionsAll', f.mentionsAll], ['filter.mentionsAny', f.mentionsAny]] as const) {
    if (refs && refs.length > MAX_REFS) throw badUserInput(name, `at most ${MAX_REFS} entities, got ${refs.length}`);
  }
  if (f.mentionsAll?.length) {
    for (const [i, ref] of f.mentionsAll.entries()) conds.push(await mentionsRef(db, ref, `filter.mentionsAll[${i}]`));
  }
  if (f.mentionsAny?.length) {
    const any = await Promise.all(f.mentionsAny.map((ref, i) => mentionsRef(db, ref, `filter.mentionsAny[${i}]`)));
    conds.push(Prisma.sql`(${Prisma.join(any, ' OR ')})`);
  }
  return conds;
}

const MAX_REFS = 20;

/** "Mentions X" for a reference that may name any mentionable kind. */
async function mentionsRef(db: Reader, ref: string, argument: string): Promise<Prisma.Sql> {
  const { table, id } = await resolveAnyRef(db, ['person', 'organization', 'place', 'declaration'], ref, argument);
  return mentions(table as EntityKind, id);
}

/** The root `articles` connection's rows: filter and order (the planner pages it). */
export async function articlesQuery(
  db: Reader,
  filter: ArticleFilter | null | undefined,
  order: ArticleOrder | null | undefined,
): Promise<PageQuery> {
  return { select: select.article('a'), from: FROM, where: await filterConditions(db, filter ?? {}), sort: articleSort(order) };
}

/** The articles that mention an entity, as a per-parent page query (parent = the entity id). */
export function mentioningQuery(kind: EntityKind, order?: ArticleOrder | null): PageQuery {
  const sort = articleSort(order);
  const query: PageQuery = { select: select.article('a'), from: FROM, where: [mentions(kind, PARENT)], sort };
  // Walking needs an index in the sort's order; the date has one.
  if (sort.key.startsWith('article:PUBLISHED_AT:')) query.alternative = walkNewestFirst(kind);
  return query;
}

/**
 * "Articles mentioning X, newest first" has two good plans: gather X's mentions and sort them
 * (cheap while X is rare), or walk the articles by date until a page of them mention X (cheap
 * when X is everywhere: a person in 40% of articles fills a page within ~50). Walking reads about
 * page × articles ÷ mentions rows, so it wins once X's mentions pass √(page × articles); the
 * statement counts up to that many of X's mentions as it runs and takes the walk past it. Both
 * ways live in one statement, so it is planned once per connection, whatever X is.
 */
export function walkNewestFirst(kind: EntityKind): { when: Prisma.Sql; where: Prisma.Sql[] } {
  const column = ENTITY[kind].mentionColumn;
  const when = Prisma.sql`coalesce((SELECT (SELECT count(*) FROM (SELECT 1 FROM "mention" g WHERE g.${column} = ${PARENT} LIMIT t."n") g) >= t."n"
    FROM (${WALK_THRESHOLD}) t), false)`;
  // A scalar subquery, not EXISTS: Postgres would turn EXISTS into a join and gather all mentions.
  const walk = Prisma.sql`(SELECT true FROM "mention" m WHERE m."article_id" = a."id" AND m.${column} = ${PARENT} LIMIT 1)`;
  return { when, where: [walk] };
}

/** The page size the walk/gather threshold assumes (the default page, plus one). */
const WALK_PAGE = 21;
/** Below this many mentions gathering always wins (and small test databases gather). */
const WALK_MIN = 50;
/** One row, `n`: how many mentions make walking the cheaper way, from the planner's article count. */
export const WALK_THRESHOLD = Prisma.sql`SELECT greatest(ceil(sqrt(greatest(c."reltuples", 0) * ${Prisma.raw(String(WALK_PAGE))})), ${Prisma.raw(String(WALK_MIN))})::int AS "n"
    FROM "pg_class" c WHERE c."oid" = '"article"'::regclass`;

/** A source's articles, as a per-parent page query (parent = the source id). */
export function sourceArticlesQuery(order?: ArticleOrder | null): PageQuery {
  return { select: select.article('a'), from: FROM, where: [Prisma.sql`a."source_id" = ${PARENT}`], sort: articleSort(order) };
}
