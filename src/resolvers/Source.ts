import { relationResolvers } from '../plan/index.js';
import type { Context } from '../context.js';
import { toGlobalId } from '../lib/globalId.js';
import type { ArticleOrder } from '../services/articles.js';
import type { SourceRow } from '../services/types.js';
import type { ConnectionArgs } from '../lib/connection.js';

export const Source = {
  ...relationResolvers('Source'),
  id: (s: SourceRow) => toGlobalId('Source', s.id),
};
