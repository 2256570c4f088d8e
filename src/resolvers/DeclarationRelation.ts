import type { RelationRow } from '../services/types.js';
import { evidence, present } from './shared.js';
import type { DeclarationRelationResolvers } from './generated.js';

/** A relation as seen from the declaration it was loaded for. */
export type RelationView = RelationRow & { viewedFrom: number };

export const DeclarationRelation: DeclarationRelationResolvers = {
  direction: (r: RelationView) => (r.fromId === r.viewedFrom ? 'OUTGOING' : 'INCOMING'),
  declaration: async (r, _, { loaders }) =>
    present(await loaders.declaration.load(r.fromId === r.viewedFrom ? r.toId : r.fromId), 'related declaration'),
  evidence: (r: RelationView) => evidence(r),
};
