import type { SearchResultResolvers } from './generated.js';
import { NODE_TYPE } from './Node.js';
import { taggedType } from './shared.js';

export const SearchResult: SearchResultResolvers = {
  __resolveType: (obj) => taggedType(obj, NODE_TYPE, ['Article', 'Quote', 'Person', 'Organization', 'Place', 'Declaration'] as const),
};
