/**
 * Who wrote recently, for read-your-writes: a client whose mark hasn't expired reads from the
 * primary. In this process's memory, or in Redis so that a write through one process pins the
 * client's reads on every process behind the load balancer.
 */
import { Redis } from 'ioredis';

export interface WriteMarks {
  mark(client: string, ms: number): void;
  has(client: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Recent writers in this process's memory; entries expire by themselves, and the map is bounded. */
export function memoryWriteMarks(now: () => number = Date.now, max = 100_000): WriteMarks {
  const until = new Map<string, number>();
  return {
    mark(client, ms) {
      until.delete(client);
      if (until.size >= max) until.delete(until.keys().next().value as string);
      until.set(client, now() + ms);
    },
    async has(client) {
      const expires = until.get(client);
      if (expires === undefined) return false;
      if (expires > now()) return true;
      until.delete(client);
      return false;
    },
    async close() {},
  };
}

/** Marks as expiring Redis keys; a Redis that doesn't answer counts as "wrote" (the primary is always right). */
export function redisWriteMarks(url: string, prefix = 'newsgraph:wrote:'): WriteMarks {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: 1, commandTimeout: 500 });
  redis.on('error', () => {}); // reported through the failing commands
  // This process's own writers are known at once, before Redis has the mark.
  const local = memoryWriteMarks();
  return {
    mark(client, ms) {
      local.mark(client, ms);
      void redis.set(prefix + client, '1', 'PX', ms).catch(() => {});
    },
    async has(client) {
      return (await local.has(client)) || (await redis.exists(prefix + client)) > 0;
    },
    async close() {
      redis.disconnect();
    },
  };
}
