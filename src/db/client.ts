/**
 * The Prisma client, on the `pg` driver adapter (Prisma 7 has no bundled query engine binary).
 * Only src/db and src/services import this module.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';

export { Prisma, PrismaClient } from '../generated/prisma/client.js';
export type Db = PrismaClient;

export interface ClientOptions {
  poolSize?: number;
  /** Postgres cancels any statement running longer (0 = no limit). */
  statementTimeoutMs?: number;
  /** Called with each SQL statement sent; used by tests to count queries per request. */
  onQuery?: (sql: string) => void;
}

export function createPrismaClient(databaseUrl: string, opts: ClientOptions = {}): PrismaClient {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.poolSize ?? 10,
    // Fail fast when the database is down instead of queueing requests behind dead connections.
    connectionTimeoutMillis: 5_000,
    ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
  });
  // pg emits 'error' on a checked-out client whose server goes away (a FATAL 57P01 when the
  // postmaster dies, or a dropped socket) even with no query running; unheard, that event crashes
  // the process (seen in the failover soak). The next statement on it fails and reports it.
  pool.on('connect', (client) => client.on('error', () => {}));
  pool.on('error', () => {});
  const adapter = new PrismaPg(pool);
  if (!opts.onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  const onQuery = opts.onQuery;
  client.$on('query', (e) => onQuery(e.query));
  return client;
}
