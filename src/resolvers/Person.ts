import { relationResolvers } from '../plan/index.js';
import type { Context } from '../context.js';
import { toGlobalId } from '../lib/globalId.js';
import type { PersonRow } from '../services/types.js';
import { coMentionedField, timelineField } from './graphFields.js';
import type { PersonResolvers } from './generated.js';

export const Person: PersonResolvers = {
  ...relationResolvers('Person'),
  id: (p: PersonRow) => toGlobalId('Person', p.id),
  aliases: (p: PersonRow) => p.aliases ?? [],
  events: (p: PersonRow, _: unknown, { loaders }: Context) => loaders.participationsByPerson.load(p.id),
  merges: (p: PersonRow, _: unknown, { loaders }: Context) => loaders.mergesIntoPerson.load(p.id),
  coMentioned: coMentionedField('person'),
  mentionTimeline: timelineField('person'),
};
