/**
 * Opens the database the process will use: the configured server, or an embedded Postgres when
 * none is configured. Either way it is migrated before anything else touches it.
 */
import type { Config } from '../config.js';
import { createPrismaClient, type Db } from './client.js';
import { createReader, type ReaderPool } from './reader.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrate } from './migrate.js';

export interface Database {
  prisma: Db;
  reader: ReaderPool;
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
  return {
    prisma,
    reader,
    url,
    embedded: Boolean(embedded),
    description: embedded ? `embedded Postgres (${embedded.dataDir}) at ${redact(url)}` : redact(url),
    async close() {
      await reader.end();
      await prisma.$disconnect();
      await embedded?.stop();
    },
  };
}

/** The URL with any password replaced, for logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable database url>';
  }
}
