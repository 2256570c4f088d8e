/**
 * Token-bucket rate limiting: each caller (API key or IP) has a bucket of `burst` tokens refilled
 * at `perMinute`; a request takes one. Kept in memory for one process, or in Redis (REDIS_URL) so
 * several server processes share the buckets; Redis' own clock is used, so skew between servers
 * doesn't matter.
 */
import { Redis } from 'ioredis';

export interface Decision {
  allowed: boolean;
  /** Seconds until a token is available, when refused. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Takes `cost` tokens (default 1) if there are that many; cost 0 only asks whether one is left. */
  take(key: string, perMinute: number, burst: number, cost?: number): Promise<Decision>;
  close(): Promise<void>;
}

const MAX_BUCKETS = 100_000;

export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    async take(key, perMinute, burst, cost = 1) {
      const t = now();
      const perMs = perMinute / 60_000;
      const b = buckets.get(key) ?? { tokens: burst, at: t };
      b.tokens = Math.min(burst, b.tokens + (t - b.at) * perMs);
      b.at = t;
      // Re-insert to keep Map order as recency order, so the oldest bucket is evicted first.
      buckets.delete(key);
      buckets.set(key, b);
      if (buckets.size > MAX_BUCKETS) buckets.delete(buckets.keys().next().value as string);
      if (b.tokens >= 1) {
        b.tokens -= cost;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)) };
    },
    async close() {},
  };
}

// KEYS[1] bucket; ARGV: tokens per ms, burst, cost. Returns {allowed, wait ms}.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + (now - at) * rate)
local allowed, wait = 0, 0
if tokens >= 1 then tokens = tokens - tonumber(ARGV[3]); allowed = 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return {allowed, wait}`;

export function redisRateLimiter(url: string, prefix = 'newsgraph:rl:'): RateLimiter {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', () => {}); // reported per request below; don't crash the process
  return {
    async take(key, perMinute, burst, cost = 1) {
      const [allowed, waitMs] = (await redis.eval(TAKE, 1, prefix + key, perMinute / 60_000, burst, cost)) as [number, number];
      return { allowed: allowed === 1, retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(waitMs / 1000)) };
    },
    async close() {
      redis.disconnect();
    },
  };
}
