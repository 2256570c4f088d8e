/**
 * Relay connections: argument checks, keyset cursors, and the connection object resolvers return.
 * Cursors are opaque base64 of [order key, ...sort values]; the order key makes a cursor taken
 * under one sort order fail loudly under another instead of paging wrongly.
 */
import { badUserInput } from './errors.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A validated page request: how many rows, which way, and from where. */
export interface PageRequest {
  limit: number;
  /** Paging backward (`last`/`before`): rows are fetched in reverse order, then flipped. */
  backward: boolean;
  /** Sort values of the cursor row to start after (in fetch direction), if any. */
  cursor?: unknown[];
  /** The other cursor, bounding the page on the far side, if both `after` and `before` were given. */
  bound?: unknown[];
}

export function pageRequest(args: ConnectionArgs, orderKey: string): PageRequest {
  const { first, last, after, before } = args;
  checkCount('first', first);
  checkCount('last', last);
  if (first != null && last != null) {
    throw badUserInput('last', 'pass either "first" or "last", not both');
  }
  const afterValues = after != null ? decodeCursor(after, orderKey, 'after') : undefined;
  const beforeValues = before != null ? decodeCursor(before, orderKey, 'before') : undefined;
  if (last != null || (before != null && first == null)) {
    return { limit: last ?? DEFAULT_PAGE_SIZE, backward: true, cursor: beforeValues, bound: afterValues };
  }
  return { limit: first ?? DEFAULT_PAGE_SIZE, backward: false, cursor: afterValues, bound: beforeValues };
}

function checkCount(name: string, value: number | null | undefined): void {
  if (value == null) return;
  if (!Number.isInteger(value) || value < 0) throw badUserInput(name, `must be a non-negative integer, got ${value}`);
  if (value > MAX_PAGE_SIZE) {
    throw badUserInput(name, `must be at most ${MAX_PAGE_SIZE}, got ${value}; page with "after"/"before" instead`);
  }
}

export function encodeCursor(orderKey: string, values: unknown[]): string {
  return Buffer.from(JSON.stringify([orderKey, ...values.map(serialize)]), 'utf8').toString('base64url');
}

function serialize(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}

export function decodeCursor(cursor: string, orderKey: string, argument: string): unknown[] {
  let parsed: unknown;
  try {
    if (cursor.length > 1024 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput(argument, 'is not a valid cursor; use a cursor returned by this connection');
  }
  if (!Array.isArray(parsed) || parsed.length < 2 || parsed.some((v) => !isCursorValue(v))) {
    throw badUserInput(argument, 'is not a valid cursor; use a cursor returned by this connection');
  }
  if (parsed[0] !== orderKey) {
    throw badUserInput(argument, 'was issued for a different sort order or connection');
  }
  return parsed.slice(1);
}

function isCursorValue(v: unknown): boolean {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counted only when the client selects it: a getter, read by the executor only then. */
  readonly totalCount: Promise<number>;
}

/** An edge whose cursor is encoded when a client asks for it (most ask only for nodes). */
class PageEdge<T> implements Edge<T> {
  #cursor: string | undefined;
  constructor(
    private readonly orderKey: string,
    private readonly sortValues: unknown[] | undefined,
    readonly node: T,
  ) {}

  get cursor(): string {
    // A page read without sort values was read for a selection with no cursor in it.
    if (!this.sortValues) throw new Error('cursor asked of a page read without sort values');
    return (this.#cursor ??= encodeCursor(this.orderKey, this.sortValues));
  }
}

/** A fetched page: up to limit+1 rows in fetch order, each with its sort values. */
export interface PageRows<T> {
  /** `sortValues` may be left out only by a reader that knows no cursor will be asked for. */
  rows: Array<{ node: T; sortValues: unknown[] | undefined }>;
}

/** Builds the connection from rows fetched with `limit + 1` (the extra row says there is more). */
export function toConnection<T>(
  page: PageRows<T>,
  req: PageRequest,
  orderKey: string,
  totalCount: () => Promise<number>,
): Connection<T> {
  const hasMore = page.rows.length > req.limit;
  const rows = page.rows.slice(0, req.limit);
  if (req.backward) rows.reverse();
  const edges = rows.map((r) => new PageEdge(orderKey, r.sortValues, r.node));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      // Like GitHub's API: the side we came from "has a page" exactly when a cursor was given.
      hasNextPage: req.backward ? req.cursor !== undefined : hasMore,
      hasPreviousPage: req.backward ? hasMore : req.cursor !== undefined,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
    get totalCount() {
      return totalCount();
    },
  };
}

/**
 * The same page with each node turned into a view of it. Cursors and the count stay lazy: a
 * spread (`{ ...conn }`) would read the count's getter, and so count, for every page.
 */
export function mapConnection<T, U, E extends object = Record<never, never>>(
  conn: Connection<T>,
  view: (node: T) => U,
  extra: (node: T) => E = () => ({}) as E,
): Connection<U> & { edges: Array<Edge<U> & E> } {
  const nodes = conn.nodes.map(view);
  const edges = conn.edges.map((e, i) =>
    Object.assign(
      {
        get cursor() {
          return e.cursor;
        },
        node: nodes[i],
      },
      extra(e.node),
    ),
  );
  return {
    edges,
    nodes,
    pageInfo: conn.pageInfo,
    get totalCount() {
      return conn.totalCount;
    },
  };
}
