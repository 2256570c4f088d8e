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
const TIMESTAMPTZ_OID = 1184;
// DATE columns are calendar days; pg would parse them as local midnight. We want UTC midnight,
// the same instant Prisma gives, so dates don't shift with the server's time zone.
const types = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (oid === DATE_OID) return (v: string) => new Date(`${v}T00:00:00.000Z`);
    if (oid === TIMESTAMPTZ_OID) return parseTimestamptz;
    return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown;
  },
};

const PG_TIMESTAMPTZ = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?(?::\d{2})?$/;
const parseTimestamptzSlow = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (value: string) => unknown;

/**
 * Postgres' timestamptz text ("2021-09-28 10:00:00+00") rewritten as ISO 8601 for the engine's
 * own Date parser: a wide page has a timestamp per row, and pg's regex-based parser was a
 * measurable share of a feed request. Anything else (BC years, infinity, second offsets) takes
 * pg's parser.
 */
function parseTimestamptz(v: string): unknown {
  const m = PG_TIMESTAMPTZ.exec(v);
  if (!m || v.length > 40 || /:\d{2}:\d{2}$/.test(v.slice(19))) return parseTimestamptzSlow(v);
  return new Date(`${m[1]}T${m[2]}${m[3]}:${m[4] ?? '00'}`);
}

export interface ReaderOptions {
  poolSize?: number;
  statementTimeoutMs?: number;
  /** Named (prepared) statements each connection keeps at most; the least recently used go. */
  statementCacheSize?: number;
  onQuery?: (sql: string) => void;
}

export const DEFAULT_STATEMENT_CACHE_SIZE = 200;

const names = new Map<string, string>();
const MAX_NAMES = 10_000;

/** A stable name per SQL text, so every connection prepares a text under the same name. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `ng_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return name;
}

/** What pg keeps per connection about statements it has prepared (not part of its typed API). */
interface PgConnectionState {
  parsedStatements?: Record<string, string>;
  submittedNamedStatements?: Record<string, string>;
}

/**
 * The statements one connection holds prepared, in recency order. Clients shape SQL texts (page
 * sizes, selections), so the set of texts is unbounded while a backend's memory is not: past
 * `max`, the least recently used statement is deallocated on the server and forgotten by pg.
 */
class PreparedStatements {
  private readonly lru = new Map<string, true>();
  constructor(private readonly max: number) {}

  /** Marks `name` used; returns the name to deallocate first, if the connection is full. */
  use(name: string): string | undefined {
    if (this.lru.delete(name)) {
      this.lru.set(name, true);
      return undefined;
    }
    this.lru.set(name, true);
    if (this.lru.size <= this.max) return undefined;
    const oldest = this.lru.keys().next().value as string;
    this.lru.delete(oldest);
    return oldest;
  }
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
  // And a checked-out one, even between statements (see below): the next query reports it.
  pool.on('connect', (client) => client.on('error', ignoreLostConnection));
  const cacheSize = Math.max(1, opts.statementCacheSize ?? DEFAULT_STATEMENT_CACHE_SIZE);
  const prepared = new WeakMap<pg.PoolClient, PreparedStatements>();

  /** Frees a statement on the server and in pg's own book-keeping, so pg prepares it again if it returns. */
  async function evict(client: pg.PoolClient, name: string): Promise<boolean> {
    const state = Reflect.get(client, 'connection') as PgConnectionState | undefined;
    if (!state?.parsedStatements) return false;
    await client.query(`DEALLOCATE "${name}"`);
    delete state.parsedStatements[name];
    delete state.submittedNamedStatements?.[name];
    return true;
  }

  return {
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T> {
      const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
      // Prisma.Sql builds its text anew on every read of .text: read it once.
      const text = sql.text;
      opts.onQuery?.(text);
      const client = await pool.connect();
      // A checked-out client whose socket dies (a killed server, a proxy closing its sessions)
      // emits 'error' besides failing its query; unheard, that event would crash the process.
      // The failed query reports the loss, and the release below drops the connection.
      client.on('error', ignoreLostConnection);
      let broken: Error | undefined;
      try {
        let statements = prepared.get(client);
        if (!statements) prepared.set(client, (statements = new PreparedStatements(cacheSize)));
        // Named statements are parsed and planned once per connection, then reused: planning was
        // as costly as running most of these small queries. Postgres still plans the first few
        // executions with the actual values and keeps a generic plan only when it is no worse.
        const name = statementName(text);
        const evicted = statements.use(name);
        // Should pg's internals ever change shape, drop the connection instead: that frees all.
        if (evicted && !(await evict(client, evicted))) broken = new Error('prepared statement cache full');
        const result = await client.query({ name, text, values: sql.values });
        return result.rows as T;
      } catch (err) {
        broken = err as Error;
        throw err;
      } finally {
        // A connection whose query failed may be mid-protocol or lost; don't hand it out again
        // unless the failure was the statement's own (Postgres answered with an error code).
        client.removeListener('error', ignoreLostConnection);
        client.release(broken && !(broken instanceof pg.DatabaseError) ? broken : undefined);
      }
    },
    end: () => pool.end(),
  };
}

function ignoreLostConnection(): void {}
