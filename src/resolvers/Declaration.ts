import { relationResolvers } from '../plan/index.js';
import type { Context } from '../context.js';
import { toGlobalId } from '../lib/globalId.js';
import type { DeclarationRow } from '../services/types.js';
import type { RelationView } from './DeclarationRelation.js';
import { timelineField } from './graphFields.js';
import { evidence, partialDate } from './shared.js';
import type { DeclarationResolvers } from './generated.js';

export const Declaration: DeclarationResolvers = {
  ...relationResolvers('Declaration'),
  id: (d: DeclarationRow) => toGlobalId('Declaration', d.id),
  aliases: (d: DeclarationRow) => d.aliases ?? [],
  signedOn: (d: DeclarationRow) => partialDate(d.signedOn, d.signedPrecision),
  signedOnPrecision: (d: DeclarationRow) => (d.signedOn ? d.signedPrecision ?? 'DAY' : null),
  provisions: (d: DeclarationRow, _: unknown, { loaders }: Context) => loaders.provisionsByDeclaration.load(d.id),
  relatedDeclarations: async (d: DeclarationRow, _: unknown, { loaders }: Context): Promise<RelationView[]> =>
    (await loaders.relationsByDeclaration.load(d.id)).map((r) => ({ ...r, viewedFrom: d.id })),
  evidence: (d: DeclarationRow) => evidence(d),
  mentionTimeline: timelineField('declaration'),
};

