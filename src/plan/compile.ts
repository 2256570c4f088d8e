/**
 * Compiles a selection into SQL: each planned relation becomes a correlated subquery that builds
 * its rows as JSON (json_agg / json_build_object), nested as deep as the client asked, so a whole
 * subtree costs one statement. `materialize` then turns the JSON back into the values resolvers
 * return: rows with Date fields, and Connection objects for connections.
 *
 * A field is planned only when it is in the catalog and its arguments are valid; anything else is
 * left to its resolver, which reports errors at the field's own path.
 */
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { ResolveTree } from 'graphql-parse-resolve-info';
import { Prisma } from '../db/client.js';
import { pageRequest, toConnection, type PageRequest } from '../lib/connection.js';
import { ErrorCode } from '../lib/errors.js';
import { and, fetchDirection, pageSql, sortColumn, sortValueFromJson, type Sort } from './keyset.js';
import { relationOf, TABLES, type Relation, type TypeName } from './catalog.js';
import { CONFLICT, connectionSelection, fieldsOn, type Fields } from './selection.js';
import { MODEL } from '../model/registry.js';

type Sql = Prisma.Sql;
type Row = Record<string, unknown>;

/** A parent row in SQL: the alias its columns are read from. */
export interface ParentRef {
  alias: string;
}

export interface ChildPlan {
  key: string;
  relation: Relation;
  args: Record<string, unknown>;
  node: NodePlan;
  page?: { req: PageRequest; sort: Sort; counted: boolean; cursors: boolean };
}

export interface NodePlan {
  type: TypeName;
  children: ChildPlan[];
}

const raw = Prisma.raw;

/**
 * The select list of a root row of `type`: the columns its selection needs (see columnsNeeded),
 * named as rows read by `select` in plan/sql/columns name them.
 */
export function rootColumns(type: TypeName, fields: Fields, plan: NodePlan | undefined, alias: string): Sql {
  const planned = new Set(plan?.children.map((c) => c.key));
  const columns = TABLES[type].columns;
  return raw(
    columnsNeeded(type, fields, planned, [])
      .map((field) => `${alias}."${columns[field]}" AS "${field}"`)
      .join(', '),
  );
}

export class Compiler {
  private next = 0;

  constructor(private readonly schema: GraphQLSchema) {}

  alias(): string {
    return `t${this.next++}`;
  }

  /** The planned relations below a row of `type`, as one JSON object keyed by response key; null if none. */
  children(type: TypeName, fields: Fields, parent: ParentRef): { sql: Sql; plan: NodePlan } | null {
    const pairs: Sql[] = [];
    const plan: NodePlan = { type, children: [] };
    for (const [key, tree] of Object.entries(fields)) {
      if (tree === CONFLICT) continue;
      const relation = relationOf(type, tree.name);
      if (!relation) continue;
      const compiled = this.tryRelation(relation, tree, parent);
      if (!compiled) continue;
      pairs.push(Prisma.sql`${Prisma.raw(`'${key}'`)}, ${compiled.sql}`);
      plan.children.push({ ...compiled.child, key });
    }
    return pairs.length ? { sql: Prisma.sql`json_build_object(${Prisma.join(pairs)})`, plan } : null;
  }

  /** One relation below the parent row, as a SQL expression yielding JSON. Throws on invalid arguments. */
  relation(relation: Relation, tree: ResolveTree, parent: ParentRef): { sql: Sql; child: Omit<ChildPlan, 'key'> } {
    const args = tree.args as Record<string, unknown>;
    if (relation.kind === 'connection') return this.connection(relation, tree, parent);
    const t = this.alias();
    const extra = relation.post ? (relation.postNeeds ?? []) : [];
    const row = this.row(relation.type, fieldsOn(this.schema, tree.fieldsByTypeName, relation.type), t, extra);
    const from = relation.from(parent.alias, t);
    const sql =
      relation.kind === 'one'
        ? Prisma.sql`(SELECT ${row.sql} ${from} LIMIT 1)`
        : Prisma.sql`(SELECT coalesce(json_agg(${row.sql}${relation.orderBy ? Prisma.sql` ORDER BY ${relation.orderBy(t)}` : Prisma.empty}), '[]') ${from})`;
    return { sql, child: { relation, args, node: row.plan } };
  }

  private tryRelation(relation: Relation, tree: ResolveTree, parent: ParentRef) {
    try {
      return this.relation(relation, tree, parent);
    } catch (err) {
      // Invalid arguments: the field's resolver reports them where they were given. Anything else
      // is a planner bug and must surface, not fall back quietly to a slower read.
      if (err instanceof GraphQLError && err.extensions.code === ErrorCode.BAD_USER_INPUT) return null;
      throw err;
    }
  }

  /** A row of `type` aliased `alias` as a JSON object: the columns it needs, plus `"@"` with its planned relations. */
  private row(type: TypeName, fields: Fields, alias: string, extra: string[] = []): { sql: Sql; plan: NodePlan } {
    const below = this.children(type, fields, { alias });
    const planned = new Set(below?.plan.children.map((c) => c.key));
    const columns = TABLES[type].columns;
    const pairs = columnsNeeded(type, fields, planned, extra).map((field) => `'${field}', ${alias}."${columns[field]}"`);
    const sql = below
      ? Prisma.sql`json_build_object(${raw(pairs.join(', '))}, '@', ${below.sql})`
      : Prisma.sql`json_build_object(${raw(pairs.join(', '))})`;
    return { sql, plan: below?.plan ?? { type, children: [] } };
  }

  private connection(relation: Extract<Relation, { kind: 'connection' }>, tree: ResolveTree, parent: ParentRef) {
    const args = tree.args as Record<string, unknown>;
    const query = relation.query(args);
    const req = pageRequest(args, query.sort.key);
    const { fields, counted, cursors } = connectionSelection(this.schema, tree, relation.type);
    const t = MODEL[relation.type].alias;
    const node = this.row(relation.type, fields, t);
    // The page selects bare rows; their JSON (and everything planned below them) is built from the
    // page's rows only. Built inside the page query, it would be built for every candidate row
    // Postgres sorts, before the LIMIT: all 1,000 articles of a declaration, to return 20.
    const page = pageSql({ ...query, select: pageColumns(relation.type, t, node.sql) }, req);
    const dir = fetchDirection(query.sort, req);
    const keys = query.sort.keys.map((_, i) => `${t}."_k${i}"`);
    const order = query.sort.keys.map((k, i) => `${sortColumn(keys[i], k)} ${dir}`).join(', ');
    // A row is {n: node, k: sort values} when the client asks for cursors, else the node alone.
    const item = cursors ? Prisma.sql`json_build_object('n', ${node.sql}, 'k', json_build_array(${raw(keys.join(', '))}))` : node.sql;
    const rows = Prisma.sql`(SELECT coalesce(json_agg(${item}
      ORDER BY ${raw(order)}), '[]') FROM (${page}) ${raw(t)})`;
    const count = counted
      ? Prisma.sql`, 'c', (SELECT count(*)::int FROM ${query.from} WHERE ${and(query.where)})`
      : Prisma.empty;
    // The page query names its parent `parent."pid"` (plan/sql/pages.ts), here a one-row
    // relation over the parent row's column: no statement parameter, so one generic plan serves
    // every parent (the page query itself picks its way per parent, see PageQuery.alternative).
    const sql = Prisma.sql`(SELECT json_build_object('r', ${rows}${count}) FROM (SELECT ${raw(`${parent.alias}."id"`)} AS "pid") parent)`;
    return { sql, child: { relation, args, node: node.plan, page: { req, sort: query.sort, counted, cursors } } };
  }
}

/**
 * The columns a nested page carries up to the JSON built from its rows: those that JSON, and the
 * relations planned below it, read off the page's alias. Not `alias.*`: Postgres would carry every
 * column (an article's body among them) through the sort that picks the page. A reference to
 * anything the model does not list as a column keeps every column.
 */
function pageColumns(type: TypeName, alias: string, nodeSql: Sql): Sql {
  const known = new Set<string>(Object.values(TABLES[type].columns));
  const used = new Set(['id']);
  for (const [, column] of nodeSql.text.matchAll(new RegExp(`(?<![\\w"])${alias}\\."([^"]+)"`, 'g'))) {
    if (/^_k\d+$/.test(column)) continue; // the sort values of a page of the same type nested below
    if (!known.has(column)) return raw(`${alias}.*`);
    used.add(column);
  }
  return raw([...used].map((c) => `${alias}."${c}"`).join(', '));
}

/**
 * The row fields a selection reads: `id` (what unplanned relations and loaders key on), the column
 * each selected field is named after, and what computed fields need; every column when a
 * selected field is unknown here, so a resolver never finds a column missing.
 */
function columnsNeeded(type: TypeName, fields: Fields, planned: Set<string>, extra: string[]): string[] {
  const { columns, needs } = TABLES[type];
  const out = new Set(['id', ...extra]);
  for (const [key, tree] of Object.entries(fields)) {
    if (planned.has(key) || tree.name === '__typename') continue;
    // `needs` first: a field named after its column may need more (signedOn, its precision).
    if (Object.hasOwn(needs, tree.name)) for (const f of needs[tree.name]) out.add(f);
    else if (Object.hasOwn(columns, tree.name)) out.add(tree.name);
    else if (!relationOf(type, tree.name)) return Object.keys(columns);
  }
  return [...out];
}

/** Turns a row's JSON (or a row whose `"@"` column is JSON) into what resolvers return, in place. */
export function materialize(plan: NodePlan, row: Row): Row {
  for (const field of TABLES[plan.type].dates) {
    if (typeof row[field] === 'string') row[field] = new Date(row[field]);
  }
  const planned = row['@'] as Row | undefined;
  if (planned) for (const child of plan.children) planned[child.key] = materializeChild(child, planned[child.key]);
  return row;
}

export function materializeChild(child: Omit<ChildPlan, 'key'>, value: unknown): unknown {
  const { relation, node } = child;
  if (relation.kind === 'one') return value == null ? null : materialize(node, value as Row);
  if (relation.kind === 'many') {
    const rows = (value as Row[]).map((r) => materialize(node, r));
    return relation.post ? relation.post(rows, child.args) : rows;
  }
  const { req, sort, cursors } = child.page!;
  const { r, c } = value as { r: unknown[]; c?: number };
  const page = {
    rows: cursors
      ? (r as Array<{ n: Row; k: unknown[] }>).map(({ n, k }) => ({
          node: materialize(node, n),
          sortValues: k.map((v, i) => sortValueFromJson(v, sort.keys[i].type)),
        }))
      : (r as Row[]).map((n) => ({ node: materialize(node, n), sortValues: undefined })),
  };
  return toConnection(page, req, sort.key, () =>
    c === undefined ? Promise.reject(new Error('totalCount was not planned')) : Promise.resolve(c),
  );
}

/** What a relation is for a parent that no longer exists (deleted between two reads). */
export function emptyChild(child: Omit<ChildPlan, 'key'>): unknown {
  if (child.relation.kind === 'one') return null;
  if (child.relation.kind === 'many') return [];
  return materializeChild(child, { r: [], c: 0 });
}
