/** Articles: the root connection with its filters, and articles per mentioned entity or source. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { badUserInput } from '../lib/errors.js';
import { resolveAnyRef, resolveRef } from './refs.js';
import { select } from '../plan/sql/columns.js';
import { mentions } from '../plan/sql/entities.js';
import type { PageQuery, Sort } from '../plan/keyset.js';
import type { EntityKind } from './types.js';

export type { ArticleOrder } from '../plan/sql/sorts.js';

export interface ArticleFilter {
  publishedAfter?: Date | null;
  publishedBefore?: Date | null;
  source?: string | null;
  mentionsPerson?: string | null;
  mentionsOrganization?: string | null;
  mentionsDeclaration?: string | null;
  mentionsPlace?: string | null;
  mentionsAll?: string[] | null;
  mentionsAny?: string[] | null;
  topic?: string | null;
}

const FROM = Prisma.sql`"article" a`;


export async function filterConditions(db: Reader, f: ArticleFilter): Promise<Prisma.Sql[]> {
  const conds: Prisma.Sql[] = [];
  if (f.publishedAfter) conds.push(Prisma.sql`a."published_at" >= ${f.publishedAfter}`);
  if (f.publishedBefore) conds.push(Prisma.sql`a."published_at" < ${f.publishedBefore}`);
  if (f.publishedAfter && f.publishedBefore && f.publishedAfter > f.publishedBefore) {
    throw badUserInput('filter.publishedBefore', 'must not be earlier than filter.publishedAfter');
  }
  if (f.topic) conds.push(Prisma.sql`a."id" IN (SELECT t."article_id" FROM "article_topic" t WHERE t."topic" = ${f.topic})`);
  if (f.source) conds.push(Prisma.sql`a."source_id" = ${await resolveRef(db, 'source', f.source, 'filter.source')}`);
  const byEntity: Array<[EntityKind, string | null | undefined, string]> = [
    ['person', f.mentionsPerson, 'filter.mentionsPerson'],
    ['organization', f.mentionsOrganization, 'filter.mentionsOrganization'],
    ['declaration', f.mentionsDeclaration, 'filter.mentionsDeclaration'],
    ['place', f.mentionsPlace, 'filter.mentionsPlace'],
  ];
  for (const [kind, ref, argument] of byEntity) {
    if (ref) conds.push(mentions(kind, await resolveRef(db, kind, ref, argument)));
  }
  for (const [name, refs] of [['filter.mentionsAll', f.mentionsAll], ['filter.mentionsAny', f.mentionsAny]] as const) {
    if (refs && refs.length > MAX_REFS) throw badUserInput(name, `at most ${MAX_REFS} entities, got ${refs.length}`);
  }
  if (f.mentionsAll?.length) {
    for (const [i, ref] of f.mentionsAll.entries()) conds.push(await mentionsRef(db, ref, `filter.mentionsAll[${i}]`));
  }
  if (f.mentionsAny?.length) {
    const any = await Promise.all(f.mentionsAny.map((ref, i) => mentionsRef(db, ref, `filter.mentionsAny[${i}]`)));
    conds.push(Prisma.sql`(${Prisma.join(any, ' OR ')})`);
  }
  return conds;
}

const MAX_REFS = 20;

/** "Mentions X" for a reference that may name any mentionable kind. */
async function mentionsRef(db: Reader, ref: string, argument: string): Promise<Prisma.Sql> {
  const { table, id } = await resolveAnyRef(db, ['person', 'organization', 'place', 'declaration'], ref, argument);
  return mentions(table as EntityKind, id);
}

/** The root `articles` connection's rows: filter and order (the planner pages it). */
export async function articlesQuery(
  db: Reader,
  filter: ArticleFilter | null | undefined,
  sort: Sort,
): Promise<PageQuery> {
  return { select: select.article('a'), from: FROM, where: await filterConditions(db, filter ?? {}), sort };
}
