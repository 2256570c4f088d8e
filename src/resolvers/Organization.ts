import type { Context } from '../context.js';
import type { ConnectionArgs } from '../lib/connection.js';
import { toGlobalId } from '../lib/globalId.js';
import type { ArticleOrder } from '../services/articles.js';
import type { OrganizationRow } from '../services/types.js';
import { coMentionedField, timelineField } from './graphFields.js';

export const Organization = {
  id: (o: OrganizationRow) => toGlobalId('Organization', o.id),
  aliases: (o: OrganizationRow) => o.aliases ?? [],
  country: (o: OrganizationRow, _: unknown, { loaders }: Context) => (o.countryId ? loaders.place.load(o.countryId) : null),
  parent: (o: OrganizationRow, _: unknown, { loaders }: Context) => (o.parentId ? loaders.organization.load(o.parentId) : null),
  children: (o: OrganizationRow, _: unknown, { loaders }: Context) => loaders.childrenOfOrganization.load(o.id),
  members: (o: OrganizationRow, args: ConnectionArgs, { loaders }: Context) =>
    loaders.membersOfOrganization.load({ parentId: o.id, args }),
  articles: (o: OrganizationRow, args: ConnectionArgs & { orderBy?: ArticleOrder }, { loaders }: Context) =>
    loaders.articlesMentioningOrganization.load({ parentId: o.id, args, order: args.orderBy }),
  signatures: (o: OrganizationRow, _: unknown, { loaders }: Context) => loaders.signaturesByOrganization.load(o.id),
  merges: (o: OrganizationRow, _: unknown, { loaders }: Context) => loaders.mergesIntoOrganization.load(o.id),
  coMentioned: coMentionedField('organization'),
  mentionTimeline: timelineField('organization'),
};
