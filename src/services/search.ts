/**
 * Ranked search across articles, quotes and entity names. Text uses Postgres full-text search
 * (websearch syntax: `"shusha declaration" -kars`, `or`), accent-folded and stemmed, on GIN
 * indexes; names use trigram similarity, so near-misses ("erdogn") still match. Prisma's own
 * full-text search uses no index (prisma/orm#12334), hence raw SQL here.
 */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { pageRequest, toConnection, type Connection, type ConnectionArgs } from '../lib/connection.js';
import { badUserInput } from '../lib/errors.js';
import type { Sort } from '../plan/keyset.js';
import { fetchCount, fetchPage } from '../plan/pages.js';

export const SEARCH_TYPES = ['ARTICLE', 'QUOTE', 'PERSON', 'ORGANIZATION', 'PLACE', 'DECLARATION'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export interface SearchHitRow {
  type: SearchType;
  id: number;
  score: number;
}

const MAX_QUERY_LENGTH = 256;
const HIGHLIGHT = 'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=" … "';

/** The words of a websearch query without its operators, for matching names. */
export function nameTerms(query: string): string {
  return query
    .replace(/(^|\s)-("[^"]*"|\S+)/g, ' ') // drop excluded terms
    .replace(/\bor\b/gi, ' ')
    .replace(/["()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function textHits(table: 'article' | 'quote', type: SearchType): Prisma.Sql {
  const t = Prisma.raw(`"${table}"`);
  // ts_rank_cd with normalization 32 maps rank into [0, 1), comparable with name similarity.
  return Prisma.sql`SELECT ${type}::text AS type, x."id", ts_rank_cd(x."search_vector", q.tsq, 32)::float8 AS score
    FROM ${t} x, q WHERE x."search_vector" @@ q.tsq`;
}

function nameHits(table: 'person' | 'organization' | 'place' | 'declaration', type: SearchType): Prisma.Sql {
  const t = Prisma.raw(`"${table}"`);
  const name = Prisma.raw(table === 'declaration' ? 'x."title"' : 'x."name"');
  const names = Prisma.sql`newsgraph_names(${name}, x."aliases")`;
  // Names score a little above text: a query that names an entity most likely wants it.
  return Prisma.sql`SELECT ${type}::text AS type, x."id",
      (0.2 + 0.8 * greatest(word_similarity(q.names, ${names}), CASE WHEN ${names} LIKE '%' || q.names || '%' THEN 1 ELSE 0 END))::float8 AS score
    FROM ${t} x, q WHERE q.names <> '' AND (q.names <% ${names} OR ${names} LIKE '%' || q.names || '%')`;
}

const PARTS: Record<SearchType, () => Prisma.Sql> = {
  ARTICLE: () => textHits('article', 'ARTICLE'),
  QUOTE: () => textHits('quote', 'QUOTE'),
  PERSON: () => nameHits('person', 'PERSON'),
  ORGANIZATION: () => nameHits('organization', 'ORGANIZATION'),
  PLACE: () => nameHits('place', 'PLACE'),
  DECLARATION: () => nameHits('declaration', 'DECLARATION'),
};

const SORT: Sort = {
  key: 'search:RELEVANCE',
  keys: [
    { sql: Prisma.raw('h."score"'), type: 'float' },
    { sql: Prisma.raw('h."type"'), type: 'text' },
    { sql: Prisma.raw('h."id"'), type: 'int' },
  ],
  direction: 'DESC',
};

export async function searchPage(
  db: Reader,
  query: string,
  types: SearchType[] | null | undefined,
  args: ConnectionArgs,
): Promise<Connection<SearchHitRow>> {
  const trimmed = query.trim();
  if (!trimmed) throw badUserInput('query', 'must not be empty');
  if (trimmed.length > MAX_QUERY_LENGTH) throw badUserInput('query', `must be at most ${MAX_QUERY_LENGTH} characters`);
  const wanted = types?.length ? [...new Set(types)] : [...SEARCH_TYPES];
  const req = pageRequest(args, SORT.key);
  const hits = Prisma.join(wanted.map((t) => PARTS[t]()), ' UNION ALL ');
  const from = Prisma.sql`(WITH q AS (SELECT websearch_to_tsquery('newsgraph_search', ${trimmed}) AS tsq,
      newsgraph_fold(${nameTerms(trimmed)}) AS names)
    ${hits}) h`;
  const q = { select: Prisma.sql`h."type", h."id", h."score"`, from, where: [], sort: SORT };
  const page = await fetchPage<SearchHitRow>(db, q, req);
  return toConnection(page, req, SORT.key, () => fetchCount(db, q));
}

/** Highlighted fragments of matching text for article and quote hits; entity hits get none. */
export async function snippets(db: Reader, query: string, hits: readonly SearchHitRow[]): Promise<Map<string, string>> {
  const articleIds = hits.filter((h) => h.type === 'ARTICLE').map((h) => h.id);
  const quoteIds = hits.filter((h) => h.type === 'QUOTE').map((h) => h.id);
  if (!articleIds.length && !quoteIds.length) return new Map();
  const rows = await db.$queryRaw<{ key: string; snippet: string }[]>`
    WITH q AS (SELECT websearch_to_tsquery('newsgraph_search', ${query.trim()}) AS tsq)
    SELECT 'ARTICLE:' || a."id" AS key, ts_headline('newsgraph_search', a."title" || ' — ' || a."body", q.tsq, ${HIGHLIGHT}) AS snippet
      FROM "article" a, q WHERE a."id" = ANY(${articleIds}::int[])
    UNION ALL
    SELECT 'QUOTE:' || x."id", ts_headline('newsgraph_search', x."text", q.tsq, ${HIGHLIGHT})
      FROM "quote" x, q WHERE x."id" = ANY(${quoteIds}::int[])`;
  return new Map(rows.map((r) => [r.key, r.snippet]));
}
