import { NODE_TYPE } from './Node.js';

export const SearchResult = {
  __resolveType: (obj: { [NODE_TYPE]?: string }) => obj[NODE_TYPE] ?? null,
};
