import type { Context } from '../context.js';
import { roleOn } from '../services/roles.js';
import type { SignatoryRow } from '../services/types.js';
import { evidence } from './shared.js';

export const Signatory = {
  declaration: (s: SignatoryRow, _: unknown, { loaders }: Context) => loaders.declaration.load(s.declarationId),
  person: (s: SignatoryRow, _: unknown, { loaders }: Context) => (s.personId ? loaders.person.load(s.personId) : null),
  organization: (s: SignatoryRow, _: unknown, { loaders }: Context) =>
    s.organizationId ? loaders.organization.load(s.organizationId) : null,
  country: (s: SignatoryRow, _: unknown, { loaders }: Context) => (s.placeId ? loaders.place.load(s.placeId) : null),
  evidence: (s: SignatoryRow) => evidence(s),
  roleAtSigning: async (s: SignatoryRow, _: unknown, { loaders }: Context) => {
    const declaration = await loaders.declaration.load(s.declarationId);
    if (!s.personId || !declaration?.signedOn) return null;
    return roleOn(await loaders.affiliationsByPerson.load(s.personId), declaration.signedOn);
  },
};
