/**
 * The look-ahead planner, per request. A root field reads its rows and everything the client
 * selected below them that the catalog can reach, in one statement. A catalog relation whose parent
 * came from elsewhere (a search hit, `node(id:)`, a co-mention) is read for all such parents at
 * once, again with its whole subtree: statements per request depend on the query's shape, never on
 * the size of its result.
 */
import DataLoader from 'dataloader';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { pageRequest, toConnection, type Connection, type ConnectionArgs } from '../lib/connection.js';
import type { PageQuery, PlannedChildren, Sort } from './keyset.js';
import { fetchCount, fetchPage } from './pages.js';
import type { RowByType } from '../services/types.js';
import { MODEL } from '../model/registry.js';
import { relationOf, RELATIONS, TABLES, type TypeName } from './catalog.js';
import { cachedCompile } from './cache.js';
import { Compiler, rootColumns, emptyChild, materialize, materializeChild } from './compile.js';
import { connectionSelection, fieldsOn } from './selection.js';

type Row = Record<string, unknown>;

/** How a root field finds its row: by id, or by a unique text column (slug, url). */
export type RowKey = { id: number } | { column: 'slug' | 'url'; value: string };

export class Planner {
  /** One loader per field occurrence in the query (list items share their field nodes). */
  private readonly relationLoaders = new Map<readonly FieldNode[], DataLoader<number, unknown>>();
  /** Federation entities, per `_entities` field occurrence and type. */
  private readonly entityLoaders = new Map<readonly FieldNode[], Map<TypeName, DataLoader<number, unknown>>>();

  constructor(private readonly reader: Reader) {}

  /** A root field's single row of `type`, with the relations selected below it. */
  async row<T extends TypeName>(info: GraphQLResolveInfo, type: T, key: RowKey): Promise<RowByType[T] | null> {
    const { alias } = this.rowPlan(info, type);
    const where =
      'id' in key
        ? Prisma.sql`${Prisma.raw(`${alias}."id"`)} = ${key.id}::int`
        : Prisma.sql`${Prisma.raw(`${alias}."${key.column}"`)} = ${key.value}::text`;
    const [row] = await this.planned<T>(info, type, where);
    return row ?? null;
  }

  /**
   * An entity of `type` by id, for a federation `_entities` field: the representations of one
   * type in one `_entities` call are read together, in one statement planned like row()'s.
   */
  entity<T extends TypeName>(info: GraphQLResolveInfo, type: T, id: number): Promise<RowByType[T] | null> {
    let byType = this.entityLoaders.get(info.fieldNodes);
    if (!byType) this.entityLoaders.set(info.fieldNodes, (byType = new Map<TypeName, DataLoader<number, unknown>>()));
    let loader = byType.get(type);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const { alias } = this.rowPlan(info, type);
        const rows = await this.planned(info, type, Prisma.sql`${Prisma.raw(`${alias}."id"`)} = ANY(${[...ids]}::int[])`);
        const byId = new Map(rows.map((r) => [(r as { id: number }).id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      });
      byType.set(type, loader);
    }
    return loader.load(id) as Promise<RowByType[T] | null>;
  }

  /** The compiled select of a field's rows of `type`: what row() and entity() read. */
  private rowPlan(info: GraphQLResolveInfo, type: TypeName) {
    return cachedCompile(info, type, () => {
      const compiler = new Compiler(info.schema);
      const alias = compiler.alias();
      const fields = fieldsOn(info.schema, treeOf(info).fieldsByTypeName, type);
      const below = compiler.children(type, fields, { alias });
      return { alias, below, columns: rootColumns(type, fields, below?.plan, alias) };
    });
  }

  private async planned<T extends TypeName>(info: GraphQLResolveInfo, type: T, where: Prisma.Sql): Promise<RowByType[T][]> {
    const { alias, below, columns } = this.rowPlan(info, type);
    const rows = await this.reader.$queryRaw<Row[]>(Prisma.sql`
      SELECT ${columns}${below ? Prisma.sql`, ${below.sql} AS "@"` : Prisma.empty}
      FROM ${Prisma.raw(`"${TABLES[type].name}" ${alias}`)} WHERE ${where}`);
    // The compiled select reads every column the selected fields' resolvers need (catalog `needs`),
    // so the row serves as the type's row for them.
    return (below ? rows.map((row) => materialize(below.plan, row)) : rows) as RowByType[T][];
  }

  /**
   * A root connection of `type`: one keyset page of the rows `query` describes, each with the
   * relations selected below it, as a Relay connection (totalCount counted only when selected).
   * The page size and cursors are checked against `sort` before the query is built (its filters
   * may need reads); the query is then built with that same sort.
   */
  async connection<T extends TypeName>(
    info: GraphQLResolveInfo,
    type: T,
    args: ConnectionArgs,
    sort: Sort,
    query: (sort: Sort) => PageQuery | Promise<PageQuery>,
  ): Promise<Connection<RowByType[T]>> {
    const req = pageRequest(args, sort.key);
    const { children, columns } = this.pageNodes(info, type);
    // Only the columns the selection reads: a feed of 50 articles needn't parse 50 URLs it won't show.
    const q: PageQuery = { ...(await query(sort)), select: columns, children, asJson: { dates: MODEL[type].dates } };
    const page = await fetchPage<RowByType[T]>(this.reader, q, req);
    return toConnection(page, req, q.sort.key, () => fetchCount(this.reader, q));
  }

  /**
   * For a root connection of `type`: the columns and the relations selected below each node. The
   * page query names its rows with the type's registry alias (src/model/registry.ts), which this
   * SQL refers to.
   */
  private pageNodes(info: GraphQLResolveInfo, type: TypeName): { children?: PlannedChildren; columns: Prisma.Sql } {
    return cachedCompile(info, type, () => {
      const alias = MODEL[type].alias;
      const fields = connectionSelection(info.schema, treeOf(info), type).fields;
      const below = new Compiler(info.schema).children(type, fields, { alias });
      const columns = rootColumns(type, fields, below?.plan, alias);
      return { columns, children: below ? { sql: below.sql, apply: (row: Row) => void materialize(below.plan, row) } : undefined };
    });
  }

  /** A catalog relation of a parent row that was not read by the planner. */
  relation(type: TypeName, parent: { id: number }, info: GraphQLResolveInfo): Promise<unknown> {
    let loader = this.relationLoaders.get(info.fieldNodes);
    if (!loader) {
      loader = this.relationLoader(type, info);
      this.relationLoaders.set(info.fieldNodes, loader);
    }
    return loader.load(parent.id);
  }

  private relationLoader(type: TypeName, info: GraphQLResolveInfo): DataLoader<number, unknown> {
    const tree = treeOf(info);
    const relation = relationOf(type, tree.name)!;
    return new DataLoader(async (ids) => {
      const compiler = new Compiler(info.schema);
      const alias = compiler.alias();
      const { sql, child } = compiler.relation(relation, tree, { alias });
      const rows = await this.reader.$queryRaw<Array<{ pid: number; v: unknown }>>(Prisma.sql`
        SELECT ${Prisma.raw(`${alias}."id"`)} AS "pid", ${sql} AS "v"
        FROM ${Prisma.raw(`"${TABLES[type].name}" ${alias}`)} WHERE ${Prisma.raw(`${alias}."id"`)} = ANY(${[...ids]}::int[])`);
      const byId = new Map(rows.map((r) => [r.pid, materializeChild(child, r.v)]));
      return ids.map((id) => (byId.has(id) ? byId.get(id) : emptyChild(child)));
    });
  }
}

function treeOf(info: GraphQLResolveInfo): ResolveTree {
  return parseResolveInfo(info) as ResolveTree;
}

interface PlannerContext {
  planner: Planner;
}

/**
 * Resolvers for every catalog relation of `type`: the value planned into the parent row when there
 * is one, else a batched read through the same catalog SQL.
 */
export function relationResolvers(type: TypeName) {
  const out: Record<string, (parent: Row, args: unknown, ctx: PlannerContext, info: GraphQLResolveInfo) => unknown> = {};
  for (const field of Object.keys(RELATIONS[type] ?? {})) {
    out[field] = (parent, _args, ctx, info) => {
      const planned = parent['@'] as Row | undefined;
      if (planned && info.path.key in planned) return planned[info.path.key];
      return ctx.planner.relation(type, parent as { id: number }, info);
    };
  }
  return out;
}
