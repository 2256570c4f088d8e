import type { MentionedEntityResolvers } from './generated.js';
import { NODE_TYPE } from './Node.js';
import { taggedType } from './shared.js';

export const MentionedEntity: MentionedEntityResolvers = {
  __resolveType: (obj) => taggedType(obj, NODE_TYPE, ['Person', 'Organization', 'Place', 'Declaration'] as const),
};
