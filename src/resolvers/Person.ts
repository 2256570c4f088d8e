import { relationResolvers } from '../plan/index.js';
import type { Context } from '../context.js';
import type { ConnectionArgs } from '../lib/connection.js';
import { toGlobalId } from '../lib/globalId.js';
import type { ArticleOrder } from '../services/articles.js';
import { rolesHeldOn } from '../services/roles.js';
import type { PersonRow } from '../services/types.js';
import { coMentionedField, timelineField } from './graphFields.js';

export const Person = {
  ...relationResolvers('Person'),
  id: (p: PersonRow) => toGlobalId('Person', p.id),
  aliases: (p: PersonRow) => p.aliases ?? [],
  events: (p: PersonRow, _: unknown, { loaders }: Context) => loaders.participationsByPerson.load(p.id),
  merges: (p: PersonRow, _: unknown, { loaders }: Context) => loaders.mergesIntoPerson.load(p.id),
  coMentioned: coMentionedField('person'),
  mentionTimeline: timelineField('person'),
};
