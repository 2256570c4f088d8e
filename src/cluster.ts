/**
 * WORKERS=N: N server processes on one port, through node:cluster (the primary accepts and hands
 * connections round-robin). The primary opens the database once (starting the embedded Postgres,
 * migrating, seeding), then forks the workers with DATABASE_URL pointing at it, so no worker
 * starts a second Postgres. A worker that dies is replaced (after a pause, so a worker that cannot
 * start doesn't spin); SIGINT/SIGTERM stops the workers first (each drains its requests), then the
 * database.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import type { Logger } from './lib/logger.js';
import { seedIfEmpty } from './services/sample.js';

/** Pause before replacing a worker that exited on its own. */
const RESTART_DELAY_MS = 1_000;

export async function runPrimary(config: Config, logger: Logger, onStop: (stop: () => Promise<void>) => void): Promise<void> {
  const db = await openDatabase(config, (m) => logger.debug({ component: 'postgres' }, m));
  if (config.seed) {
    const seeded = await seedIfEmpty(db.prisma);
    if (seeded) logger.info(`database was empty: loaded ${seeded} sample article(s)`);
  }
  // The primary serves nothing; only the embedded Postgres (if any) needs it alive.
  await db.prisma.$disconnect();
  if (!config.redisUrl) logger.warn('WORKERS > 1 without REDIS_URL: rate limits and persisted queries are per worker');
  let stopping = false;
  const env = { DATABASE_URL: db.url, SEED: 'false' };
  const fork = (): Worker => cluster.fork(env);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'worker exited; starting another');
    setTimeout(() => stopping || fork(), RESTART_DELAY_MS).unref();
  });
  for (let i = 0; i < config.workers; i++) fork();
  logger.info(`started ${config.workers} workers on port ${config.port} (database: ${db.description})`);
  onStop(async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    );
    await db.close();
  });
}
