import { relationResolvers } from '../plan/index.js';
import type { Context } from '../context.js';
import { toGlobalId } from '../lib/globalId.js';
import { roleOn } from '../services/roles.js';
import type { QuoteRow } from '../services/types.js';
import { articleOrThrow, evidence, partialDate } from './shared.js';
import type { QuoteResolvers } from './generated.js';

export const Quote: QuoteResolvers = {
  ...relationResolvers('Quote'),
  id: (q: QuoteRow) => toGlobalId('Quote', q.id),
  saidOn: (q: QuoteRow) => partialDate(q.saidOn, q.saidPrecision),
  evidence: (q: QuoteRow) => evidence(q, q.articleId),
  speakerRole: async (q: QuoteRow, _: unknown, ctx: Context) => {
    if (!q.speakerId) return null;
    const day = q.saidOn ?? (await articleOrThrow(ctx, q.articleId)).publishedAt;
    return roleOn(await ctx.loaders.affiliationsByPerson.load(q.speakerId), day);
  },
};
