import type { Context } from '../context.js';
import type { ConnectionArgs } from '../lib/connection.js';
import { toGlobalId } from '../lib/globalId.js';
import type { ArticleOrder } from '../services/articles.js';
import { rolesHeldOn } from '../services/roles.js';
import type { PersonRow } from '../services/types.js';
import { coMentionedField, timelineField } from './graphFields.js';

export const Person = {
  id: (p: PersonRow) => toGlobalId('Person', p.id),
  aliases: (p: PersonRow) => p.aliases ?? [],
  nationality: (p: PersonRow, _: unknown, { loaders }: Context) => (p.nationalityId ? loaders.place.load(p.nationalityId) : null),
  affiliations: async (p: PersonRow, { at }: { at?: string | null }, { loaders }: Context) => {
    const all = await loaders.affiliationsByPerson.load(p.id);
    return at ? rolesHeldOn(all, new Date(`${at}T00:00:00Z`)) : all;
  },
  articles: (p: PersonRow, args: ConnectionArgs & { orderBy?: ArticleOrder }, { loaders }: Context) =>
    loaders.articlesMentioningPerson.load({ parentId: p.id, args, order: args.orderBy }),
  quotes: (p: PersonRow, args: ConnectionArgs, { loaders }: Context) => loaders.quotesBySpeaker.load({ parentId: p.id, args }),
  signatures: (p: PersonRow, _: unknown, { loaders }: Context) => loaders.signaturesByPerson.load(p.id),
  events: (p: PersonRow, _: unknown, { loaders }: Context) => loaders.participationsByPerson.load(p.id),
  merges: (p: PersonRow, _: unknown, { loaders }: Context) => loaders.mergesIntoPerson.load(p.id),
  coMentioned: coMentionedField('person'),
  mentionTimeline: timelineField('person'),
};
