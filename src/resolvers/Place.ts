import { relationResolvers } from '../plan/index.js';
import { toGlobalId } from '../lib/globalId.js';
import type { PlaceRow } from '../services/types.js';
import { timelineField } from './graphFields.js';
import type { PlaceResolvers } from './generated.js';

export const Place: PlaceResolvers = {
  ...relationResolvers('Place'),
  id: (p: PlaceRow) => toGlobalId('Place', p.id),
  aliases: (p: PlaceRow) => p.aliases ?? [],
  mentionTimeline: timelineField('place'),
};
