import type { Context } from '../context.js';
import { toGlobalId } from '../lib/globalId.js';
import type { MentionedEntityRow } from '../services/mentions.js';
import type { ArticleRow } from '../services/types.js';

/** The entities of one kind an article mentions, from the one load of all its mentioned entities. */
async function mentioned(ctx: Context, articleId: number, kind: MentionedEntityRow['kind']) {
  const rows = await ctx.loaders.entitiesByArticle.load(articleId);
  return rows.filter((r) => r.kind === kind).map((r) => r.entity);
}

export const Article = {
  id: (a: ArticleRow) => toGlobalId('Article', a.id),
  body: async (a: ArticleRow, _: unknown, { loaders }: Context) => (await loaders.articleBody.load(a.id))?.body ?? '',
  source: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.source.load(a.sourceId),
  authors: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.authorsByArticle.load(a.id),
  people: (a: ArticleRow, _: unknown, ctx: Context) => mentioned(ctx, a.id, 'PERSON'),
  organizations: (a: ArticleRow, _: unknown, ctx: Context) => mentioned(ctx, a.id, 'ORGANIZATION'),
  places: (a: ArticleRow, _: unknown, ctx: Context) => mentioned(ctx, a.id, 'PLACE'),
  declarations: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.declarationsByArticle.load(a.id),
  mentions: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.mentionsByArticle.load(a.id),
  quotes: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.quotesByArticle.load(a.id),
  events: async (a: ArticleRow, { kinds }: { kinds?: string[] | null }, { loaders }: Context) => {
    const events = await loaders.eventsByArticle.load(a.id);
    return kinds?.length ? events.filter((e) => kinds.includes(e.kind)) : events;
  },
  topics: async (a: ArticleRow, _: unknown, { loaders }: Context) => (await loaders.topicsByArticle.load(a.id)).map((t) => t.topic),
  tone: (a: ArticleRow, _: unknown, { loaders }: Context) => loaders.toneOfArticle.load(a.id),
  meetings: async (a: ArticleRow, _: unknown, { loaders }: Context) =>
    (await loaders.eventsByArticle.load(a.id)).filter((e) => e.kind === 'MEETING'),
};

