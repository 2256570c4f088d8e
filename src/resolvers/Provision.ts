import type { ProvisionRow } from '../services/types.js';
import { evidence } from './shared.js';

export const Provision = {
  evidence: (p: ProvisionRow) => evidence(p),
};
