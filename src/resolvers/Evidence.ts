import type { Context } from '../context.js';
import { articleOrThrow, type EvidenceParent } from './shared.js';
import type { EvidenceResolvers } from './generated.js';

export const Evidence: EvidenceResolvers = {
  article: (e: EvidenceParent, _: unknown, ctx: Context) => articleOrThrow(ctx, e.articleId),
  text: async (e: EvidenceParent, _: unknown, { loaders }: Context) => {
    const body = (await loaders.articleBody.load(e.articleId))?.body ?? '';
    return e.end <= body.length ? body.slice(e.start, e.end) : null;
  },
};
