import { relationResolvers } from '../plan/index.js';
import type { Context } from '../context.js';
import { roleOn } from '../services/roles.js';
import type { SignatoryRow } from '../services/types.js';
import { evidence } from './shared.js';
import type { SignatoryResolvers } from './generated.js';

export const Signatory: SignatoryResolvers = {
  ...relationResolvers('Signatory'),
  evidence: (s: SignatoryRow) => evidence(s),
  roleAtSigning: async (s: SignatoryRow, _: unknown, { loaders }: Context) => {
    const declaration = await loaders.declaration.load(s.declarationId);
    if (!s.personId || !declaration?.signedOn) return null;
    return roleOn(await loaders.affiliationsByPerson.load(s.personId), declaration.signedOn);
  },
};
