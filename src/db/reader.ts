/**
 * The read path: the same `$queryRaw` the services use with Prisma, served by a plain `pg` pool.
 * Reads are hand-written SQL already; sending them through Prisma's raw-query pipeline costs CPU
 * per row (serialising and re-mapping results) that the benchmark showed was a large share of a
 * request. Writes keep using Prisma (transactions, typed models).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { Prisma } from './client.js';

export interface Reader {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
}

export interface ReaderPool extends Reader {
  end(): Promise<void>;
}

const DATE_OID = 1082;
// DATE columns are calendar days; pg would parse them as local midnight. We want UTC midnight,
// the same instant Prisma gives, so dates don't shift with the server's time zone.
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === DATE_OID) return (v: string) => new Date(`${v}T00:00:00.000Z`);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export interface ReaderOptions {
  poolSize?: number;
  statementTimeoutMs?: number;
  onQuery?: (sql: string) => void;
}

const names = new Map<string, string>();
const MAX_NAMES = 10_000;

/** A stable name per SQL text; texts are built from code, not from input, so there are few. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `ng_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size < MAX_NAMES) names.set(text, name);
  }
  return name;
}

export function createReader(databaseUrl: string, opts: ReaderOptions = {}): ReaderPool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    types,
    ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
  });
  pool.on('error', () => {}); // an idle client lost with the server; the next query reports it
  return {
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T> {
      const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
      opts.onQuery?.(sql.text);
      // Named statements are parsed and planned once per connection, then reused: planning was
      // as costly as running most of these small queries. Postgres still plans the first few
      // executions with the actual values and keeps a generic plan only when it is no worse.
      const result = await pool.query({ name: statementName(sql.text), text: sql.text, values: sql.values as unknown[] });
      return result.rows as T;
    },
    end: () => pool.end(),
  };
}
