import type { Context } from '../context.js';
import type { ConnectionArgs } from '../lib/connection.js';
import { toGlobalId } from '../lib/globalId.js';
import type { ArticleOrder } from '../services/articles.js';
import type { PlaceRow } from '../services/types.js';
import { timelineField } from './graphFields.js';

export const Place = {
  id: (p: PlaceRow) => toGlobalId('Place', p.id),
  aliases: (p: PlaceRow) => p.aliases ?? [],
  parent: (p: PlaceRow, _: unknown, { loaders }: Context) => (p.parentId ? loaders.place.load(p.parentId) : null),
  children: (p: PlaceRow, _: unknown, { loaders }: Context) => loaders.childrenOfPlace.load(p.id),
  articles: (p: PlaceRow, args: ConnectionArgs & { orderBy?: ArticleOrder }, { loaders }: Context) =>
    loaders.articlesMentioningPlace.load({ parentId: p.id, args, order: args.orderBy }),
  mentionTimeline: timelineField('place'),
};
