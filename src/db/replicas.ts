/**
 * Read replicas: each request's reads go to one healthy streaming replica, or to the primary.
 *
 * - A replica is healthy while it answers, is still a standby, and replays within `maxLagMs` of the
 *   primary (`pg_last_xact_replay_timestamp()`); a monitor checks each one every `checkIntervalMs`.
 * - A request that mutates, and any request by a client that wrote within `readYourWritesMs`, reads
 *   from the primary, so a client always sees its own writes.
 * - No healthy replica: the primary. Primary unreachable: any reachable replica, however far
 *   behind, because during a failover stale reads serve clients better than none.
 * - A read that fails on a replica for reasons of the replica (connection lost, shutting down,
 *   recovery conflict) is retried once on the primary, and the replica is skipped until the
 *   monitor sees it healthy again.
 *
 * Writes never come here: Prisma (transactions, typed models) holds a pool on the primary only.
 * Why not `@prisma/extension-read-replicas`: our reads don't go through Prisma but through the
 * pg read path (src/db/reader.ts), and the extension neither measures lag nor skips a replica
 * that is down, both of which this needs.
 */
import pg from 'pg';
import { Prisma } from './client.js';
import { redact } from './redact.js';
import { memoryWriteMarks, type WriteMarks } from './writeMarks.js';
import { createReader, type Reader, type ReaderOptions, type ReaderPool } from './reader.js';

export interface ReplicaSettings {
  urls: readonly string[];
  maxLagMs: number;
  checkIntervalMs: number;
  readYourWritesMs: number;
}

/** What the monitor last saw of one replica (shown by /health/ready and /metrics). */
export interface ReplicaHealth {
  /** The replica's URL without its password. */
  name: string;
  healthy: boolean;
  /** Milliseconds of replay behind the primary; null while unreachable. */
  lagMs: number | null;
  /** Why it is skipped, when it is. */
  reason?: string;
}


/** One request's reader, and what the executor tells it about the operation. */
export interface RoutedReader extends Reader {
  /** Sends this request's reads to the primary (a mutation: its payload must show its write). */
  usePrimary(): void;
  /** The request wrote: the same client's reads go to the primary for the read-your-writes window. */
  wrote(): void;
}

export interface ReadRouting {
  /** The reader for one request by `client` (an API key or a client address; none: anyone's). */
  forRequest(client?: string): RoutedReader;
  replicas(): ReplicaHealth[];
  /** Requests routed so far, by where their reads went. */
  routed(): { primary: number; replica: number };
  close(): Promise<void>;
}

// SQLSTATEs that say "this server can't serve you now", not "your statement is wrong":
// admin_shutdown, crash_shutdown, cannot_connect_now, and a query cancelled by a recovery conflict.
const REPLICA_TROUBLE = new Set(['57P01', '57P02', '57P03', '40001']);

const LAG_SQL = `SELECT pg_is_in_recovery() AS standby,
  CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    -- Caught up with everything received while still streaming: behind by nothing, however long
    -- ago the last transaction was (an idle primary sends none).
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
      AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000, 'Infinity')
  END::float8 AS lag_ms`;

interface Replica {
  reader: ReaderPool;
  health: ReplicaHealth;
}

export function createReadRouting(
  primary: Reader,
  settings: ReplicaSettings,
  opts: ReaderOptions & { marks?: WriteMarks } = {},
): ReadRouting {
  const replicas: Replica[] = settings.urls.map((url) => ({
    reader: createReader(url, opts),
    health: { name: redact(url), healthy: false, lagMs: null, reason: 'not checked yet' },
  }));
  const marks = opts.marks ?? memoryWriteMarks();
  const counts = { primary: 0, replica: 0 };
  let primaryUp = true;
  let next = 0;

  async function check(replica: Replica): Promise<void> {
    try {
      const [row] = await withDeadline(
        replica.reader.$queryRaw<Array<{ standby: boolean; lag_ms: number }>>(Prisma.raw(LAG_SQL)),
        Math.max(settings.checkIntervalMs, 1_000),
      );
      const lagMs = Number.isFinite(row.lag_ms) ? Math.round(row.lag_ms) : null;
      const reason = !row.standby ? 'not a standby (promoted?)' : lagMs === null || lagMs > settings.maxLagMs ? `lagging ${lagMs ?? '∞'} ms` : undefined;
      replica.health = { name: replica.health.name, healthy: !reason, lagMs, ...(reason ? { reason } : {}) };
    } catch (err) {
      replica.health = { name: replica.health.name, healthy: false, lagMs: null, reason: `unreachable: ${(err as Error).message}` };
    }
  }

  async function checkAll(): Promise<void> {
    primaryUp = await withDeadline(primary.$queryRaw(Prisma.raw('SELECT 1')), Math.max(settings.checkIntervalMs, 1_000)).then(
      () => true,
      () => false,
    );
    await Promise.all(replicas.map(check));
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const first = replicas.length ? checkAll() : Promise.resolve();
  const loop = (): void => {
    if (stopped) return;
    timer = setTimeout(() => void checkAll().finally(loop), settings.checkIntervalMs);
    timer.unref();
  };
  void first.finally(loop);

  /** A replica to read from now, or undefined for the primary. */
  function pick(): Replica | undefined {
    const candidates = replicas.filter((r) => r.health.healthy || (!primaryUp && r.health.lagMs !== null));
    if (!candidates.length) return undefined;
    return candidates[next++ % candidates.length];
  }

  function forRequest(client?: string): RoutedReader {
    let pinned = false;
    let chosen: Promise<Replica | undefined> | undefined;
    const decide = async (): Promise<Replica | undefined> => {
      if (pinned || !replicas.length) return undefined;
      if (client !== undefined && (await marks.has(client).catch(() => true))) return undefined;
      return pick();
    };
    return {
      usePrimary() {
        pinned = true;
        chosen = Promise.resolve(undefined);
      },
      wrote() {
        if (client !== undefined && replicas.length && settings.readYourWritesMs > 0) marks.mark(client, settings.readYourWritesMs);
      },
      async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T> {
        if (!chosen) {
          chosen = decide();
          // Requests are counted, not lookups on their behalf (the API-key check has no client yet).
          if (client !== undefined) void chosen.then((r) => counts[r ? 'replica' : 'primary']++);
        }
        const replica = await chosen;
        if (!replica) return primary.$queryRaw<T>(query, ...values);
        try {
          return await replica.reader.$queryRaw<T>(query, ...values);
        } catch (err) {
          if (!isReplicaTrouble(err)) throw err;
          // The replica failed us, not the query: skip it until the monitor sees it well, and
          // serve this request from the primary.
          replica.health = { name: replica.health.name, healthy: false, lagMs: null, reason: `failed a read: ${(err as Error).message}` };
          chosen = Promise.resolve(undefined);
          return primary.$queryRaw<T>(query, ...values);
        }
      },
    };
  }

  return {
    forRequest,
    replicas: () => replicas.map((r) => ({ ...r.health })),
    routed: () => ({ ...counts }),
    async close() {
      stopped = true;
      clearTimeout(timer);
      await first.catch(() => {});
      await Promise.all(replicas.map((r) => r.reader.end()));
      await marks.close();
    },
  };
}

function isReplicaTrouble(err: unknown): boolean {
  if (err instanceof pg.DatabaseError) return REPLICA_TROUBLE.has(err.code ?? '');
  return err instanceof Error; // no answer from the server at all: connection refused, reset, timed out
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
