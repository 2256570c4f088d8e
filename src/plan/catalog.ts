/**
 * What the planner knows about the graph: which table each object type is read from, and how each
 * relation field reaches its rows from a parent row. This is the one definition of these relations:
 * the planner nests them into a single statement under a root field, and the same SQL, wrapped
 * over a batch of parent ids, serves a parent the planner did not produce (a search hit, a node).
 *
 * Orders match what clients have always seen: mentioned entities in order of first mention,
 * quotes in reading order, roles newest first, signatures newest declaration first.
 */
import { Prisma } from '../db/client.js';
import { membersQuery, mentioningQuery, quotesBySpeakerQuery, sourceArticlesQuery } from './relations.js';
import { articleOrderArg } from './sql/sorts.js';
import { rolesHeldOn } from '../services/roles.js';
import { MODEL } from '../model/registry.js';
import type { PageQuery } from './keyset.js';
import type { AffiliationRow } from '../services/types.js';

type Sql = Prisma.Sql;

export type TypeName =
  | 'Article'
  | 'Person'
  | 'Organization'
  | 'Place'
  | 'Declaration'
  | 'Quote'
  | 'Affiliation'
  | 'Signatory'
  | 'Source';

export interface Table {
  name: string;
  /** GraphQL-side field → column; rows read as JSON carry exactly these keys, like rows read by `select`. */
  columns: Readonly<Record<string, string>>;
  /** Fields holding dates: JSON carries them as strings, rows as Date. */
  dates: readonly string[];
  /**
   * Columns a computed field's resolver reads (by row field name), for fields not named after a
   * column. Rows read as JSON carry only the columns their selection needs, plus `id`; a selected
   * field found neither here nor among the columns makes the row carry every column.
   */
  needs: Readonly<Record<string, readonly string[]>>;
}

const PLANNED: readonly TypeName[] = ['Article', 'Person', 'Organization', 'Place', 'Declaration', 'Quote', 'Affiliation', 'Signatory', 'Source'];

/** The planner's view of each type's table, from the model registry. */
const tableOf = (t: TypeName): Table => ({ name: MODEL[t].table, columns: MODEL[t].columns, dates: MODEL[t].dates, needs: MODEL[t].needs });
export const TABLES: Readonly<Record<TypeName, Table>> = Object.fromEntries(PLANNED.map((t) => [t, tableOf(t)])) as Record<TypeName, Table>;

type Args = Record<string, unknown>;

/**
 * A to-one or list relation. `from(parent, t)` is the FROM…WHERE reaching the child rows, aliased
 * `t`, from the parent row aliased `parent`; aliases it needs besides `t` start with `t` too, so
 * nesting never shadows a name an outer level still uses.
 */
export interface RowsRelation {
  kind: 'one' | 'many';
  type: TypeName;
  from: (parent: string, t: string) => Sql;
  orderBy?: (t: string) => Sql;
  /** Narrows the rows by the field's arguments, after loading (for rules kept in one place in code). */
  post?: (rows: unknown[], args: Args) => unknown[];
  /** Row fields `post` reads. */
  postNeeds?: string[];
}

/**
 * A Relay connection: a keyset page query whose `PARENT` is the parent row's id. The page query
 * names the node table with the type's registry alias.
 */
export interface ConnectionRelation {
  kind: 'connection';
  type: TypeName;
  query: (args: Args) => PageQuery;
}

export type Relation = RowsRelation | ConnectionRelation;

const raw = Prisma.raw;
const col = (alias: string, column: string) => raw(`${alias}."${column}"`);

const one = (type: TypeName, fk: string): RowsRelation => ({
  kind: 'one',
  type,
  from: (p, t) => Prisma.sql`FROM "${raw(TABLES[type].name)}" ${raw(t)} WHERE ${col(t, 'id')} = ${col(p, fk)}`,
});

/** Distinct entities an article mentions, in order of first mention. */
const mentioned = (type: TypeName, column: string): RowsRelation => ({
  kind: 'many',
  type,
  from: (p, t) => Prisma.sql`FROM (
      SELECT ${raw(`${t}m."${column}"`)} AS eid, min(coalesce(${raw(`${t}m."start"`)}, 2147483647)) AS pos, min(${raw(`${t}m."id"`)}) AS mid
      FROM "mention" ${raw(`${t}m`)}
      WHERE ${raw(`${t}m."article_id"`)} = ${col(p, 'id')} AND ${raw(`${t}m."${column}"`)} IS NOT NULL
      GROUP BY 1) ${raw(`${t}f`)}
    JOIN "${raw(TABLES[type].name)}" ${raw(t)} ON ${col(t, 'id')} = ${raw(`${t}f.eid`)}`,
  orderBy: (t) => raw(`${t}f.pos, ${t}f.mid`),
});

/**
 * The country a place lies in: up its parent chain to the first COUNTRY (itself, if it is one);
 * failing that, the country with its country code (feeds such as GDELT give a city its country's
 * code, not always a parent). Bounded depth: parent cycles are refused on write, but a bound
 * keeps a bad row from looping.
 */
const countryOf = (): RowsRelation => ({
  kind: 'one',
  type: 'Place',
  from: (p, t) => Prisma.sql`FROM "place" ${raw(t)} WHERE ${col(t, 'id')} = coalesce(
      (WITH RECURSIVE ${raw(`${t}up`)}("id", "parent_id", "kind", "depth") AS (
         SELECT ${col(p, 'id')}, ${col(p, 'parent_id')}, ${col(p, 'kind')}, 0
         UNION ALL
         SELECT ${raw(`${t}x."id"`)}, ${raw(`${t}x."parent_id"`)}, ${raw(`${t}x."kind"`)}, ${raw(`${t}up."depth"`)} + 1
         FROM "place" ${raw(`${t}x`)} JOIN ${raw(`${t}up`)} ON ${raw(`${t}x."id"`)} = ${raw(`${t}up."parent_id"`)}
         WHERE ${raw(`${t}up."kind"`)} <> 'COUNTRY' AND ${raw(`${t}up."depth"`)} < 32)
       SELECT ${raw(`${t}up."id"`)} FROM ${raw(`${t}up`)} WHERE ${raw(`${t}up."kind"`)} = 'COUNTRY' ORDER BY ${raw(`${t}up."depth"`)} LIMIT 1),
      (SELECT ${raw(`${t}c."id"`)} FROM "place" ${raw(`${t}c`)}
       WHERE ${raw(`${t}c."kind"`)} = 'COUNTRY' AND ${raw(`${t}c."country_code"`)} = ${col(p, 'country_code')}
       ORDER BY ${raw(`${t}c."id"`)} LIMIT 1))`,
});

/** Declarations signed by a party, newest declaration first. */
const signatures = (column: string): RowsRelation => ({
  kind: 'many',
  type: 'Signatory',
  from: (p, t) => Prisma.sql`FROM "declaration_signatory" ${raw(t)}
    JOIN "declaration" ${raw(`${t}d`)} ON ${raw(`${t}d."id"`)} = ${col(t, 'declaration_id')}
    WHERE ${col(t, column)} = ${col(p, 'id')}`,
  orderBy: (t) => raw(`${t}d."signed_on" DESC NULLS LAST, ${t}."id"`),
});

const articlesMentioning = (kind: 'person' | 'organization' | 'place' | 'declaration'): ConnectionRelation => ({
  kind: 'connection',
  type: 'Article',
  query: (args) => mentioningQuery(kind, articleOrderArg(args.orderBy)),
});

const dayOf = (date: string) => new Date(`${date}T00:00:00Z`);

export const RELATIONS: Partial<Record<TypeName, Record<string, Relation>>> = {
  Article: {
    source: one('Source', 'source_id'),
    authors: {
      kind: 'many',
      type: 'Person',
      from: (p, t) => Prisma.sql`FROM "article_author" ${raw(`${t}aa`)} JOIN "person" ${raw(t)} ON ${col(t, 'id')} = ${raw(`${t}aa."person_id"`)}
        WHERE ${raw(`${t}aa."article_id"`)} = ${col(p, 'id')}`,
      orderBy: (t) => raw(`${t}aa."position", ${t}."id"`),
    },
    people: mentioned('Person', 'person_id'),
    organizations: mentioned('Organization', 'organization_id'),
    places: mentioned('Place', 'place_id'),
    declarations: mentioned('Declaration', 'declaration_id'),
    quotes: {
      kind: 'many',
      type: 'Quote',
      from: (p, t) => Prisma.sql`FROM "quote" ${raw(t)} WHERE ${col(t, 'article_id')} = ${col(p, 'id')}`,
      orderBy: (t) => raw(`${t}."evidence_start" NULLS LAST, ${t}."id"`),
    },
  },
  Person: {
    nationality: one('Place', 'nationality_id'),
    affiliations: {
      kind: 'many',
      type: 'Affiliation',
      from: (p, t) => Prisma.sql`FROM "affiliation" ${raw(t)} WHERE ${col(t, 'person_id')} = ${col(p, 'id')}`,
      orderBy: (t) => raw(`${t}."valid_from" DESC NULLS LAST, ${t}."id"`),
      post: (rows, { at }) => (typeof at === 'string' ? rolesHeldOn(rows as AffiliationRow[], dayOf(at)) : rows),
      postNeeds: ['validFrom', 'validFromPrecision', 'validTo', 'validToPrecision'],
    },
    articles: articlesMentioning('person'),
    quotes: { kind: 'connection', type: 'Quote', query: () => quotesBySpeakerQuery() },
    signatures: signatures('person_id'),
  },
  Organization: {
    country: one('Place', 'country_id'),
    parent: one('Organization', 'parent_id'),
    children: {
      kind: 'many',
      type: 'Organization',
      from: (p, t) => Prisma.sql`FROM "organization" ${raw(t)} WHERE ${col(t, 'parent_id')} = ${col(p, 'id')}`,
      orderBy: (t) => raw(`${t}."name", ${t}."id"`),
    },
    members: { kind: 'connection', type: 'Affiliation', query: () => membersQuery() },
    articles: articlesMentioning('organization'),
    signatures: signatures('organization_id'),
  },
  Place: {
    parent: one('Place', 'parent_id'),
    country: countryOf(),
    children: {
      kind: 'many',
      type: 'Place',
      from: (p, t) => Prisma.sql`FROM "place" ${raw(t)} WHERE ${col(t, 'parent_id')} = ${col(p, 'id')}`,
      orderBy: (t) => raw(`${t}."name", ${t}."id"`),
    },
    articles: articlesMentioning('place'),
  },
  Declaration: {
    place: one('Place', 'place_id'),
    signatories: {
      kind: 'many',
      type: 'Signatory',
      from: (p, t) => Prisma.sql`FROM "declaration_signatory" ${raw(t)} WHERE ${col(t, 'declaration_id')} = ${col(p, 'id')}`,
      orderBy: (t) => raw(`${t}."id"`),
    },
    articles: articlesMentioning('declaration'),
  },
  Signatory: {
    declaration: one('Declaration', 'declaration_id'),
    person: one('Person', 'person_id'),
    organization: one('Organization', 'organization_id'),
    country: one('Place', 'place_id'),
  },
  Affiliation: {
    person: one('Person', 'person_id'),
    organization: one('Organization', 'organization_id'),
  },
  Quote: {
    speaker: one('Person', 'speaker_id'),
    article: one('Article', 'article_id'),
    settingOrganization: one('Organization', 'setting_organization_id'),
  },
  Source: {
    articles: {
      kind: 'connection',
      type: 'Article',
          query: (args) => sourceArticlesQuery(articleOrderArg(args.orderBy)),
    },
  },
};

export function relationOf(type: string, field: string): Relation | undefined {
  return RELATIONS[type as TypeName]?.[field];
}
