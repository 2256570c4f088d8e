/**
 * The newsgraph process: read config, open (and if needed start) the database, load the sample
 * articles into an empty database, serve GraphQL, and shut down cleanly on SIGINT/SIGTERM.
 */
import { ConfigError, loadConfig } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { createLogger } from './lib/logger.js';
import { memoryRateLimiter, redisRateLimiter } from './lib/rateLimit.js';
import { createServer, type NewsgraphServer } from './server.js';
import { seedIfEmpty } from './services/sample.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  logger.info(config.databaseUrl ? 'using DATABASE_URL' : `starting embedded Postgres (data in ${config.dataDir})`);
  if (config.redisUrl) logger.info('rate limits are shared through Redis (REDIS_URL)');
  const db = await openDatabase(config, (m) => logger.debug({ component: 'postgres' }, m));
  let server: NewsgraphServer | undefined;
  try {
    if (config.seed) {
      const seeded = await seedIfEmpty(db.prisma);
      if (seeded) logger.info(`database was empty: loaded ${seeded} sample article(s)`);
    }
    server = createServer({
      db: db.prisma,
      logger,
      sandbox: config.sandbox,
      introspection: config.introspection,
      privateMode: config.privateMode,
      limits: config.limits,
      rateLimiter: config.redisUrl ? redisRateLimiter(config.redisUrl) : memoryRateLimiter(),
    });
    const url = await server.listen(config.port, config.host);
    logger.info({ url, database: db.description }, `newsgraph listening at ${url} (database: ${db.description})`);
  } catch (err) {
    await db.close();
    throw err;
  }
  onShutdown(async (signal) => {
    logger.info(`${signal} received: finishing in-flight requests, then stopping`);
    await server?.stop();
    await db.close();
    logger.info('stopped');
  });
}

function onShutdown(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stop(signal).then(
        () => process.exit(0),
        (err) => {
          console.error(err);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});

export type { Database };
