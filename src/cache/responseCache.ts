/**
 * The shared response cache (RESPONSE_CACHE=redis|memory). Identical query operations with
 * identical variables and the same viewer scope are answered from the store, for at most their
 * Cache-Control max-age (src/http/cache.ts), without executing.
 *
 * Entries are invalidated by entity. Each entry is tagged with every global id its answer holds
 * and with the root lists it answers (`articles`, `search`, …: a new row may belong there). Every
 * process follows the change feed (src/live/feed.ts): for each committed change it reads what the
 * changed article touched (the article, its source, the entities it mentions, quotes or states
 * facts about) and drops the entries tagged with any of them, within a feed batch (tens of ms).
 * A mutation's own response waits until that is done on its process, so the writer's next read
 * is never stale; other processes follow within the batch window.
 */
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode, type FormattedExecutionResult } from 'graphql';
import type { Context } from '../context.js';
import type { Reader } from '../db/reader.js';
import { cachePolicy, ROOT_MAX_AGE, rootFieldsOf } from '../http/cache.js';
import { decodeGlobalId } from '../lib/globalId.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import { latestChange, touchedByChanges, type ChangeSeq } from '../services/changes.js';
import type { ChangeFeed } from '../live/feed.js';
import type { ResponseStore } from './store.js';

/** Root fields whose answers are lists any new or changed row may join. */
const LIST_ROOTS = ['articles', 'people', 'organizations', 'places', 'declarations', 'sources', 'events', 'search', 'nodes'];
/**
 * Dropped on every change: the list roots, and answers that hold no node id to be invalidated by
 * (a client that didn't select `id`), tagged by their root fields instead.
 */
const ON_EVERY_CHANGE = Object.keys(ROOT_MAX_AGE).map((r) => `root:${r}`);
const CHANGES_PER_READ = 500;

export interface ResponseCacheOptions {
  store: ResponseStore;
  /** The database whose change feed invalidates entries. */
  databaseUrl: string;
  /** Say `extensions.cache: "hit" | "miss"` in answers (development). */
  exposeStatus: boolean;
  /**
   * With read replicas: the most they may lag. A replica may serve the old state until it has
   * replayed a change, and an entry filled from it meanwhile would keep that state, so every
   * invalidation is repeated once this long after the first.
   */
  replicaLagMs?: number;
}

export interface ResponseCache {
  plugin: ApolloServerPlugin<Context>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** `feed` is the process's one change feed (shared with subscriptions); the server starts and stops it. */
export function createResponseCache(opts: ResponseCacheOptions, reader: Reader, logger: Logger, metrics: Metrics, feed: ChangeFeed): ResponseCache {
  let seen: ChangeSeq | undefined;
  let catchingUp: Promise<void> | undefined;
  let again = false;

  /** Invalidates for every change after the last one handled; concurrent calls share one run. */
  function catchUp(): Promise<void> {
    if (catchingUp) {
      again = true;
      return catchingUp;
    }
    catchingUp = (async () => {
      do {
        again = false;
        seen ??= await latestChange(reader);
        for (;;) {
          const touched = await touchedByChanges(reader, seen, CHANGES_PER_READ);
          if (touched.last === null) break;
          const tags = [...ON_EVERY_CHANGE, ...touched.nodes.map((n) => `${n.type}:${n.id}`)];
          await opts.store.invalidate(tags);
          if (opts.replicaLagMs) setTimeout(() => void opts.store.invalidate(tags).catch(() => 0), opts.replicaLagMs).unref();
          seen = touched.last;
        }
      } while (again);
    })()
      .catch((err: unknown) => logger.warn({ err }, 'response cache: invalidation failed; will retry on the next change'))
      .finally(() => (catchingUp = undefined));
    return catchingUp;
  }

  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      let key: string | undefined;
      let maxAge = 0;
      let hit = false;
      return {
        async responseForOperation({ request, operation, document, contextValue }) {
          const policy = cachePolicy(document, operation);
          if (!policy) return null;
          maxAge = policy.maxAge;
          const scope = contextValue.viewer.apiKey ? [...contextValue.viewer.apiKey.scopes].sort().join('+') : 'anonymous';
          key = createHash('sha256')
            .update(JSON.stringify([request.query ?? '', request.operationName ?? null, request.variables ?? {}, scope]))
            .digest('base64url');
          const body = await opts.store.get(key).catch(() => undefined);
          metrics.cacheLookups.inc({ result: body ? 'hit' : 'miss' });
          if (!body) return null;
          hit = true;
          const singleResult = JSON.parse(body) as FormattedExecutionResult;
          if (opts.exposeStatus) singleResult.extensions = { ...singleResult.extensions, cache: 'hit' };
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult } };
        },
        async willSendResponse({ response, operation, document }) {
          if (operation?.operation === OperationTypeNode.MUTATION) {
            // The writer's own next read must see its write: drop what it touched before answering.
            await catchUp();
            await opts.store.invalidate(ON_EVERY_CHANGE).catch(() => 0);
            return;
          }
          if (!key || hit || response.body.kind !== 'single' || response.body.singleResult.errors?.length || !operation || !document) return;
          const result = response.body.singleResult;
          const tags = new Set<string>();
          for (const id of globalIdsIn(result.data)) tags.add(id);
          const anyId = tags.size > 0;
          for (const root of rootFieldsOf(document, operation)) if (!anyId || LIST_ROOTS.includes(root)) tags.add(`root:${root}`);
          await opts.store.set(key, JSON.stringify(result), [...tags], maxAge).catch(() => {});
          if (opts.exposeStatus) result.extensions = { ...result.extensions, cache: 'miss' };
        },
      };
    },
  };

  return {
    plugin,
    async start() {
      feed.onChanges(() => void catchUp());
      seen = await latestChange(reader);
    },
    async stop() {
      await catchingUp;
      await opts.store.close();
    },
  };
}

/** Every node id in an answer, as `Type:id` tags. */
function globalIdsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) globalIdsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id' && typeof v === 'string') {
        const decoded = decodeGlobalId(v);
        if (decoded) out.add(`${decoded.type}:${decoded.id}`);
      } else globalIdsIn(v, out);
    }
  }
  return out;
}
