/**
 * Where cached responses live: in this process's memory, or in Redis so every process shares them.
 * An entry carries tags (the global ids it holds, and the root lists it answers); invalidating a
 * tag drops every entry carrying it, wherever it was stored from.
 */
import { Redis } from 'ioredis';

export interface ResponseStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, body: string, tags: readonly string[], ttlSeconds: number): Promise<void>;
  /** Drops every entry carrying any of the tags; resolves with how many went. */
  invalidate(tags: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

const MAX_MEMORY_ENTRIES = 10_000;

export function memoryStore(now: () => number = Date.now): ResponseStore {
  const entries = new Map<string, { body: string; expires: number; tags: readonly string[] }>();
  const byTag = new Map<string, Set<string>>();
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return false;
    entries.delete(key);
    for (const t of entry.tags) byTag.get(t)?.delete(key);
    return true;
  };
  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= now()) {
        drop(key);
        return undefined;
      }
      return entry.body;
    },
    async set(key, body, tags, ttlSeconds) {
      drop(key);
      if (entries.size >= MAX_MEMORY_ENTRIES) drop(entries.keys().next().value as string);
      entries.set(key, { body, expires: now() + ttlSeconds * 1000, tags });
      for (const t of tags) {
        let keys = byTag.get(t);
        if (!keys) byTag.set(t, (keys = new Set()));
        keys.add(key);
      }
    },
    async invalidate(tags) {
      let dropped = 0;
      for (const t of tags) {
        for (const key of [...(byTag.get(t) ?? [])]) if (drop(key)) dropped++;
        byTag.delete(t);
      }
      return dropped;
    },
    async close() {},
  };
}

/** Entries at `<prefix>e:<key>`, each tag a set of entry keys at `<prefix>t:<tag>`. */
export function redisStore(url: string, prefix = 'newsgraph:rc:'): ResponseStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => {}); // callers treat a failure as a miss
  return {
    async get(key) {
      return (await redis.get(`${prefix}e:${key}`)) ?? undefined;
    },
    async set(key, body, tags, ttlSeconds) {
      const multi = redis.multi().set(`${prefix}e:${key}`, body, 'EX', ttlSeconds);
      // A tag set outlives its entries a little; stale members only cost a DEL of nothing.
      for (const t of tags) multi.sadd(`${prefix}t:${t}`, key).expire(`${prefix}t:${t}`, ttlSeconds * 2);
      await multi.exec();
    },
    async invalidate(tags) {
      let dropped = 0;
      for (const t of tags) {
        const keys = await redis.smembers(`${prefix}t:${t}`);
        if (keys.length) dropped += await redis.del(...keys.map((k) => `${prefix}e:${k}`));
        await redis.del(`${prefix}t:${t}`);
      }
      return dropped;
    },
    async close() {
      redis.disconnect();
    },
  };
}
