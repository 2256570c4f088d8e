/**
 * The benchmark's query shapes, each written up to three times: newsgraph GraphQL, PostGraphile
 * GraphQL (Amber preset, plus the two computed columns in bench/peer/setup.sql), and one
 * hand-written SQL statement (the floor, run by pgbench). Each side's answer is normalised to one
 * JSON form so the harness can check that all sides return the same data.
 *
 * Shapes a–e exist on all three sides. f–h (full-text search, co-mentions, timelines) are
 * newsgraph's graph questions: PostGraphile's generated schema has nothing equivalent, so they have
 * no `peer` (the harness skips that side and prints "n/a"); each has a floor statement.
 *
 * Shapes i–k are what a frontend sends most: wide, shallow lists (a home feed as edges with
 * cursors; a person's latest quotes) and the bare cost of a request (`{ __typename }`).
 */
import type pg from 'pg';

export type ShapeName = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k';

/** One parameter set: what each side needs to ask for the same thing. */
export interface Sample {
  /** Row id (article, person or declaration) */
  id: number;
  /** Shape e: the newsgraph cursor and PostGraphile cursor of the page before the deep page, and its keyset values. */
  ngCursor?: string;
  pgCursor?: string | null;
  afterTs?: string;
  afterId?: number;
  /** Shape f: the search word (a plain lower-case ASCII word: no quoting needed in SQL). */
  word?: string;
}

export interface Shape {
  name: ShapeName;
  title: string;
  newsgraph: string;
  newsgraphVars: (s: Sample) => Record<string, unknown>;
  /** PostGraphile's version; absent when its schema has no equivalent (the side is skipped, "n/a"). */
  peer?: string;
  peerVars?: (s: Sample) => Record<string, unknown>;
  normPeer?: (data: any) => unknown;
  /** The floor: one SQL statement, from SQL expressions for the sample's values; absent = no floor ("n/a"). */
  floorSql?: (p: FloorParams) => string;
  normNewsgraph: (data: any) => unknown;
  /** False when a normalised newsgraph answer is empty (checked for every sample: a benchmark of empty answers measures nothing). */
  nonEmpty?: (norm: any) => boolean;
}

export interface FloorParams {
  id: string;
  afterTs?: string;
  afterId?: string;
  word?: string;
}

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
const localId = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);
const iso = (v: string) => new Date(v).toISOString();
const byId = <T extends { id: number }>(xs: T[]) => [...xs].sort((x, y) => x.id - y.id);
const distinctById = <T extends { id: number }>(xs: T[]) => byId([...new Map(xs.map((x) => [x.id, x])).values()]);
const cmp = (x: unknown, y: unknown) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : JSON.stringify(x) > JSON.stringify(y) ? 1 : 0);
const ref = (x: { id?: string; rowId?: number; name: string } | null | undefined) =>
  x ? { id: x.rowId ?? localId(x.id!), name: x.name } : null;

// ---------------------------------------------------------------------------------------------
// Shared fragments
// ---------------------------------------------------------------------------------------------

const NG_ARTICLE_A = `id title publishedAt
  people { id name affiliations { title organization { id name } } }
  organizations { id name }`;
const PG_ARTICLE_A = `rowId title publishedAt
  mentionsByArticleId { nodes {
    personByPersonId { rowId name affiliationsByPersonId { nodes { title organizationByOrganizationId { rowId name } } } }
    organizationByOrganizationId { rowId name } } }`;

interface NormArticleA {
  id: number;
  title: string;
  publishedAt: string;
  people: Array<{ id: number; name: string; affiliations: Array<{ title: string; org: unknown }> }>;
  orgs: Array<{ id: number; name: string }>;
}

function ngArticleA(a: any): NormArticleA | null {
  if (!a) return null;
  return {
    id: localId(a.id),
    title: a.title,
    publishedAt: iso(a.publishedAt),
    people: byId(
      a.people.map((p: any) => ({
        id: localId(p.id),
        name: p.name,
        affiliations: p.affiliations.map((f: any) => ({ title: f.title, org: ref(f.organization) })).sort(cmp),
      })),
    ),
    orgs: byId(a.organizations.map((o: any) => ref(o)!)),
  };
}

function pgArticleA(a: any): NormArticleA | null {
  if (!a) return null;
  const ms = a.mentionsByArticleId.nodes as any[];
  return {
    id: a.rowId,
    title: a.title,
    publishedAt: iso(a.publishedAt),
    people: distinctById(
      ms
        .filter((m) => m.personByPersonId)
        .map((m) => ({
          id: m.personByPersonId.rowId,
          name: m.personByPersonId.name,
          affiliations: m.personByPersonId.affiliationsByPersonId.nodes
            .map((f: any) => ({ title: f.title, org: ref(f.organizationByOrganizationId) }))
            .sort(cmp),
        })),
    ),
    orgs: distinctById(ms.filter((m) => m.organizationByOrganizationId).map((m) => ref(m.organizationByOrganizationId)!)),
  };
}

/** SQL: shape a's object for the article row `a` (normalised form, sorted like the normalisers). */
const SQL_ARTICLE_A = `json_build_object(
    'id', a.id, 'title', a.title, 'publishedAt', a.published_at,
    'people', (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'affiliations',
        (SELECT coalesce(json_agg(json_build_object('title', af.title, 'org', json_build_object('id', o.id, 'name', o.name))
                          ORDER BY af.title, o.id), '[]')
           FROM affiliation af JOIN organization o ON o.id = af.organization_id WHERE af.person_id = p.id)
      ) ORDER BY p.id), '[]')
      FROM person p WHERE p.id IN (SELECT m.person_id FROM mention m WHERE m.article_id = a.id)),
    'orgs', (SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.id), '[]')
      FROM organization o WHERE o.id IN (SELECT m.organization_id FROM mention m WHERE m.article_id = a.id))`;

// ---------------------------------------------------------------------------------------------
// The shapes
// ---------------------------------------------------------------------------------------------

export const SHAPES: Record<ShapeName, Shape> = {
  a: {
    name: 'a',
    title: 'article by id → people → affiliations → organizations, + organizations',
    newsgraph: `query A($id: ID!) { article(id: $id) { ${NG_ARTICLE_A} } }`,
    newsgraphVars: (s) => ({ id: gid('Article', s.id) }),
    peer: `query A($id: Int!) { articleByRowId(rowId: $id) { ${PG_ARTICLE_A} } }`,
    peerVars: (s) => ({ id: s.id }),
    floorSql: (p) => `SELECT ${SQL_ARTICLE_A}) FROM article a WHERE a.id = ${p.id};`,
    normNewsgraph: (d) => ngArticleA(d.article),
    normPeer: (d) => pgArticleA(d.articleByRowId),
  },

  b: {
    name: 'b',
    title: '20 latest articles, each with (a) + quotes → speakers',
    newsgraph: `query B { articles(first: 20) { nodes { ${NG_ARTICLE_A} quotes { text speaker { id name } } } } }`,
    newsgraphVars: () => ({}),
    peer: `query B { allArticles(first: 20, orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC]) { nodes { ${PG_ARTICLE_A}
      quotesByArticleId { nodes { text personBySpeakerId { rowId name } } } } } }`,
    peerVars: () => ({}),
    floorSql: () => `SELECT json_agg(${SQL_ARTICLE_A},
        'quotes', (SELECT coalesce(json_agg(json_build_object('text', q.text, 'speaker',
            CASE WHEN sp.id IS NULL THEN NULL ELSE json_build_object('id', sp.id, 'name', sp.name) END)
          ORDER BY q.text, sp.id), '[]') FROM quote q LEFT JOIN person sp ON sp.id = q.speaker_id WHERE q.article_id = a.id))
      ORDER BY a.published_at DESC, a.id DESC)
      FROM (SELECT * FROM article ORDER BY published_at DESC, id DESC LIMIT 20) a;`,
    normNewsgraph: (d) =>
      d.articles.nodes.map((a: any) => ({
        ...ngArticleA(a),
        quotes: a.quotes.map((q: any) => ({ text: q.text, speaker: ref(q.speaker) })).sort(cmp),
      })),
    normPeer: (d) =>
      d.allArticles.nodes.map((a: any) => ({
        ...pgArticleA(a),
        quotes: a.quotesByArticleId.nodes.map((q: any) => ({ text: q.text, speaker: ref(q.personBySpeakerId) })).sort(cmp),
      })),
  },

  c: {
    name: 'c',
    title: "person → 10 latest articles → everyone mentioned in each",
    newsgraph: `query C($id: ID!) { person(id: $id) { id name articles(first: 10) { nodes { id title publishedAt people { id name } } } } }`,
    newsgraphVars: (s) => ({ id: gid('Person', s.id) }),
    peer: `query C($id: Int!) { personByRowId(rowId: $id) { rowId name latestArticles(first: 10) { nodes { rowId title publishedAt
      mentionsByArticleId { nodes { personByPersonId { rowId name } } } } } } }`,
    peerVars: (s) => ({ id: s.id }),
    floorSql: (p) => `SELECT json_build_object('id', p.id, 'name', p.name, 'articles',
        (SELECT coalesce(json_agg(json_build_object('id', a.id, 'title', a.title, 'publishedAt', a.published_at, 'people',
            (SELECT coalesce(json_agg(json_build_object('id', x.id, 'name', x.name) ORDER BY x.id), '[]') FROM person x
              WHERE x.id IN (SELECT m.person_id FROM mention m WHERE m.article_id = a.id)))
          ORDER BY a.published_at DESC, a.id DESC), '[]')
         FROM (SELECT a.* FROM article a WHERE a.id IN (SELECT m.article_id FROM mention m WHERE m.person_id = p.id)
               ORDER BY a.published_at DESC, a.id DESC LIMIT 10) a))
      FROM person p WHERE p.id = ${p.id};`,
    normNewsgraph: (d) =>
      d.person && {
        id: localId(d.person.id),
        name: d.person.name,
        articles: d.person.articles.nodes.map((a: any) => ({
          id: localId(a.id),
          title: a.title,
          publishedAt: iso(a.publishedAt),
          people: byId(a.people.map((p: any) => ref(p)!)),
        })),
      },
    normPeer: (d) =>
      d.personByRowId && {
        id: d.personByRowId.rowId,
        name: d.personByRowId.name,
        articles: d.personByRowId.latestArticles.nodes.map((a: any) => ({
          id: a.rowId,
          title: a.title,
          publishedAt: iso(a.publishedAt),
          people: distinctById(a.mentionsByArticleId.nodes.filter((m: any) => m.personByPersonId).map((m: any) => ref(m.personByPersonId)!)),
        })),
      },
  },

  d: {
    name: 'd',
    title: 'declaration → signatories (person, organization, country) + first 20 articles mentioning it',
    newsgraph: `query D($id: ID!) { declaration(id: $id) { id title
      signatories { role person { id name } organization { id name } country { id name } }
      articles(first: 20) { nodes { id title publishedAt } } } }`,
    newsgraphVars: (s) => ({ id: gid('Declaration', s.id) }),
    peer: `query D($id: Int!) { declarationByRowId(rowId: $id) { rowId title
      declarationSignatoriesByDeclarationId { nodes { role personByPersonId { rowId name }
        organizationByOrganizationId { rowId name } placeByPlaceId { rowId name } } }
      latestArticles(first: 20) { nodes { rowId title publishedAt } } } }`,
    peerVars: (s) => ({ id: s.id }),
    floorSql: (p) => `SELECT json_build_object('id', d.id, 'title', d.title,
        'signatories', (SELECT coalesce(json_agg(json_build_object('role', s.role,
            'person', CASE WHEN pp.id IS NULL THEN NULL ELSE json_build_object('id', pp.id, 'name', pp.name) END,
            'organization', CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('id', o.id, 'name', o.name) END,
            'country', CASE WHEN pl.id IS NULL THEN NULL ELSE json_build_object('id', pl.id, 'name', pl.name) END)
          ORDER BY pp.id, o.id, pl.id, s.role), '[]')
          FROM declaration_signatory s LEFT JOIN person pp ON pp.id = s.person_id
          LEFT JOIN organization o ON o.id = s.organization_id LEFT JOIN place pl ON pl.id = s.place_id
          WHERE s.declaration_id = d.id),
        'articles', (SELECT coalesce(json_agg(json_build_object('id', a.id, 'title', a.title, 'publishedAt', a.published_at)
            ORDER BY a.published_at DESC, a.id DESC), '[]')
          FROM (SELECT a.* FROM article a WHERE a.id IN (SELECT m.article_id FROM mention m WHERE m.declaration_id = d.id)
                ORDER BY a.published_at DESC, a.id DESC LIMIT 20) a))
      FROM declaration d WHERE d.id = ${p.id};`,
    normNewsgraph: (d) =>
      d.declaration && {
        id: localId(d.declaration.id),
        title: d.declaration.title,
        signatories: d.declaration.signatories
          .map((s: any) => ({ role: s.role, person: ref(s.person), organization: ref(s.organization), country: ref(s.country) }))
          .sort(sigOrder),
        articles: d.declaration.articles.nodes.map((a: any) => ({ id: localId(a.id), title: a.title, publishedAt: iso(a.publishedAt) })),
      },
    normPeer: (d) =>
      d.declarationByRowId && {
        id: d.declarationByRowId.rowId,
        title: d.declarationByRowId.title,
        signatories: d.declarationByRowId.declarationSignatoriesByDeclarationId.nodes
          .map((s: any) => ({
            role: s.role,
            person: ref(s.personByPersonId),
            organization: ref(s.organizationByOrganizationId),
            country: ref(s.placeByPlaceId),
          }))
          .sort(sigOrder),
        articles: d.declarationByRowId.latestArticles.nodes.map((a: any) => ({ id: a.rowId, title: a.title, publishedAt: iso(a.publishedAt) })),
      },
  },

  e: {
    name: 'e',
    title: "deep pagination: page 50 (20 per page) of a person's articles, by cursor",
    newsgraph: `query E($id: ID!, $after: String) { person(id: $id) { articles(first: 20, after: $after) {
      nodes { id title publishedAt } pageInfo { hasNextPage endCursor } } } }`,
    newsgraphVars: (s) => ({ id: gid('Person', s.id), after: s.ngCursor ?? null }),
    peer: `query E($id: Int!, $after: Cursor) { personByRowId(rowId: $id) { latestArticles(first: 20, after: $after) {
      nodes { rowId title publishedAt } pageInfo { hasNextPage endCursor } } } }`,
    peerVars: (s) => ({ id: s.id, after: s.pgCursor ?? null }),
    floorSql: (p) => `SELECT json_build_object('articles', coalesce(json_agg(json_build_object('id', x.id, 'title', x.title, 'publishedAt', x.published_at)
        ORDER BY x.published_at DESC, x.id DESC) FILTER (WHERE x.n <= 20), '[]'), 'hasNextPage', count(*) > 20)
      FROM (SELECT a.id, a.title, a.published_at, row_number() OVER (ORDER BY a.published_at DESC, a.id DESC) AS n
            FROM article a WHERE a.id IN (SELECT m.article_id FROM mention m WHERE m.person_id = ${p.id})
              AND (a.published_at, a.id) < (${p.afterTs}::timestamptz, ${p.afterId})
            ORDER BY a.published_at DESC, a.id DESC LIMIT 21) x;`,
    normNewsgraph: (d) =>
      d.person && {
        articles: d.person.articles.nodes.map((a: any) => ({ id: localId(a.id), title: a.title, publishedAt: iso(a.publishedAt) })),
        hasNextPage: d.person.articles.pageInfo.hasNextPage,
      },
    normPeer: (d) =>
      d.personByRowId && {
        articles: d.personByRowId.latestArticles.nodes.map((a: any) => ({ id: a.rowId, title: a.title, publishedAt: iso(a.publishedAt) })),
        hasNextPage: d.personByRowId.latestArticles.pageInfo.hasNextPage,
      },
  },

  f: {
    name: 'f',
    title: 'full-text search: one word, first 20 hits across all types, with total, scores and snippets',
    newsgraph: `query F($q: String!) { search(query: $q, first: 20) { totalCount
      edges { score snippet node { __typename ... on Article { title } } } } }`,
    newsgraphVars: (s) => ({ q: s.word }),
    floorSql: (p) => SQL_SEARCH(p.word!),
    normNewsgraph: (d) => ({
      totalCount: d.search.totalCount,
      edges: d.search.edges.map((e: any) => ({
        score: round9(e.score),
        snippet: e.snippet ?? null,
        node: { __typename: e.node.__typename, title: e.node.title ?? null },
      })),
    }),
    nonEmpty: (n) => n.totalCount > 0 && n.edges.length > 0,
  },

  g: {
    name: 'g',
    title: 'co-mentions: the 10 people/organizations most often in the same articles as a popular person',
    newsgraph: `query G($id: ID!) { person(id: $id) { coMentioned(first: 10) { nodes { count
      entity { ... on Person { name } ... on Organization { name } } } } } }`,
    newsgraphVars: (s) => ({ id: gid('Person', s.id) }),
    floorSql: (p) => `SELECT json_build_object('nodes', coalesce((SELECT json_agg(json_build_object('count', c.n,
          'name', CASE c.kind WHEN 'PERSON' THEN (SELECT x.name FROM person x WHERE x.id = c.eid)
                              ELSE (SELECT x.name FROM organization x WHERE x.id = c.eid) END)
          ORDER BY c.n DESC, c.kind DESC, c.eid DESC)
        FROM (SELECT m2.kind::text AS kind, coalesce(m2.person_id, m2.organization_id) AS eid, count(DISTINCT m2.article_id)::int AS n
              FROM mention m2
              WHERE m2.article_id IN (SELECT m.article_id FROM mention m WHERE m.person_id = ${p.id})
                AND m2.kind IN ('PERSON', 'ORGANIZATION') AND m2.person_id IS DISTINCT FROM ${p.id}
              GROUP BY 1, 2 ORDER BY 3 DESC, 1 DESC, 2 DESC LIMIT 10) c), '[]'));`,
    normNewsgraph: (d) =>
      d.person && { nodes: d.person.coMentioned.nodes.map((n: any) => ({ count: n.count, name: n.entity.name })) },
    nonEmpty: (n) => n?.nodes.length > 0,
  },

  h: {
    name: 'h',
    title: "timeline: a popular person's articles per month (every month with mentions)",
    newsgraph: `query H($id: ID!) { person(id: $id) { mentionTimeline(interval: MONTH) { start count } } }`,
    newsgraphVars: (s) => ({ id: gid('Person', s.id) }),
    floorSql: (p) => `SELECT json_build_object('buckets', coalesce(json_agg(json_build_object('start', b.start, 'count', b.n) ORDER BY b.start), '[]'))
      FROM (SELECT date_trunc('month', a.published_at, 'UTC') AS start, count(*)::int AS n FROM article a
            WHERE a.id IN (SELECT m.article_id FROM mention m WHERE m.person_id = ${p.id}) GROUP BY 1) b;`,
    normNewsgraph: (d) => d.person && { buckets: d.person.mentionTimeline.map((b: any) => ({ start: iso(b.start), count: b.count })) },
    nonEmpty: (n) => n?.buckets.length > 0,
  },

  i: {
    name: 'i',
    title: 'home feed: the 50 latest articles as edges with cursors and pageInfo, each with its source name',
    newsgraph: `query I { articles(first: 50) { edges { cursor node { id title publishedAt source { name } } }
      pageInfo { hasNextPage endCursor } } }`,
    newsgraphVars: () => ({}),
    peer: `query I { allArticles(first: 50, orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC]) { edges { cursor node { rowId title publishedAt
      sourceBySourceId { name } } } pageInfo { hasNextPage endCursor } } }`,
    peerVars: () => ({}),
    // The cursor is newsgraph's own encoding, built in SQL, so the floor pays for it too (chr(58) is
    // ':', which pgbench would read as a variable).
    floorSql: () => `SELECT json_build_object('edges', json_agg(json_build_object('cursor',
          encode(convert_to(json_build_array(concat_ws(chr(58), 'article', 'PUBLISHED_AT', 'DESC'), a.published_at, a.id)::text, 'UTF8'), 'base64') <> '',
          'id', a.id, 'title', a.title, 'publishedAt', a.published_at, 'source', s.name) ORDER BY a.published_at DESC, a.id DESC),
        'hasNextPage', (SELECT count(*) > 50 FROM (SELECT 1 FROM article LIMIT 51) n))
      FROM (SELECT * FROM article ORDER BY published_at DESC, id DESC LIMIT 50) a JOIN source s ON s.id = a.source_id;`,
    normNewsgraph: (d) => ({
      edges: d.articles.edges.map((e: any) => ({
        cursor: typeof e.cursor === 'string' && e.cursor.length > 0,
        id: localId(e.node.id),
        title: e.node.title,
        publishedAt: iso(e.node.publishedAt),
        source: e.node.source.name,
      })),
      hasNextPage: d.articles.pageInfo.hasNextPage && typeof d.articles.pageInfo.endCursor === 'string',
    }),
    normPeer: (d) => ({
      edges: d.allArticles.edges.map((e: any) => ({
        cursor: typeof e.cursor === 'string' && e.cursor.length > 0,
        id: e.node.rowId,
        title: e.node.title,
        publishedAt: iso(e.node.publishedAt),
        source: e.node.sourceBySourceId.name,
      })),
      hasNextPage: d.allArticles.pageInfo.hasNextPage && typeof d.allArticles.pageInfo.endCursor === 'string',
    }),
    nonEmpty: (n) => n.edges.length === 50,
  },

  j: {
    name: 'j',
    title: "a person's 50 latest quotes, with text, saidOn and the article's title",
    newsgraph: `query J($id: ID!) { person(id: $id) { quotes(first: 50) { nodes { text saidOn article { title } } } } }`,
    newsgraphVars: (s) => ({ id: gid('Person', s.id) }),
    peer: `query J($id: Int!) { personByRowId(rowId: $id) { latestQuotes(first: 50) { nodes { text saidOn saidPrecision
      articleByArticleId { title } } } } }`,
    peerVars: (s) => ({ id: s.id }),
    floorSql: (p) => `SELECT json_build_object('quotes', coalesce(json_agg(json_build_object('text', q.text,
          'saidOn', CASE q.said_precision WHEN 'YEAR' THEN to_char(q.said_on, 'YYYY') WHEN 'MONTH' THEN to_char(q.said_on, 'YYYY-MM')
                    ELSE to_char(q.said_on, 'YYYY-MM-DD') END, 'article', q.title) ORDER BY q.k DESC, q.id DESC), '[]'))
      FROM (SELECT q.id, q.text, q.said_on, q.said_precision, qa.title, coalesce(q.said_on, (qa.published_at AT TIME ZONE 'UTC')::date) AS k
            FROM quote q JOIN article qa ON qa.id = q.article_id WHERE q.speaker_id = ${p.id}
            ORDER BY k DESC, q.id DESC LIMIT 50) q;`,
    normNewsgraph: (d) =>
      d.person && { quotes: d.person.quotes.nodes.map((q: any) => ({ text: q.text, saidOn: q.saidOn ?? null, article: q.article.title })) },
    normPeer: (d) =>
      d.personByRowId && {
        quotes: d.personByRowId.latestQuotes.nodes.map((q: any) => ({
          text: q.text,
          saidOn: partialOf(q.saidOn, q.saidPrecision),
          article: q.articleByArticleId.title,
        })),
      },
    nonEmpty: (n) => n?.quotes.length > 0,
  },

  k: {
    name: 'k',
    title: 'the bare cost of a request: { __typename }',
    newsgraph: `{ __typename }`,
    newsgraphVars: () => ({}),
    peer: `{ __typename }`,
    peerVars: () => ({}),
    floorSql: () => `SELECT json_build_object('__typename', 'Query');`,
    normNewsgraph: (d) => d,
    normPeer: (d) => d,
  },
};

/** A date column and its precision as newsgraph's PartialDate prints them ("2021", "2021-09", "2021-09-28"). */
function partialOf(date: string | null, precision: string | null): string | null {
  if (!date) return null;
  return precision === 'YEAR' ? date.slice(0, 4) : precision === 'MONTH' ? date.slice(0, 7) : date.slice(0, 10);
}


/**
 * Shape f's floor: the same ranked union as src/services/search.ts (articles and quotes by
 * full-text rank, entities by name similarity; best first, ties by type and id, both descending),
 * counted and cut to 20 in one statement, with titles and snippets for the 20. `word` is a SQL
 * expression; for a plain word, the name terms newsgraph derives from the query are the word itself.
 */
const SEARCH_HIGHLIGHT = `'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=" … "'`;
function SQL_SEARCH(word: string): string {
  const names = (table: string, type: string, col = 'name') => {
    const n = `newsgraph_names(x.${col}, x.aliases)`;
    return `SELECT '${type}'::text AS type, x.id,
        (0.2 + 0.8 * greatest(word_similarity(q.names, ${n}), CASE WHEN ${n} LIKE '%' || q.names || '%' THEN 1 ELSE 0 END))::float8 AS score
      FROM ${table} x, q WHERE q.names <> '' AND (q.names <% ${n} OR ${n} LIKE '%' || q.names || '%')`;
  };
  return `WITH q AS (SELECT websearch_to_tsquery('newsgraph_search', ${word}) AS tsq, newsgraph_fold(${word}) AS names),
    h AS (
      SELECT 'ARTICLE'::text AS type, x.id, ts_rank_cd(x.search_vector, q.tsq, 32)::float8 AS score FROM article x, q WHERE x.search_vector @@ q.tsq
      UNION ALL SELECT 'QUOTE'::text, x.id, ts_rank_cd(x.search_vector, q.tsq, 32)::float8 FROM quote x, q WHERE x.search_vector @@ q.tsq
      UNION ALL ${names('person', 'PERSON')}
      UNION ALL ${names('organization', 'ORGANIZATION')}
      UNION ALL ${names('place', 'PLACE')}
      UNION ALL ${names('declaration', 'DECLARATION', 'title')}),
    top AS (SELECT * FROM h ORDER BY score DESC, type DESC, id DESC LIMIT 20)
    SELECT json_build_object('totalCount', (SELECT count(*) FROM h), 'edges', coalesce((SELECT json_agg(json_build_object(
        'score', t.score,
        'snippet', CASE t.type
            WHEN 'ARTICLE' THEN (SELECT ts_headline('newsgraph_search', a.title || ' — ' || a.body, q.tsq, ${SEARCH_HIGHLIGHT}) FROM article a WHERE a.id = t.id)
            WHEN 'QUOTE' THEN (SELECT ts_headline('newsgraph_search', x.text, q.tsq, ${SEARCH_HIGHLIGHT}) FROM quote x WHERE x.id = t.id) END,
        'node', json_build_object('__typename', initcap(t.type),
          'title', CASE WHEN t.type = 'ARTICLE' THEN (SELECT a.title FROM article a WHERE a.id = t.id) END))
      ORDER BY t.score DESC, t.type DESC, t.id DESC) FROM top t, q), '[]'));`;
}

const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

function sigOrder(x: any, y: any): number {
  const key = (s: any) => [s.person?.id ?? 0, s.organization?.id ?? 0, s.country?.id ?? 0];
  const [kx, ky] = [key(x), key(y)];
  for (let i = 0; i < kx.length; i++) if (kx[i] !== ky[i]) return kx[i] - ky[i];
  return cmp(x.role ?? '', y.role ?? '');
}

/** The floor's answer normalised like the servers' (timestamps to ISO, publishedAt and start anywhere; scores rounded). */
export function normFloor(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normFloor);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        k,
        (k === 'publishedAt' || k === 'start') && typeof x === 'string' ? iso(x) : k === 'score' && typeof x === 'number' ? round9(x) : normFloor(x),
      ]),
    );
  }
  return v;
}

/** The SQL floor's own order for lists is the normalisers' order, except shape a/b's affiliation sort. */
export function canonical(v: unknown): unknown {
  // Affiliations are compared as sorted sets (JSON order), whichever side produced them.
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonical(x)]));
    if (Array.isArray((o as any).affiliations)) (o as any).affiliations = [...(o as any).affiliations].sort(cmp);
    if (Array.isArray((o as any).quotes)) (o as any).quotes = [...(o as any).quotes].sort(cmp);
    if (Array.isArray((o as any).signatories)) (o as any).signatories = [...(o as any).signatories].sort(sigOrder);
    return o;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Samples: which ids each shape is asked for (deterministic for a given database)
// ---------------------------------------------------------------------------------------------

export const DEEP_PAGE = 50;
export const PAGE_SIZE = 20;

export async function pickSamples(db: pg.Client, count: number): Promise<Record<ShapeName, Sample[]>> {
  const { rows: [{ n }] } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM article');
  const { rows: [{ lo, hi }] } = await db.query<{ lo: number; hi: number }>('SELECT min(id) AS lo, max(id) AS hi FROM article');
  if (!n) throw new Error('the bench database has no articles: run npm run db:generate first');
  const articles = Array.from({ length: Math.min(count, n) }, (_, i) => ({ id: lo + Math.floor((i * (hi - lo + 1)) / Math.min(count, n)) }));
  // People with at least 10 articles, in a fixed pseudo-random order.
  const { rows: people } = await db.query<{ id: number }>(
    `SELECT person_id AS id FROM mention WHERE person_id IS NOT NULL GROUP BY person_id HAVING count(DISTINCT article_id) >= 10
     ORDER BY (person_id::bigint * 2654435761) % 4294967296 LIMIT $1`,
    [count],
  );
  const { rows: decls } = await db.query<{ id: number }>(
    `SELECT DISTINCT declaration_id AS id FROM mention WHERE declaration_id IS NOT NULL ORDER BY 1 LIMIT $1`,
    [count],
  );
  // Deep pages: the people with the most articles; page 50 where they have one, else their last full page.
  const { rows: deep } = await db.query<{ id: number; n: number }>(
    `SELECT person_id AS id, count(DISTINCT article_id)::int AS n FROM mention WHERE person_id IS NOT NULL
     GROUP BY person_id ORDER BY 2 DESC, 1 LIMIT 10`,
  );
  const e: Sample[] = [];
  for (const p of deep) {
    const skip = Math.min(DEEP_PAGE - 1, Math.floor((p.n - 1) / PAGE_SIZE)) * PAGE_SIZE; // rows before the page
    if (skip === 0) continue;
    const { rows: [row] } = await db.query<{ ts: Date; id: number }>(
      `SELECT a.published_at AS ts, a.id FROM article a WHERE a.id IN (SELECT m.article_id FROM mention m WHERE m.person_id = $1)
       ORDER BY a.published_at DESC, a.id DESC OFFSET $2 LIMIT 1`,
      [p.id, skip - 1],
    );
    const ngCursor = Buffer.from(JSON.stringify(['article:PUBLISHED_AT:DESC', row.ts.toISOString(), row.id]), 'utf8').toString('base64url');
    e.push({ id: p.id, ngCursor, afterTs: row.ts.toISOString(), afterId: row.id, pgCursor: null });
    (e.at(-1) as Sample & { skip?: number }).skip = skip;
  }
  // Search words: country names and a surname from the generator's vocabulary (each also names
  // places, organizations or people, so every kind of hit appears), kept when some article has them.
  const { rows: words } = await db.query<{ word: string }>(
    `SELECT w AS word FROM unnest($1::text[]) WITH ORDINALITY AS t(w, i)
     WHERE EXISTS (SELECT 1 FROM article a WHERE a.search_vector @@ websearch_to_tsquery('newsgraph_search', w)) ORDER BY i`,
    [SEARCH_WORDS],
  );
  const f: Sample[] = words.map((w, i) => ({ id: i + 1, word: w.word }));
  // Co-mentions and timelines: the 10 most-mentioned people (the expensive end).
  const popular: Sample[] = deep.map((p) => ({ id: p.id }));
  // Quotes: speakers with at least 10 quotes, in a fixed pseudo-random order.
  const { rows: speakers } = await db.query<{ id: number }>(
    `SELECT speaker_id AS id FROM quote WHERE speaker_id IS NOT NULL GROUP BY speaker_id HAVING count(*) >= 10
     ORDER BY (speaker_id::bigint * 2654435761) % 4294967296 LIMIT $1`,
    [count],
  );
  return { a: articles, b: [{ id: 0 }], c: people, d: decls, e, f, g: popular, h: popular, i: [{ id: 0 }], j: speakers, k: [{ id: 0 }] };
}

/** Shape f's words: at 100k articles each is in 0.6–5% of articles (Kuwait 3.1k, Aydın 4.9k, Qatar 0.7k). */
export const SEARCH_WORDS = ['kuwait', 'oman', 'bahrain', 'latvia', 'belgium', 'armenia', 'jordan', 'finland', 'qatar', 'aydin'];
