import type { Context } from '../context.js';
import type { ConnectionArgs } from '../lib/connection.js';
import { toGlobalId } from '../lib/globalId.js';
import type { ArticleOrder } from '../services/articles.js';
import type { DeclarationRow, ProvisionRow, RelationRow, SignatoryRow } from '../services/types.js';
import { evidence, partialDate } from './shared.js';

/** A relation as seen from the declaration it was loaded for. */
type RelationView = RelationRow & { viewedFrom: number };

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
};

export const Provision = {
  evidence: (p: ProvisionRow) => evidence(p),
};

export const Signatory = {
  declaration: (s: SignatoryRow, _: unknown, { loaders }: Context) => loaders.declaration.load(s.declarationId),
  person: (s: SignatoryRow, _: unknown, { loaders }: Context) => (s.personId ? loaders.person.load(s.personId) : null),
  organization: (s: SignatoryRow, _: unknown, { loaders }: Context) =>
    s.organizationId ? loaders.organization.load(s.organizationId) : null,
  country: (s: SignatoryRow, _: unknown, { loaders }: Context) => (s.placeId ? loaders.place.load(s.placeId) : null),
  evidence: (s: SignatoryRow) => evidence(s),
};

export const DeclarationRelation = {
  direction: (r: RelationView) => (r.fromId === r.viewedFrom ? 'OUTGOING' : 'INCOMING'),
  declaration: (r: RelationView, _: unknown, { loaders }: Context) =>
    loaders.declaration.load(r.fromId === r.viewedFrom ? r.toId : r.fromId),
  evidence: (r: RelationView) => evidence(r),
};
