/**
 * Fields shared by several entity types: co-mentions and mention timelines. Each entity module
 * spreads the ones it offers, bound to its kind.
 */
import type { Context } from '../context.js';
import { mapConnection, type ConnectionArgs } from '../lib/connection.js';
import type { BucketRow, CoMentionRow, DateWindow, Interval } from '../services/graph.js';
import type { EntityKind } from '../services/types.js';

type Subject = 'person' | 'organization';

/** A co-mention remembers whom it was asked of, for its `articles` field. */
export type CoMentionView = CoMentionRow & { subject: Subject; subjectId: number; window: DateWindow };
export type BucketView = BucketRow & { kind: EntityKind };

export function coMentionedField(subject: Subject) {
  return async (
    parent: { id: number },
    args: ConnectionArgs & { since?: Date | null; until?: Date | null },
    { loaders }: Context,
  ) => {
    const window: DateWindow = { since: args.since ?? null, until: args.until ?? null };
    const loader = subject === 'person' ? loaders.coMentionsOfPerson : loaders.coMentionsOfOrganization;
    const conn = await loader.load({ parentId: parent.id, args, order: window });
    const view = (c: CoMentionRow): CoMentionView => ({ ...c, subject, subjectId: parent.id, window });
    return mapConnection(conn, view);
  };
}

export function timelineField(kind: EntityKind) {
  return async (
    parent: { id: number },
    args: { interval: Interval; from?: Date | null; to?: Date | null },
    { loaders }: Context,
  ): Promise<BucketView[]> => {
    const window: DateWindow = { since: args.from ?? null, until: args.to ?? null };
    const rows = await loaders.timeline.load({ kind, id: parent.id, interval: args.interval, window });
    return rows.map((r) => ({ ...r, kind }));
  };
}

