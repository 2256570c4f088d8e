import { relationResolvers } from '../plan/index.js';
import type { Context } from '../context.js';
import { toGlobalId } from '../lib/globalId.js';
import type { OrganizationRow } from '../services/types.js';
import { coMentionedField, timelineField } from './graphFields.js';
import type { OrganizationResolvers } from './generated.js';

export const Organization: OrganizationResolvers = {
  ...relationResolvers('Organization'),
  id: (o: OrganizationRow) => toGlobalId('Organization', o.id),
  aliases: (o: OrganizationRow) => o.aliases ?? [],
  merges: (o: OrganizationRow, _: unknown, { loaders }: Context) => loaders.mergesIntoOrganization.load(o.id),
  coMentioned: coMentionedField('organization'),
  mentionTimeline: timelineField('organization'),
};
