/**
 * Several server processes, one set of limits: with REDIS_URL, rate-limit buckets and
 * read-your-writes marks live in Redis, so a client can't get a second allowance by landing on
 * another process behind the load balancer. Two servers here, each with its own Redis
 * connection and nothing shared in memory, stand for two processes.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/config.js';
import { redisWriteMarks } from '../src/db/writeMarks.js';
import { redisRateLimiter } from '../src/lib/rateLimit.js';
import { createServer, type NewsgraphServer } from '../src/server.js';
import { getTestPrisma, getTestReader, resetDatabase } from './helpers/db.js';
import { REDIS_URL, redisAvailable } from './helpers/redis.js';
import { silentLogger } from './helpers/server.js';

const servers: NewsgraphServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function start(prefix: string): Promise<string> {
  const server = createServer({
    db: getTestPrisma(),
    reader: getTestReader(),
    logger: silentLogger,
    limits: { ...DEFAULT_LIMITS, anonymousPerMinute: 60, burst: 3 },
    rateLimiter: redisRateLimiter(REDIS_URL, prefix),
  });
  servers.push(server);
  return server.listen(0, '127.0.0.1');
}

const ask = (url: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });

describe.skipIf(!redisAvailable)('state shared through Redis', () => {
  it('one rate-limit bucket per client across server processes', async () => {
    await resetDatabase();
    const prefix = `test:rl:${randomUUID()}:`; // a fresh set of buckets for this run
    const [a, b] = [await start(prefix), await start(prefix)];
    await new Promise((r) => setTimeout(r, 200)); // both Redis connections up
    const statuses = [];
    for (const url of [a, b, a, b]) statuses.push((await ask(url)).status);
    // A burst of 3 for the client, wherever its requests land: the 4th is refused.
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await ask(a);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('a write marked through one process pins the client to the primary on another, for the window only', async () => {
    const prefix = `test:wrote:${randomUUID()}:`;
    const [one, two] = [redisWriteMarks(REDIS_URL, prefix), redisWriteMarks(REDIS_URL, prefix)];
    try {
      one.mark('key:7', 300);
      await new Promise((r) => setTimeout(r, 50)); // the mark is written asynchronously
      expect(await two.has('key:7')).toBe(true);
      expect(await two.has('key:8')).toBe(false);
      await new Promise((r) => setTimeout(r, 400));
      expect(await two.has('key:7')).toBe(false);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
