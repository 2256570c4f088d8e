import type { Context } from '../context.js';
import type { ConnectionArgs } from '../lib/connection.js';
import { badUserInput } from '../lib/errors.js';
import { parseGlobalId, type NodeType } from '../lib/globalId.js';
import { articlesPage, type ArticleFilter, type ArticleOrder } from '../services/articles.js';
import { declarationsPage, type DeclarationFilter } from '../services/declarations.js';
import { eventsPage, type EventFilter } from '../services/events.js';
import { organizationsPage, type OrganizationFilter } from '../services/organizations.js';
import { peoplePage, type PersonFilter } from '../services/people.js';
import { placesPage, type PlaceFilter } from '../services/places.js';
import { sourcesPage } from '../services/sources.js';
import type { OrderArg } from '../services/sql/sorts.js';
import { loadNode } from './Node.js';
import { search } from './searchField.js';
import { survivorOfSlug, type MergeableType } from '../services/merge.js';

type PageArgs<F, O> = ConnectionArgs & { filter?: F | null; orderBy?: O | null };
type ByKeyArgs = { id?: string | null; slug?: string | null };

const MAX_NODES = 100;

/** `x(id:, slug:)` lookups take exactly one of the two. */
function oneKey(args: Record<string, string | null | undefined>, names: [string, string]): void {
  const given = names.filter((n) => args[n] != null);
  if (given.length !== 1) throw badUserInput(names.join('|'), `pass exactly one of "${names[0]}" or "${names[1]}"`);
}

function bySlugOrId(type: NodeType, loaderById: keyof Context['loaders'], loaderBySlug: keyof Context['loaders']) {
  return (_: unknown, args: ByKeyArgs, ctx: Context) => {
    oneKey(args, ['id', 'slug']);
    const load = (name: keyof Context['loaders'], key: unknown) =>
      (ctx.loaders[name] as { load(k: unknown): Promise<unknown> }).load(key);
    return args.id != null ? load(loaderById, parseGlobalId(args.id, type)) : load(loaderBySlug, args.slug);
  };
}

/** A slug that was merged away still finds the entity it was merged into. */
function followMerges(type: MergeableType, lookup: ReturnType<typeof bySlugOrId>) {
  return async (parent: unknown, args: ByKeyArgs, ctx: Context) => {
    const found = await lookup(parent, args, ctx);
    if (found || args.slug == null) return found;
    const survivor = await survivorOfSlug(ctx.db, type, args.slug);
    return survivor == null ? null : ctx.loaders[type].load(survivor);
  };
}

export const Query = {
  node: (_: unknown, { id }: { id: string }, ctx: Context) => loadNode(ctx, id),
  nodes: (_: unknown, { ids }: { ids: string[] }, ctx: Context) => {
    if (ids.length > MAX_NODES) throw badUserInput('ids', `at most ${MAX_NODES} ids per request, got ${ids.length}`);
    return ids.map((id) => loadNode(ctx, id).catch((err: Error) => err));
  },

  article: (_: unknown, args: { id?: string | null; url?: string | null }, ctx: Context) => {
    oneKey(args, ['id', 'url']);
    return args.id != null
      ? ctx.loaders.article.load(parseGlobalId(args.id, 'Article'))
      : ctx.loaders.articleByUrl.load(args.url!);
  },
  articles: (_: unknown, a: PageArgs<ArticleFilter, ArticleOrder>, { reader }: Context) =>
    articlesPage(reader, a, a.filter, a.orderBy),

  person: followMerges('person', bySlugOrId('Person', 'person', 'personBySlug')),
  people: (_: unknown, a: PageArgs<PersonFilter, OrderArg<'NAME'>>, { reader }: Context) =>
    peoplePage(reader, a, a.filter, a.orderBy),

  organization: followMerges('organization', bySlugOrId('Organization', 'organization', 'organizationBySlug')),
  organizations: (_: unknown, a: PageArgs<OrganizationFilter, OrderArg<'NAME'>>, { reader }: Context) =>
    organizationsPage(reader, a, a.filter, a.orderBy),

  declaration: bySlugOrId('Declaration', 'declaration', 'declarationBySlug'),
  declarations: (_: unknown, a: PageArgs<DeclarationFilter, OrderArg<'SIGNED_ON' | 'TITLE'>>, { reader }: Context) =>
    declarationsPage(reader, a, a.filter, a.orderBy),

  place: bySlugOrId('Place', 'place', 'placeBySlug'),
  places: (_: unknown, a: PageArgs<PlaceFilter, OrderArg<'NAME'>>, { reader }: Context) =>
    placesPage(reader, a, a.filter, a.orderBy),

  source: bySlugOrId('Source', 'source', 'sourceBySlug'),
  sources: (_: unknown, a: ConnectionArgs, { reader }: Context) => sourcesPage(reader, a),

  events: (_: unknown, a: PageArgs<EventFilter, never>, { reader }: Context) => eventsPage(reader, a, a.filter),

  search,
};
