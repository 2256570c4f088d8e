/**
 * Opens the database the process will use: the configured server, or an embedded Postgres when
 * none is configured. Either way it is migrated before anything else touches it.
 */
import type { Config } from '../config.js';
import { createPrismaClient, type Db } from './client.js';
import { createReader, type ReaderPool } from './reader.js';
import { createReadRouting, type ReadRouting } from './replicas.js';
import { memoryWriteMarks, redisWriteMarks } from './writeMarks.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrate } from './migrate.js';
import { redact } from './redact.js';

export { redact };

export interface Database {
  prisma: Db;
  reader: ReaderPool;
  /** Reads spread over the streaming replicas (DATABASE_REPLICA_URLS); absent without replicas. */
  reads?: ReadRouting;
  url: string;
  /** Human-readable description for the start-up log, without the password. */
  description: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, log: (msg: string) => void = () => {}): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  const url = config.databaseUrl ?? embedded!.url;
  try {
    const applied = await migrate(url);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const pooling = { poolSize: config.poolSize, statementTimeoutMs: config.limits.statementTimeoutMs };
  const prisma = createPrismaClient(url, { ...pooling, poolSize: Math.max(2, Math.ceil(config.poolSize / 4)) });
  const reader = createReader(url, { ...pooling, statementCacheSize: config.statementCacheSize });
  const reads = config.replicas.urls.length
    ? createReadRouting(reader, config.replicas, {
        ...pooling,
        statementCacheSize: config.statementCacheSize,
        marks: config.redisUrl ? redisWriteMarks(config.redisUrl) : memoryWriteMarks(),
      })
    : undefined;
  return {
    prisma,
    reader,
    reads,
    url,
    embedded: Boolean(embedded),
    description: embedded ? `embedded Postgres (${embedded.dataDir}) at ${redact(url)}` : redact(url),
    async close() {
      await reads?.close();
      await reader.end();
      await prisma.$disconnect();
      await embedded?.stop();
    },
  };
}
