import type { ProvisionRow } from '../services/types.js';
import { evidence } from './shared.js';
import type { ProvisionResolvers } from './generated.js';

export const Provision: ProvisionResolvers = {
  evidence: (p: ProvisionRow) => evidence(p),
};
