/**
 * /health/ready reflects every dependency the process needs: the database, and Redis when it is
 * configured. A load balancer takes a process out of rotation on 503 and puts it back on 200.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/config.js';
import { redisPing } from '../src/lib/redisCache.js';
import { createServer, type NewsgraphServer } from '../src/server.js';
import { getTestPrisma, getTestReader } from './helpers/db.js';
import { REDIS_URL, redisAvailable } from './helpers/redis.js';
import { silentLogger } from './helpers/server.js';

let server: NewsgraphServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function readiness(redisUrl: string): Promise<{ status: number; retryAfter: string | null; body: any }> {
  server = createServer({
    db: getTestPrisma(),
    reader: getTestReader(),
    logger: silentLogger,
    limits: { ...DEFAULT_LIMITS, readinessCacheMs: 0 },
    readinessChecks: { redis: redisPing(redisUrl) },
  });
  const url = await server.listen(0, '127.0.0.1');
  const res = await fetch(url.replace('/graphql', '/health/ready'));
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

describe('/health/ready', () => {
  it.skipIf(!redisAvailable)('is ready when the database and Redis answer', async () => {
    const { status, body } = await readiness(REDIS_URL);
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
  });

  it('is unavailable, naming Redis, when Redis does not answer', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused.
    const { status, retryAfter, body } = await readiness('redis://127.0.0.1:1');
    expect(status).toBe(503);
    expect(retryAfter).toBe('1');
    expect(body).toEqual({ status: 'unavailable', checks: { database: 'ok', redis: 'unreachable' }, reason: 'redis unreachable' });
  });
});
