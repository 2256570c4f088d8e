import type { Context } from '../context.js';
import type { RelationRow } from '../services/types.js';
import { evidence } from './shared.js';

/** A relation as seen from the declaration it was loaded for. */
export type RelationView = RelationRow & { viewedFrom: number };

export const DeclarationRelation = {
  direction: (r: RelationView) => (r.fromId === r.viewedFrom ? 'OUTGOING' : 'INCOMING'),
  declaration: (r: RelationView, _: unknown, { loaders }: Context) =>
    loaders.declaration.load(r.fromId === r.viewedFrom ? r.toId : r.fromId),
  evidence: (r: RelationView) => evidence(r),
};
