import type { Context } from '../context.js';
import type { MentionRow } from '../services/types.js';
import { NODE_TYPE } from './Node.js';
import type { MentionResolvers } from './generated.js';

const ENTITY_TYPE = { PERSON: 'Person', ORGANIZATION: 'Organization', PLACE: 'Place', DECLARATION: 'Declaration' } as const;
const ENTITY_LOADER = { PERSON: 'person', ORGANIZATION: 'organization', PLACE: 'place', DECLARATION: 'declaration' } as const;

export const Mention: MentionResolvers = {
  entity: async (m: MentionRow, _: unknown, { loaders }: Context) => {
    const row = await loaders[ENTITY_LOADER[m.kind]].load(m.entityId);
    return row && { ...row, [NODE_TYPE]: ENTITY_TYPE[m.kind] };
  },
  evidence: (m: MentionRow) => (m.start == null || m.end == null ? null : { articleId: m.articleId, start: m.start, end: m.end }),
};
