/**
 * DataLoader shapes used by every loader: one row per key, a list of rows per key, and one
 * connection page per (parent, arguments). Each batch function returns results in key order.
 */
import DataLoader from 'dataloader';
import type { Db } from '../db/client.js';
import { pageRequest, toConnection, type Connection, type ConnectionArgs } from '../lib/connection.js';
import type { PageQuery } from '../services/sql/keyset.js';
import { fetchCountsByParent, fetchPagesByParent } from '../services/sql/pages.js';

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

/**
 * One connection page per parent. Keys with the same arguments are fetched together in one
 * statement; `totalCount`, when selected, is batched the same way through its own loader.
 */
export function pageByParent<T, O = never>(db: Db, queryFor: (order?: O | null) => PageQuery): DataLoader<PageKey<O>, Connection<T>, string> {
  const counts = new DataLoader<number, number>(async (ids) => {
    const byId = await fetchCountsByParent(db, ids, queryFor(null));
    return ids.map((id) => byId.get(id) ?? 0);
  });
  return new DataLoader(
    async (keys) => {
      const results = new Map<string, Connection<T> | Error>();
      for (const group of groupBy(keys, (k) => signature(k.args, k.order))) {
        const { args, order } = group[0];
        const query = queryFor(order);
        try {
          const req = pageRequest(args, query.sort.key);
          const ids = [...new Set(group.map((k) => k.parentId))];
          const pages = await fetchPagesByParent<T>(db, ids, query, req);
          for (const id of ids) {
            const conn = toConnection(pages.get(id) ?? { rows: [] }, req, query.sort.key, () => counts.load(id));
            results.set(keyOf({ parentId: id, args, order }), conn);
          }
        } catch (err) {
          for (const k of group) results.set(keyOf(k), err as Error);
        }
      }
      return keys.map((k) => results.get(keyOf(k)) ?? new Error('page not loaded'));
    },
    { cacheKeyFn: keyOf },
  );
}

function signature(args: ConnectionArgs, order: unknown): string {
  const { first, after, last, before } = args;
  return JSON.stringify([first ?? null, after ?? null, last ?? null, before ?? null, order ?? null]);
}

function keyOf<O>(k: PageKey<O>): string {
  return `${k.parentId}|${signature(k.args, k.order)}`;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups.values()];
}
