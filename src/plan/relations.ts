/**
 * The planner's per-parent page queries: the rows of a connection field below a parent row
 * (`PARENT` is the parent's id), for the relations the catalog (catalog.ts) declares as
 * connections. The planner nests them under a root statement, or runs them over a batch of
 * parent ids; services describe root connections with the same PageQuery shape.
 */
import { Prisma } from '../db/client.js';
import type { EntityKind } from '../services/types.js';
import type { PageQuery } from './keyset.js';
import { PARENT } from './pages.js';
import { select } from './sql/columns.js';
import { ENTITY, mentions } from './sql/entities.js';
import { articleSort, byIdSort, quoteSort, type ArticleOrder } from './sql/sorts.js';

const FROM = Prisma.sql`"article" a`;

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

/** A speaker's quotes, newest first, as a per-parent page query (parent = the person id). */
export function quotesBySpeakerQuery(): PageQuery {
  return {
    select: select.quote('q'),
    from: Prisma.sql`"quote" q JOIN "article" qa ON qa."id" = q."article_id"`,
    where: [Prisma.sql`q."speaker_id" = ${PARENT}`],
    sort: quoteSort(),
  };
}

/** An organization's affiliations, as a per-parent page query (parent = the organization id). */
export function membersQuery(): PageQuery {
  return {
    select: select.affiliation('af'),
    from: Prisma.sql`"affiliation" af`,
    where: [Prisma.sql`af."organization_id" = ${PARENT}`],
    sort: byIdSort('affiliation', 'af'),
  };
}
