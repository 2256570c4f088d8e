import type { Context } from '../context.js';
import type { ConnectionArgs } from '../lib/connection.js';
import type { ArticleOrder } from '../services/articles.js';
import type { CoMentionView } from './graphFields.js';
import type { CoMentionResolvers } from './generated.js';

export const CoMention: CoMentionResolvers = {
  entity: async (c: CoMentionView, _: unknown, { loaders }: Context) => {
    const row = c.kind === 'PERSON' ? await loaders.person.load(c.entityId) : await loaders.organization.load(c.entityId);
    return row && { ...row, __typename: c.kind === 'PERSON' ? 'Person' : 'Organization' };
  },
  articles: (c: CoMentionView, args: ConnectionArgs & { orderBy?: ArticleOrder | null }, { loaders }: Context) => {
    const loader = c.subject === 'person' ? loaders.sharedArticlesOfPerson : loaders.sharedArticlesOfOrganization;
    return loader.load({
      tuple: { sid: c.subjectId, okind: c.kind, oid: c.entityId },
      args,
      order: { window: c.window, order: args.orderBy ?? null },
    });
  },
};
