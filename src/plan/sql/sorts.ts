/** The sort orders each connection offers, as keyset sorts. */
import { Prisma } from '../../db/client.js';
import type { Sort } from '../keyset.js';

export type Direction = 'ASC' | 'DESC';
export interface OrderArg<F extends string> {
  field: F;
  direction: Direction;
}

export type ArticleOrder = OrderArg<'PUBLISHED_AT' | 'TITLE' | 'MENTION_COUNT'>;

const ARTICLE_ORDER_FIELDS: readonly string[] = ['PUBLISHED_AT', 'TITLE', 'MENTION_COUNT'];

/** An `orderBy` argument as GraphQL coerced it (ArticleOrder input), or null when absent. */
export function articleOrderArg(value: unknown): ArticleOrder | null {
  if (value == null || typeof value !== 'object') return null;
  const { field, direction } = value as Record<string, unknown>;
  if (typeof field !== 'string' || !ARTICLE_ORDER_FIELDS.includes(field) || (direction !== 'ASC' && direction !== 'DESC')) return null;
  return { field: field as ArticleOrder['field'], direction };
}

const id = (alias: string) => ({ sql: Prisma.raw(`${alias}."id"`), type: 'int' as const });

const ARTICLE_KEYS = {
  PUBLISHED_AT: { sql: Prisma.raw('a."published_at"'), type: 'timestamptz' as const },
  TITLE: { sql: Prisma.raw('a."title"'), type: 'text' as const },
  // A correlated count: exact and index-served per article, but not free on deep pages.
  MENTION_COUNT: {
    sql: Prisma.raw('(SELECT count(*)::int FROM "mention" mc WHERE mc."article_id" = a."id")'),
    type: 'int' as const,
  },
};

export function articleSort(order?: OrderArg<'PUBLISHED_AT' | 'TITLE' | 'MENTION_COUNT'> | null): Sort {
  const { field, direction } = order ?? { field: 'PUBLISHED_AT', direction: 'DESC' };
  const key = ARTICLE_KEYS[field];
  return { key: `article:${field}:${direction}`, keys: [key, id('a')], direction };
}

/** Entities sorted by their display name (`nameColumn` is e.g. `p."name"`). */
export function nameSort(kind: string, nameColumn: Prisma.Sql, alias: string, order?: OrderArg<string> | null): Sort {
  const direction = order?.direction ?? 'ASC';
  return { key: `${kind}:NAME:${direction}`, keys: [{ sql: nameColumn, type: 'text' }, id(alias)], direction };
}

export function declarationSort(order?: OrderArg<'SIGNED_ON' | 'TITLE'> | null): Sort {
  const { field, direction } = order ?? { field: 'SIGNED_ON', direction: 'DESC' };
  // Undated declarations sort as the oldest; coalesce keeps the keyset comparison total.
  const key =
    field === 'TITLE'
      ? { sql: Prisma.raw('d."title"'), type: 'text' as const }
      : { sql: Prisma.raw(`coalesce(d."signed_on", '0001-01-01'::date)`), type: 'date' as const };
  return { key: `declaration:${field}:${direction}`, keys: [key, id('d')], direction };
}

/** Quotes newest first: by the day said, else the article's publication day. */
export function quoteSort(): Sort {
  return {
    key: 'quote:SAID_ON:DESC',
    keys: [
      { sql: Prisma.raw(`coalesce(q."said_on", (qa."published_at" AT TIME ZONE 'UTC')::date)`), type: 'date' },
      id('q'),
    ],
    direction: 'DESC',
  };
}

export function eventSort(): Sort {
  return {
    key: 'event:OCCURRED_ON:DESC',
    keys: [{ sql: Prisma.raw(`coalesce(e."occurred_on", '0001-01-01'::date)`), type: 'date' }, id('e')],
    direction: 'DESC',
  };
}

export function byIdSort(kind: string, alias: string): Sort {
  return { key: `${kind}:ID:ASC`, keys: [id(alias)], direction: 'ASC' };
}
