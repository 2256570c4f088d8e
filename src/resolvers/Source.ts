import { relationResolvers } from '../plan/index.js';
import { toGlobalId } from '../lib/globalId.js';
import type { SourceRow } from '../services/types.js';
import type { SourceResolvers } from './generated.js';

export const Source: SourceResolvers = {
  ...relationResolvers('Source'),
  id: (s: SourceRow) => toGlobalId('Source', s.id),
};
