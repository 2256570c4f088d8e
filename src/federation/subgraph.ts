/**
 * newsgraph as an Apollo Federation 2 subgraph. schema.graphql stays the public contract (what
 * /graphql serves); the subgraph schema is built from it by adding a `@link` to the federation
 * spec and `@key(fields: "id")` on the entity types, and `@apollo/subgraph` adds `_service` and
 * `_entities`. A router reaches it on its own path (/subgraph, when FEDERATION is on), so plain
 * clients never see the federation fields.
 */
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { Kind, parse, type ConstDirectiveNode, type DefinitionNode, type DocumentNode, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { Context } from '../context.js';
import { awaitLazyFields } from '../execution/executor.js';
import { decodeGlobalId } from '../lib/globalId.js';
import { resolvers } from '../resolvers/index.js';
import { describedScalars } from '../resolvers/scalars.js';

/** The types other subgraphs may reference and extend, each keyed by its global id. */
export const ENTITY_TYPES = ['Article', 'Person', 'Organization', 'Place', 'Declaration', 'Quote'] as const;
type EntityType = (typeof ENTITY_TYPES)[number];

/** The federation version linked; one @apollo/composition and @apollo/gateway 2.x understand. */
const FEDERATION_URL = 'https://specs.apollo.dev/federation/v2.7';

const str = (value: string) => ({ kind: Kind.STRING, value }) as const;
const name = (value: string) => ({ kind: Kind.NAME, value }) as const;

const KEY: ConstDirectiveNode = {
  kind: Kind.DIRECTIVE,
  name: name('key'),
  arguments: [{ kind: Kind.ARGUMENT, name: name('fields'), value: str('id') }],
};

const LINK: DefinitionNode = {
  kind: Kind.SCHEMA_EXTENSION,
  directives: [
    {
      kind: Kind.DIRECTIVE,
      name: name('link'),
      arguments: [
        { kind: Kind.ARGUMENT, name: name('url'), value: str(FEDERATION_URL) },
        { kind: Kind.ARGUMENT, name: name('import'), value: { kind: Kind.LIST, values: [str('@key')] } },
      ],
    },
  ],
};

/** The contract's SDL with the federation link and the entity keys added; nothing else changes. */
export function subgraphTypeDefs(typeDefs: string): DocumentNode {
  const entities = new Set<string>(ENTITY_TYPES);
  const definitions = parse(typeDefs).definitions.map((def) =>
    def.kind === Kind.OBJECT_TYPE_DEFINITION && entities.has(def.name.value)
      ? { ...def, directives: [...(def.directives ?? []), KEY] }
      : def,
  );
  return { kind: Kind.DOCUMENT, definitions: [LINK, ...definitions] };
}

/**
 * `__resolveReference` for an entity type: the representation's id is newsgraph's global id. All
 * representations of the type in one `_entities` call are read in one planned statement
 * (Planner.entity), with whatever the router selected below them.
 */
function resolveReference(type: EntityType) {
  return (reference: { id?: unknown }, ctx: Context, info: GraphQLResolveInfo) => {
    const decoded = typeof reference.id === 'string' ? decodeGlobalId(reference.id) : null;
    // An id of another type, or not ours at all, names no entity: null, as for node(id:).
    if (!decoded || decoded.type !== type) return null;
    return ctx.planner.entity(info, type, decoded.id);
  };
}

let schema: GraphQLSchema | undefined;
/** The executable subgraph schema, built once, with the same resolvers as the public schema. */
export function subgraphSchema(typeDefs: string): GraphQLSchema {
  if (schema) return schema;
  const map: Record<string, unknown> = { ...resolvers, ...describedScalars(typeDefs) };
  for (const type of ENTITY_TYPES) map[type] = { ...(map[type] as object), __resolveReference: resolveReference(type) };
  schema = awaitLazyFields(buildSubgraphSchema([{ typeDefs: subgraphTypeDefs(typeDefs), resolvers: map as GraphQLResolverMap<Context> }]));
  return schema;
}
