/**
 * DataLoader shapes used by every loader: one row per key, a list of rows per key, and one
 * connection page per (parent, arguments). Each batch function returns results in key order.
 */
import DataLoader from 'dataloader';
import type { Reader } from '../db/reader.js';
import { pageRequest, toConnection, type Connection, type ConnectionArgs } from '../lib/connection.js';
import type { PageQuery } from '../plan/keyset.js';
import {
  fetchCountsByTuple,
  fetchPagesByTuple,
  PARENT_TUPLE,
  tupleKey,
  type ParentTuple,
  type TupleTypes,
} from '../plan/pages.js';

/** Loads one row per key; null for keys that match nothing. */
export function oneByKey<K, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/** Loads the rows belonging to each key, in the order the fetch returned them. */
export function manyByKey<K, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader(async (keys) => {
    const groups = new Map<K, V[]>(keys.map((k) => [k, []]));
    for (const row of await fetch(keys)) groups.get(keyOf(row))?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

export interface PageKey<O> {
  parentId: number;
  args: ConnectionArgs;
  order?: O | null;
}

/** One connection page per parent id: pageByTuple with a one-value tuple. */
export function pageByParent<T, O = never>(
  db: Reader,
  queryFor: (order?: O | null) => PageQuery,
): DataLoader<PageKey<O>, Connection<T>, string> {
  const pages = pageByTuple<T, O>(db, PARENT_TUPLE, queryFor);
  return new DataLoader(
    (keys) => Promise.all(keys.map((k) => pages.load({ tuple: { pid: k.parentId }, args: k.args, order: k.order }).catch((e: Error) => e))),
    { cacheKeyFn: (k) => `${k.parentId}|${signature(k.args, k.order)}` },
  );
}

/** One instance per distinct order, made on first use. */
function perOrder<O, V>(make: (order: O | null | undefined) => V): (order: O | null | undefined) => V {
  const made = new Map<string, V>();
  return (order) => {
    const key = JSON.stringify(order ?? null);
    if (!made.has(key)) made.set(key, make(order));
    return made.get(key)!;
  };
}

function signature(args: ConnectionArgs, order: unknown): string {
  const { first, after, last, before } = args;
  return JSON.stringify([first ?? null, after ?? null, last ?? null, before ?? null, order ?? null]);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups.values()];
}

export interface TupleKey<O> {
  tuple: ParentTuple;
  args: ConnectionArgs;
  order?: O | null;
}

/** pageByParent for parents made of several values (see fetchPagesByTuple). */
export function pageByTuple<T, O = never>(
  db: Reader,
  types: TupleTypes,
  queryFor: (order?: O | null) => PageQuery,
): DataLoader<TupleKey<O>, Connection<T>, string> {
  const countKey = (t: ParentTuple) => tupleKey(t, types);
  // Orders may carry filters (a date window), so counts are batched per order too.
  const counts = perOrder((order: O | null | undefined) =>
    new DataLoader<ParentTuple, number, string>(
      async (tuples) => {
        const byKey = await fetchCountsByTuple(db, tuples, types, queryFor(order));
        return tuples.map((t) => byKey.get(countKey(t)) ?? 0);
      },
      { cacheKeyFn: countKey },
    ),
  );
  const keyOfTuple = (k: TupleKey<O>) => `${countKey(k.tuple)}|${signature(k.args, k.order)}`;
  return new DataLoader(
    async (keys) => {
      const results = new Map<string, Connection<T> | Error>();
      for (const group of groupBy(keys, (k) => signature(k.args, k.order))) {
        const { args, order } = group[0];
        const query = queryFor(order);
        try {
          const req = pageRequest(args, query.sort.key);
          const pages = await fetchPagesByTuple<T>(db, group.map((k) => k.tuple), types, query, req);
          for (const k of group) {
            const page = pages.get(countKey(k.tuple)) ?? { rows: [] };
            results.set(keyOfTuple(k), toConnection(page, req, query.sort.key, () => counts(order).load(k.tuple)));
          }
        } catch (err) {
          for (const k of group) results.set(keyOfTuple(k), err as Error);
        }
      }
      return keys.map((k) => results.get(keyOfTuple(k)) ?? new Error('page not loaded'));
    },
    { cacheKeyFn: keyOfTuple },
  );
}
