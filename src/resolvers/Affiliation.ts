import { relationResolvers } from '../plan/index.js';
import { toGlobalId } from '../lib/globalId.js';
import type { AffiliationRow } from '../services/types.js';
import { evidence, partialDate } from './shared.js';
import type { AffiliationResolvers } from './generated.js';

export const Affiliation: AffiliationResolvers = {
  ...relationResolvers('Affiliation'),
  id: (a: AffiliationRow) => toGlobalId('Affiliation', a.id),
  validFrom: (a: AffiliationRow) => partialDate(a.validFrom, a.validFromPrecision),
  validTo: (a: AffiliationRow) => partialDate(a.validTo, a.validToPrecision),
  evidence: (a: AffiliationRow) => evidence(a),
};
