import type { Context } from '../context.js';
import { articleOrThrow, type EvidenceParent } from './shared.js';

export const Evidence = {
  article: (e: EvidenceParent, _: unknown, ctx: Context) => articleOrThrow(ctx, e.articleId),
  text: async (e: EvidenceParent, _: unknown, ctx: Context) => (await articleOrThrow(ctx, e.articleId)).body.slice(e.start, e.end),
};
