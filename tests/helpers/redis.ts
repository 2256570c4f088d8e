/**
 * The Redis the shared-state tests use (127.0.0.1:6379, as on the CI machine; TEST_REDIS_URL
 * overrides). On a machine without Redis those tests are skipped with a note, so `npm test` still
 * passes on a bare machine; under CI (CI=true) a missing Redis fails the run instead.
 */
import net from 'node:net';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function ping(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname, () => socket.write('PING\r\n'));
    socket.setTimeout(1_000, () => (socket.destroy(), resolve(false)));
    socket.once('data', (d) => (socket.destroy(), resolve(d.toString().startsWith('+PONG'))));
    socket.once('error', () => resolve(false));
  });
}

export const redisAvailable = await ping(REDIS_URL);
if (!redisAvailable) {
  if (process.env.CI) throw new Error(`Redis is not reachable at ${REDIS_URL}; CI runs the Redis tests`);
  console.warn(`Redis is not reachable at ${REDIS_URL}: the tests that need it are skipped (CI runs them)`);
}
