import type { CoMentionedEntityResolvers } from './generated.js';
import { taggedType } from './shared.js';

export const CoMentionedEntity: CoMentionedEntityResolvers = {
  __resolveType: (obj) => taggedType(obj, '__typename', ['Person', 'Organization'] as const),
};
