/** Global-id lookups: Query.node / Query.nodes, and which GraphQL type a row is. */
import type { Context } from '../context.js';
import { badUserInput } from '../lib/errors.js';
import { decodeGlobalId, NODE_TYPES, type NodeType } from '../lib/globalId.js';
import { taggedType } from './shared.js';
import type { NodeResolvers } from './generated.js';

const LOADER: Record<NodeType, keyof Context['loaders']> = {
  Article: 'article',
  Source: 'source',
  Person: 'person',
  Organization: 'organization',
  Place: 'place',
  Declaration: 'declaration',
  Quote: 'quote',
  Event: 'event',
  Affiliation: 'affiliation',
};

/** Rows don't carry their type, so fetched nodes are tagged with it for __resolveType. */
export const NODE_TYPE = Symbol('nodeType');

export async function loadNode(ctx: Context, globalId: string): Promise<object | null> {
  const decoded = decodeGlobalId(globalId);
  if (!decoded) throw badUserInput('id', `"${globalId.slice(0, 40)}" is not a valid global id`);
  const loader = ctx.loaders[LOADER[decoded.type]] as { load(id: number): Promise<object | null> };
  const row = await loader.load(decoded.id);
  return row ? { ...row, [NODE_TYPE]: decoded.type } : null;
}

export const Node: NodeResolvers = {
  __resolveType: (obj) => taggedType(obj, NODE_TYPE, NODE_TYPES),
};
