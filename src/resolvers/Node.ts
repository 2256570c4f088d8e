/** Global-id lookups: Query.node / Query.nodes, and which GraphQL type a row is. */
import type { Context } from '../context.js';
import { badUserInput } from '../lib/errors.js';
import { decodeGlobalId } from '../lib/globalId.js';
import { MODEL, NODE_TYPES } from '../model/registry.js';
import { taggedType } from './shared.js';
import type { NodeResolvers } from './generated.js';

/** Rows don't carry their type, so fetched nodes are tagged with it for __resolveType. */
export const NODE_TYPE = Symbol('nodeType');

export async function loadNode(ctx: Context, globalId: string): Promise<object | null> {
  const decoded = decodeGlobalId(globalId);
  if (!decoded) throw badUserInput('id', `"${globalId.slice(0, 40)}" is not a valid global id`);
  // Node types' tables are also the names of their by-id loaders.
  const loader: { load(id: number): Promise<object | null> } = ctx.loaders[MODEL[decoded.type].table];
  const row = await loader.load(decoded.id);
  return row ? { ...row, [NODE_TYPE]: decoded.type } : null;
}

export const Node: NodeResolvers = {
  __resolveType: (obj) => taggedType(obj, NODE_TYPE, NODE_TYPES),
};
