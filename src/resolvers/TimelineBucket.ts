import type { Context } from '../context.js';
import type { ConnectionArgs } from '../lib/connection.js';
import type { BucketView } from './graphFields.js';
import type { TimelineBucketResolvers } from './generated.js';

export const TimelineBucket: TimelineBucketResolvers = {
  articles: (b: BucketView, args: ConnectionArgs, { loaders }: Context) =>
    loaders.bucketArticles[b.kind].load({ tuple: { eid: b.entityId, start: b.start, end: b.end }, args }),
};
