import type { Context } from '../context.js';
import { toGlobalId } from '../lib/globalId.js';
import { roleOn } from '../services/roles.js';
import type { QuoteRow } from '../services/types.js';
import { articleOrThrow, evidence, partialDate } from './shared.js';

export const Quote = {
  id: (q: QuoteRow) => toGlobalId('Quote', q.id),
  speaker: (q: QuoteRow, _: unknown, { loaders }: Context) => (q.speakerId ? loaders.person.load(q.speakerId) : null),
  article: (q: QuoteRow, _: unknown, ctx: Context) => articleOrThrow(ctx, q.articleId),
  saidOn: (q: QuoteRow) => partialDate(q.saidOn, q.saidPrecision),
  settingOrganization: (q: QuoteRow, _: unknown, { loaders }: Context) =>
    q.settingOrganizationId ? loaders.organization.load(q.settingOrganizationId) : null,
  evidence: (q: QuoteRow) => evidence(q, q.articleId),
  speakerRole: async (q: QuoteRow, _: unknown, ctx: Context) => {
    if (!q.speakerId) return null;
    const day = q.saidOn ?? (await articleOrThrow(ctx, q.articleId)).publishedAt;
    return roleOn(await ctx.loaders.affiliationsByPerson.load(q.speakerId), day);
  },
};
