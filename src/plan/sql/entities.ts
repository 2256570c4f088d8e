/**
 * What the four mentionable entity tables (person, organization, place, declaration) have in
 * common, so lookups, name filters and "articles that mention X" are written once.
 */
import { Prisma } from '../../db/client.js';
import type { EntityKind } from '../../services/types.js';
import { MODEL, type MentionedType } from '../../model/registry.js';
import { select } from './columns.js';

export interface EntityTable {
  kind: EntityKind;
  table: Prisma.Sql;
  alias: Prisma.Sql;
  select: Prisma.Sql;
  /** Column holding the display name (`title` for declarations). */
  nameColumn: Prisma.Sql;
  /** Column of `mention` pointing at this table. */
  mentionColumn: Prisma.Sql;
}

function table(type: MentionedType): EntityTable {
  const { table: kind, alias, mention } = MODEL[type];
  return {
    kind,
    table: Prisma.raw(`"${kind}"`),
    alias: Prisma.raw(alias),
    select: select[kind](alias),
    nameColumn: Prisma.raw(`${alias}."${mention.nameColumn}"`),
    mentionColumn: Prisma.raw(`"${mention.column}"`),
  };
}

/** The mentionable tables by name, from the model registry. */
export const ENTITY: Record<EntityKind, EntityTable> = {
  person: table('Person'),
  organization: table('Organization'),
  place: table('Place'),
  declaration: table('Declaration'),
};

/** Escapes LIKE wildcards so user input matches literally. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Case- and accent-insensitive substring match on an entity's name and aliases. */
export function nameMatches(t: EntityTable, needle: string): Prisma.Sql {
  const pattern = `%${likeEscape(needle)}%`;
  return Prisma.sql`newsgraph_names(${t.nameColumn}, ${t.alias}."aliases") LIKE newsgraph_fold(${pattern})`;
}

/** "Article `a` mentions the entity `id`" (an id, or SQL giving one: a parent's id). */
export function mentions(kind: EntityKind, id: Prisma.Sql | number): Prisma.Sql {
  return Prisma.sql`a."id" IN (SELECT m."article_id" FROM "mention" m WHERE m.${ENTITY[kind].mentionColumn} = ${id})`;
}
