/**
 * CPU time per record of a bulk GKG import, per thread: `node --import tsx bench/ingestCpu.ts DIR
 * [--server URL] [--db NAME] [--parse-workers N] [--batch-size B]`.
 *
 * The import runs in this process into a new, migrated database (NAME, default
 * newsgraph_ingest_cpu; dropped first). While it runs, every thread of this process
 * (/proc/self/task) and every Postgres backend connected to NAME (pg_stat_activity, then
 * /proc/PID/stat) is sampled; a thread's last sample is its CPU time. Threads that appear after
 * the import starts are the parse workers; those there before, other than the main thread, are
 * V8's and libuv's helpers (garbage collection, the thread pool). Wall-clock throughput on a
 * shared machine says little; CPU time per record is what a change to the pipeline moves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate } from '../src/db/migrate.js';
import { createPrismaClient } from '../src/db/client.js';
import { importPaths } from '../src/import/importer.js';
import { PhaseTimes } from '../src/import/bulk/phases.js';

const TICK_MS = 1000 / 100; // USER_HZ: /proc's clock ticks, 100 a second on Linux

/** utime + stime of a /proc stat line, in ms (fields 14 and 15; the name in parentheses may hold spaces). */
function cpuMs(statPath: string): number | undefined {
  try {
    const stat = readFileSync(statPath, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

const threadIds = () => readdirSync('/proc/self/task');

class Sampler {
  readonly threads = new Map<string, number>();
  readonly backends = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly watcher: pg.Client, private readonly db: string) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), 200);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sample();
  }

  async sample(): Promise<void> {
    for (const tid of threadIds()) {
      const ms = cpuMs(`/proc/self/task/${tid}/stat`);
      if (ms !== undefined) this.threads.set(tid, ms);
    }
    for (const [pid] of this.backends) {
      const ms = cpuMs(`/proc/${pid}/stat`);
      if (ms !== undefined) this.backends.set(pid, ms);
    }
    if (this.polling) return;
    this.polling = true;
    try {
      const { rows } = await this.watcher.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [this.db]);
      for (const { pid } of rows) {
        const ms = cpuMs(`/proc/${pid}/stat`);
        if (ms !== undefined) this.backends.set(pid, ms);
      }
    } finally {
      this.polling = false;
    }
  }
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      server: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' },
      db: { type: 'string', default: 'newsgraph_ingest_cpu' },
      'parse-workers': { type: 'string' },
      'batch-size': { type: 'string' },
    },
  });
  const [dir] = positionals;
  if (!dir) throw new Error('usage: bench/ingestCpu.ts DIR [--server URL] [--db NAME] [--parse-workers N] [--batch-size B]');
  const admin = new pg.Client({ connectionString: values.server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${values.db}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${values.db}"`);
  const url = new URL(values.server);
  url.pathname = `/${values.db}`;
  await migrate(url.toString());

  // Start libuv's thread pool now, so that the threads the import starts are the parse workers.
  await readFile(new URL(import.meta.url));
  const before = new Map(threadIds().map((t) => [t, cpuMs(`/proc/self/task/${t}/stat`) ?? 0]));
  const sampler = new Sampler(admin, values.db);
  const prisma = createPrismaClient(url.toString(), { poolSize: 4 });
  const started = performance.now();
  sampler.start();
  let records = 0;
  const phases = new PhaseTimes();
  try {
    const summary = await importPaths(prisma, [dir], {
      format: 'gkg',
      bulk: {
        databaseUrl: url.toString(),
        batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
        parseWorkers: values['parse-workers'] ? Number(values['parse-workers']) : undefined,
        phases,
      },
    });
    const t = summary.total;
    records = t.inserted + t.updated + t.unchanged + t.rejected;
    if (t.rejected) throw new Error(`${t.rejected} records rejected`);
  } finally {
    await sampler.stop();
    await prisma.$disconnect();
  }
  const seconds = (performance.now() - started) / 1000;
  await admin.end();

  const main = String(process.pid);
  const spent = (tid: string) => (sampler.threads.get(tid) ?? 0) - (before.get(tid) ?? 0);
  const workers = [...sampler.threads.keys()].filter((t) => !before.has(t)).map(spent).sort((a, b) => b - a);
  const helpers = [...before.keys()].filter((t) => t !== main).reduce((s, t) => s + spent(t), 0);
  const postgres = [...sampler.backends.values()].reduce((s, v) => s + v, 0);
  const perRecord = (ms: number) => ((ms * 1000) / records).toFixed(0).padStart(6);
  console.log(`${records} records in ${seconds.toFixed(1)} s (${(records / seconds).toFixed(0)} records/s), ${os.availableParallelism()} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`CPU µs/record: main ${perRecord(spent(main))}   parse workers ${workers.map(perRecord).join(' +')}   V8/libuv helpers ${perRecord(helpers)}   postgres backends ${perRecord(postgres)} (${sampler.backends.size})`);
  const byPhase = Object.entries(phases.ms).sort((a, b) => b[1] - a[1]);
  console.log(`wall µs/record by phase: ${byPhase.map(([k, ms]) => `${k} ${perRecord(ms).trim()}`).join(', ')}`);
  console.log(JSON.stringify({ records, seconds, mainMs: spent(main), workerMs: workers, helperMs: helpers, postgresMs: postgres }));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
