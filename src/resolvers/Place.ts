import { relationResolvers } from '../plan/index.js';
import type { Context } from '../context.js';
import type { ConnectionArgs } from '../lib/connection.js';
import { toGlobalId } from '../lib/globalId.js';
import type { ArticleOrder } from '../services/articles.js';
import type { PlaceRow } from '../services/types.js';
import { timelineField } from './graphFields.js';

export const Place = {
  ...relationResolvers('Place'),
  id: (p: PlaceRow) => toGlobalId('Place', p.id),
  aliases: (p: PlaceRow) => p.aliases ?? [],
  mentionTimeline: timelineField('place'),
};
