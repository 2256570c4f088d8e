import type { Context } from '../context.js';
import { toGlobalId } from '../lib/globalId.js';
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
};
