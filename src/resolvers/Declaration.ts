import type { Context } from '../context.js';
import type { ConnectionArgs } from '../lib/connection.js';
import { toGlobalId } from '../lib/globalId.js';
import type { ArticleOrder } from '../services/articles.js';
import type { DeclarationRow } from '../services/types.js';
import type { RelationView } from './DeclarationRelation.js';
import { timelineField } from './graphFields.js';
import { evidence, partialDate } from './shared.js';

export const Declaration = {
  id: (d: DeclarationRow) => toGlobalId('Declaration', d.id),
  aliases: (d: DeclarationRow) => d.aliases ?? [],
  signedOn: (d: DeclarationRow) => partialDate(d.signedOn, d.signedPrecision),
  signedOnPrecision: (d: DeclarationRow) => (d.signedOn ? d.signedPrecision ?? 'DAY' : null),
  place: (d: DeclarationRow, _: unknown, { loaders }: Context) => (d.placeId ? loaders.place.load(d.placeId) : null),
  provisions: (d: DeclarationRow, _: unknown, { loaders }: Context) => loaders.provisionsByDeclaration.load(d.id),
  signatories: (d: DeclarationRow, _: unknown, { loaders }: Context) => loaders.signatoriesByDeclaration.load(d.id),
  relatedDeclarations: async (d: DeclarationRow, _: unknown, { loaders }: Context): Promise<RelationView[]> =>
    (await loaders.relationsByDeclaration.load(d.id)).map((r) => ({ ...r, viewedFrom: d.id })),
  articles: (d: DeclarationRow, args: ConnectionArgs & { orderBy?: ArticleOrder }, { loaders }: Context) =>
    loaders.articlesMentioningDeclaration.load({ parentId: d.id, args, order: args.orderBy }),
  evidence: (d: DeclarationRow) => evidence(d),
  mentionTimeline: timelineField('declaration'),
};

