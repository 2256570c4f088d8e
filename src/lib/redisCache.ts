/**
 * A KeyValueCache (Apollo's cache interface) in Redis, so every server process shares what one
 * learned: automatic persisted queries registered on one process are found on all. Wrapped in
 * Apollo's ErrorsAreMissesCache by the caller, so a Redis outage reads as a miss, never an error.
 */
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { Redis } from 'ioredis';

export class RedisKeyValueCache implements KeyValueCache<string> {
  private readonly redis: Redis;
  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => {}); // each call reports its own failure (a miss)
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (options?.ttl) await this.redis.set(this.prefix + key, value, 'EX', Math.max(1, Math.round(options.ttl)));
    else await this.redis.set(this.prefix + key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key)) > 0;
  }

  close(): void {
    this.redis.disconnect();
  }
}

/**
 * A readiness check of Redis: PING on a connection of its own, opened for the check and closed
 * after it (the server runs one check per HEALTH_READY_CACHE_MS at most), given up after a
 * second, and never retried: a Redis that is away makes the check fail, not wait.
 */
export function redisPing(url: string): () => Promise<unknown> {
  return async () => {
    const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, commandTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {}); // the failed PING is the report
    try {
      await redis.connect();
      return await redis.ping();
    } finally {
      redis.disconnect();
    }
  };
}
