/**
 * The read path: the same `$queryRaw` the services use with Prisma, served by a plain `pg` pool.
 * Reads are hand-written SQL already; sending them through Prisma's raw-query pipeline costs CPU
 * per row (serialising and re-mapping results) that the benchmark showed was a large share of a
 * request. Writes keep using Prisma (transactions, typed models).
 */
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
      const result = await pool.query(sql.text, sql.values as unknown[]);
      return result.rows as T;
    },
    end: () => pool.end(),
  };
}
