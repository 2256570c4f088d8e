import { MENTIONED, MODEL } from '../model/registry.js';
import { NODE_TYPE } from './Node.js';
import type { MentionResolvers } from './generated.js';

export const Mention: MentionResolvers = {
  entity: async (m, _, { loaders }) => {
    const type = MENTIONED[m.kind];
    const loader: { load(id: number): Promise<object | null> } = loaders[MODEL[type].table];
    const row = await loader.load(m.entityId);
    return row && { ...row, [NODE_TYPE]: type };
  },
  evidence: (m) => (m.start == null || m.end == null ? null : { articleId: m.articleId, start: m.start, end: m.end }),
};
