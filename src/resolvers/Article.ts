import type { Context } from '../context.js';
import { toGlobalId } from '../lib/globalId.js';
import type { ArticleRow } from '../services/types.js';

export const Article = {
  id: (a: ArticleRow) => toGlobalId('Article', a.id),
  body: async (a: ArticleRow, _: unknown, { loaders }: Context) => (await loaders.articleBody.load(a.id))?.body ?? '',
  source: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.source.load(a.sourceId),
  authors: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.authorsByArticle.load(a.id),
  people: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.peopleByArticle.load(a.id),
  organizations: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.organizationsByArticle.load(a.id),
  places: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.placesByArticle.load(a.id),
  declarations: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.declarationsByArticle.load(a.id),
  mentions: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.mentionsByArticle.load(a.id),
  quotes: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.quotesByArticle.load(a.id),
  events: async (a: ArticleRow, { kinds }: { kinds?: string[] | null }, { loaders }: Context) => {
    const events = await loaders.eventsByArticle.load(a.id);
    return kinds?.length ? events.filter((e) => kinds.includes(e.kind)) : events;
  },
  meetings: async (a: ArticleRow, _: unknown, { loaders }: Context) =>
    (await loaders.eventsByArticle.load(a.id)).filter((e) => e.kind === 'MEETING'),
};

