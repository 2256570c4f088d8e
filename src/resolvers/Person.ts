import type { Context } from '../context.js';
import type { ConnectionArgs } from '../lib/connection.js';
import { toGlobalId } from '../lib/globalId.js';
import type { ArticleOrder } from '../services/articles.js';
import type { PersonRow } from '../services/types.js';

export const Person = {
  id: (p: PersonRow) => toGlobalId('Person', p.id),
  aliases: (p: PersonRow) => p.aliases ?? [],
  nationality: (p: PersonRow, _: unknown, { loaders }: Context) => (p.nationalityId ? loaders.place.load(p.nationalityId) : null),
  affiliations: (p: PersonRow, _: unknown, { loaders }: Context) => loaders.affiliationsByPerson.load(p.id),
  articles: (p: PersonRow, args: ConnectionArgs & { orderBy?: ArticleOrder }, { loaders }: Context) =>
    loaders.articlesMentioningPerson.load({ parentId: p.id, args, order: args.orderBy }),
  quotes: (p: PersonRow, args: ConnectionArgs, { loaders }: Context) => loaders.quotesBySpeaker.load({ parentId: p.id, args }),
  signatures: (p: PersonRow, _: unknown, { loaders }: Context) => loaders.signaturesByPerson.load(p.id),
  events: (p: PersonRow, _: unknown, { loaders }: Context) => loaders.participationsByPerson.load(p.id),
  merges: (p: PersonRow, _: unknown, { loaders }: Context) => loaders.mergesIntoPerson.load(p.id),
};
