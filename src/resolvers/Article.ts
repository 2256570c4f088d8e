import { relationResolvers } from '../plan/index.js';
import type { Context } from '../context.js';
import { toGlobalId } from '../lib/globalId.js';
import type { ArticleRow } from '../services/types.js';
import type { ArticleResolvers } from './generated.js';

export const Article: ArticleResolvers = {
  ...relationResolvers('Article'),
  id: (a: ArticleRow) => toGlobalId('Article', a.id),
  body: async (a: ArticleRow, _: unknown, { loaders }: Context) => (await loaders.articleBody.load(a.id))?.body ?? '',
  mentions: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.mentionsByArticle.load(a.id),
  events: async (a: ArticleRow, { kinds }: { kinds?: string[] | null }, { loaders }: Context) => {
    const events = await loaders.eventsByArticle.load(a.id);
    return kinds?.length ? events.filter((e) => kinds.includes(e.kind)) : events;
  },
  topics: async (a: ArticleRow, _: unknown, { loaders }: Context) => (await loaders.topicsByArticle.load(a.id)).map((t) => t.topic),
  tone: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.toneOfArticle.load(a.id),
  meetings: async (a: ArticleRow, _: unknown, { loaders }: Context) =>
    (await loaders.eventsByArticle.load(a.id)).filter((e) => e.kind === 'MEETING'),
};

