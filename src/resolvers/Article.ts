import type { Context } from '../context.js';
import { toGlobalId } from '../lib/globalId.js';
import type { ArticleRow, MentionRow } from '../services/types.js';
import { NODE_TYPE } from './Node.js';

const ENTITY_TYPE = { PERSON: 'Person', ORGANIZATION: 'Organization', PLACE: 'Place', DECLARATION: 'Declaration' } as const;
const ENTITY_LOADER = { PERSON: 'person', ORGANIZATION: 'organization', PLACE: 'place', DECLARATION: 'declaration' } as const;

export const Article = {
  id: (a: ArticleRow) => toGlobalId('Article', a.id),
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

export const Mention = {
  entity: async (m: MentionRow, _: unknown, { loaders }: Context) => {
    const row = await loaders[ENTITY_LOADER[m.kind]].load(m.entityId);
    return row && { ...row, [NODE_TYPE]: ENTITY_TYPE[m.kind] };
  },
  evidence: (m: MentionRow) => (m.start == null || m.end == null ? null : { articleId: m.articleId, start: m.start, end: m.end }),
};

export const MentionedEntity = {
  __resolveType: (obj: { [NODE_TYPE]?: string }) => obj[NODE_TYPE] ?? null,
};
