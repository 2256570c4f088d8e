/** Events that articles report: meetings, awards, interviews. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { pageRequest, toConnection, type Connection, type ConnectionArgs } from '../lib/connection.js';
import { badUserInput } from '../lib/errors.js';
import { resolveAnyRef } from './refs.js';
import { select } from '../plan/sql/columns.js';
import type { PageQuery } from '../plan/keyset.js';
import { fetchCount, fetchPage } from '../plan/pages.js';
import { eventSort } from '../plan/sql/sorts.js';
import type { EventRow, ParticipantRow } from './types.js';

export interface EventFilter {
  kinds?: string[] | null;
  participant?: string | null;
  from?: string | null;
  to?: string | null;
}

async function filterConditions(db: Reader, f: EventFilter): Promise<Prisma.Sql[]> {
  const where: Prisma.Sql[] = [];
  if (f.kinds?.length) where.push(Prisma.sql`e."kind"::text = ANY(${f.kinds}::text[])`);
  if (f.participant) {
    const ref = await resolveAnyRef(db, ['person', 'organization'], f.participant, 'filter.participant');
    const col = Prisma.raw(ref.table === 'person' ? '"person_id"' : '"organization_id"');
    where.push(Prisma.sql`e."id" IN (SELECT ep."event_id" FROM "event_participant" ep WHERE ep.${col} = ${ref.id})`);
  }
  if (f.from && f.to && f.from > f.to) throw badUserInput('filter.to', 'must not be earlier than filter.from');
  // A date known only to a month or year matches any day of its period.
  if (f.from) where.push(Prisma.sql`${periodEnd} >= ${f.from}::date`);
  if (f.to) where.push(Prisma.sql`e."occurred_on" <= ${f.to}::date`);
  return where;
}

const periodEnd = Prisma.sql`(CASE e."occurred_precision"
  WHEN 'YEAR' THEN (e."occurred_on" + interval '1 year' - interval '1 day')::date
  WHEN 'MONTH' THEN (e."occurred_on" + interval '1 month' - interval '1 day')::date
  ELSE e."occurred_on" END)`;

export async function eventsPage(
  db: Reader,
  args: ConnectionArgs,
  filter: EventFilter | null | undefined,
): Promise<Connection<EventRow>> {
  const sort = eventSort();
  const req = pageRequest(args, sort.key);
  const q: PageQuery = {
    select: select.event('e'),
    from: Prisma.sql`"event" e`,
    where: await filterConditions(db, filter ?? {}),
    sort,
  };
  return toConnection(await fetchPage<EventRow>(db, q, req), req, sort.key, () => fetchCount(db, q));
}

/** Events of many articles, in reading order. */
export async function eventsByArticles(db: Reader, articleIds: readonly number[]): Promise<EventRow[]> {
  return db.$queryRaw<EventRow[]>(Prisma.sql`
    SELECT ${select.event('e')} FROM "event" e
    WHERE e."article_id" = ANY(${[...articleIds]}::int[])
    ORDER BY e."article_id", e."evidence_start" NULLS LAST, e."id"`);
}

const PARTICIPANT_SELECT = Prisma.sql`ep."id", ep."event_id" AS "eventId", ep."person_id" AS "personId",
  ep."organization_id" AS "organizationId", ep."role"`;

/** Participants of many events, in the order they were recorded. */
export async function participantsOf(db: Reader, eventIds: readonly number[]): Promise<ParticipantRow[]> {
  return db.$queryRaw<ParticipantRow[]>(Prisma.sql`
    SELECT ${PARTICIPANT_SELECT} FROM "event_participant" ep
    WHERE ep."event_id" = ANY(${[...eventIds]}::int[]) ORDER BY ep."event_id", ep."id"`);
}

/** Events many people took part in, newest first. */
export async function participationsOf(db: Reader, personIds: readonly number[]): Promise<ParticipantRow[]> {
  return db.$queryRaw<ParticipantRow[]>(Prisma.sql`
    SELECT ${PARTICIPANT_SELECT} FROM "event_participant" ep JOIN "event" e ON e."id" = ep."event_id"
    WHERE ep."person_id" = ANY(${[...personIds]}::int[])
    ORDER BY e."occurred_on" DESC NULLS LAST, ep."id"`);
}
