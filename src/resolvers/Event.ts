import type { Context } from '../context.js';
import { toGlobalId } from '../lib/globalId.js';
import type { EventRow } from '../services/types.js';
import { articleOrThrow, evidence, partialDate } from './shared.js';
import type { EventResolvers } from './generated.js';

export const Event: EventResolvers = {
  id: (e: EventRow) => toGlobalId('Event', e.id),
  occurredOn: (e: EventRow) => partialDate(e.occurredOn, e.occurredPrecision),
  place: (e: EventRow, _: unknown, { loaders }: Context) => (e.placeId ? loaders.place.load(e.placeId) : null),
  topics: (e: EventRow) => e.topics ?? [],
  participants: (e: EventRow, _: unknown, { loaders }: Context) => loaders.participantsByEvent.load(e.id),
  article: (e: EventRow, _: unknown, ctx: Context) => articleOrThrow(ctx, e.articleId),
  evidence: (e: EventRow) => evidence(e, e.articleId),
};

