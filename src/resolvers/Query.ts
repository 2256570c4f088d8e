import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import type { RowKey } from '../plan/index.js';
import type { ConnectionArgs } from '../lib/connection.js';
import { badUserInput } from '../lib/errors.js';
import { parseGlobalId } from '../lib/globalId.js';
import { articlesQuery, type ArticleFilter, type ArticleOrder } from '../services/articles.js';
import { declarationsQuery, type DeclarationFilter } from '../services/declarations.js';
import { eventsPage, type EventFilter } from '../services/events.js';
import { organizationsQuery, type OrganizationFilter } from '../services/organizations.js';
import { peopleQuery, type PersonFilter } from '../services/people.js';
import { placesQuery, type PlaceFilter } from '../services/places.js';
import { sourcesQuery, sourceSort } from '../services/sources.js';
import { articleSort, declarationSort, nameSort, type OrderArg } from '../plan/sql/sorts.js';
import { ENTITY } from '../plan/sql/entities.js';
import { loadNode } from './Node.js';
import { search } from './searchField.js';
import { survivorOfSlug, type MergeableType } from '../services/merge.js';
import type { QueryResolvers } from './generated.js';

type PageArgs<F, O> = ConnectionArgs & { filter?: F | null; orderBy?: O | null };
type PlannedRoot = 'Person' | 'Organization' | 'Declaration' | 'Place' | 'Source';
type ByKeyArgs = { id?: string | null; slug?: string | null };

const MAX_NODES = 100;

/** `x(id:, slug:)` lookups take exactly one of the two. */
function oneKey(args: Record<string, string | null | undefined>, names: [string, string]): void {
  const given = names.filter((n) => args[n] != null);
  if (given.length !== 1) throw badUserInput(names.join('|'), `pass exactly one of "${names[0]}" or "${names[1]}"`);
}

/** `x(id:, slug:)`: the row, with what the client selected below it (src/plan). */
function bySlugOrId<T extends PlannedRoot>(type: T) {
  return (_: unknown, args: ByKeyArgs, ctx: Context, info: GraphQLResolveInfo) => {
    oneKey(args, ['id', 'slug']);
    const key: RowKey = args.id != null ? { id: parseGlobalId(args.id, type) } : { column: 'slug', value: args.slug! };
    return ctx.planner.row(info, type, key);
  };
}

/** A slug that was merged away still finds the entity it was merged into. */
function followMerges<T extends 'Person' | 'Organization'>(type: T, lookup: ReturnType<typeof bySlugOrId<T>>) {
  const table: MergeableType = type === 'Person' ? 'person' : 'organization';
  return async (parent: unknown, args: ByKeyArgs, ctx: Context, info: GraphQLResolveInfo) => {
    const found = await lookup(parent, args, ctx, info);
    if (found || args.slug == null) return found;
    const survivor = await survivorOfSlug(ctx.db, table, args.slug);
    return survivor == null ? null : ctx.planner.row(info, type, { id: survivor });
  };
}

export const Query: QueryResolvers = {
  node: (_: unknown, { id }: { id: string }, ctx: Context) => loadNode(ctx, id),
  nodes: (_: unknown, { ids }: { ids: string[] }, ctx: Context) => {
    if (ids.length > MAX_NODES) throw badUserInput('ids', `at most ${MAX_NODES} ids per request, got ${ids.length}`);
    return ids.map((id) => loadNode(ctx, id).catch((err: Error) => err));
  },

  article: (_: unknown, args: { id?: string | null; url?: string | null }, ctx: Context, info: GraphQLResolveInfo) => {
    oneKey(args, ['id', 'url']);
    const key: RowKey = args.id != null ? { id: parseGlobalId(args.id, 'Article') } : { column: 'url', value: args.url! };
    return ctx.planner.row(info, 'Article', key);
  },
  articles: (_: unknown, a: PageArgs<ArticleFilter, ArticleOrder>, { reader, planner }: Context, info: GraphQLResolveInfo) =>
    planner.connection(info, 'Article', a, articleSort(a.orderBy), (sort) => articlesQuery(reader, a.filter, sort)),

  person: followMerges('Person', bySlugOrId('Person')),
  people: (_: unknown, a: PageArgs<PersonFilter, OrderArg<'NAME'>>, { reader, planner }: Context, info: GraphQLResolveInfo) =>
    planner.connection(info, 'Person', a, nameSort('person', ENTITY.person.nameColumn, 'p', a.orderBy), (sort) => peopleQuery(reader, a.filter, sort)),

  organization: followMerges('Organization', bySlugOrId('Organization')),
  organizations: (_: unknown, a: PageArgs<OrganizationFilter, OrderArg<'NAME'>>, { reader, planner }: Context, info: GraphQLResolveInfo) =>
    planner.connection(info, 'Organization', a, nameSort('organization', ENTITY.organization.nameColumn, 'o', a.orderBy), (sort) =>
      organizationsQuery(reader, a.filter, sort),
    ),

  declaration: bySlugOrId('Declaration'),
  declarations: (
    _: unknown,
    a: PageArgs<DeclarationFilter, OrderArg<'SIGNED_ON' | 'TITLE'>>,
    { reader, planner }: Context,
    info: GraphQLResolveInfo,
  ) => planner.connection(info, 'Declaration', a, declarationSort(a.orderBy), (sort) => declarationsQuery(reader, a.filter, sort)),

  place: bySlugOrId('Place'),
  places: (_: unknown, a: PageArgs<PlaceFilter, OrderArg<'NAME'>>, { planner }: Context, info: GraphQLResolveInfo) =>
    planner.connection(info, 'Place', a, nameSort('place', ENTITY.place.nameColumn, 'pl', a.orderBy), (sort) => placesQuery(a.filter, sort)),

  source: bySlugOrId('Source'),
  sources: (_: unknown, a: ConnectionArgs, { planner }: Context, info: GraphQLResolveInfo) =>
    planner.connection(info, 'Source', a, sourceSort(), sourcesQuery),

  events: (_: unknown, a: PageArgs<EventFilter, never>, { reader }: Context) => eventsPage(reader, a, a.filter),

  search,
};
