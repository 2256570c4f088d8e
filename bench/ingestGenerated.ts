/**
 * bench/ingest.ts on generated GKG input: the bulk import into an empty database, into a copy of
 * a database already holding `base` articles, and the floor (COPY of the same rows, no
 * resolution), each in a child process (bench/ingestRun.ts) that reports its time and peak RSS.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { generateDatabase } from '../scripts/generate-data.js';
import { generateGkg } from '../scripts/generate/gkg.js';

/** Database names start with this unless `--db-prefix` says otherwise (one prefix per person sharing a server). */
export const DEFAULT_DB_PREFIX = 'newsgraph_ingest';
const emptyDatabase = (prefix: string) => `${prefix}_bench`;
/** The base of 1M articles is `<prefix>_base`; other sizes get their own, so a smoke run keeps the big one. */
const baseDatabase = (prefix: string, articles: number) => (articles === 1_000_000 ? `${prefix}_base` : `${prefix}_base_${articles}`);
const baseCopyDatabase = (prefix: string) => `${prefix}_bench_base`;
const RUNNER = new URL('./ingestRun.ts', import.meta.url).pathname;

export interface GeneratedBenchOptions {
  records: number;
  base: number;
  seed: number;
  batchSize?: number;
  /** Prefix of the benchmark's database names (default DEFAULT_DB_PREFIX). */
  dbPrefix?: string;
}

interface RunResult {
  seconds: number;
  records: number;
  maxRssMb: number;
  total?: { inserted: number; rejected: number };
  /** Milliseconds per phase (bulk runs; src/import/bulk/phases.ts). */
  phases?: Record<string, number>;
}

export async function generatedBench(opts: GeneratedBenchOptions): Promise<void> {
  const server = await openDatabase(loadConfig());
  const dir = path.join(os.tmpdir(), `newsgraph-ingest-gkg-${opts.records}-s${opts.seed}`);
  try {
    rmSync(dir, { recursive: true, force: true });
    const t0 = Date.now();
    const gen = await generateGkg({ records: opts.records, outDir: dir, seed: opts.seed });
    console.log(`generated ${opts.records} GKG records in ${gen.files.length} files (${(gen.bytes / 1e6).toFixed(0)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const rows: Array<[string, RunResult]> = [];
    const prefix = opts.dbPrefix ?? DEFAULT_DB_PREFIX;
    const emptyUrl = await freshDatabase(server.url, emptyDatabase(prefix));
    rows.push(['a. bulk, empty database', await timed('bulk', emptyUrl, dir, opts, opts.records)]);
    await freshDatabase(server.url, emptyDatabase(prefix));
    rows.push(['c. floor (COPY, no resolution)', await timed('floor', emptyUrl, dir, opts, opts.records)]);
    if (opts.base > 0) {
      const copyUrl = await baseCopy(server.url, prefix, opts.base);
      rows.push([`b. bulk, ${opts.base} articles stored`, await timed('bulk', copyUrl, dir, opts, opts.base + opts.records)]);
      await dropDatabase(server.url, baseCopyDatabase(prefix));
    }
    printTable(rows, opts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
}

function printTable(rows: Array<[string, RunResult]>, opts: GeneratedBenchOptions): void {
  const rate = (r: RunResult) => r.records / r.seconds;
  const floor = rows.find(([name]) => name.startsWith('c.'))![1];
  console.log(`\nrecords ${opts.records}, seed ${opts.seed}, batch size ${opts.batchSize ?? 'default'}, ${os.cpus().length} cores\n`);
  console.log(`${'run'.padEnd(34)} ${'records'.padStart(8)} ${'seconds'.padStart(8)} ${'records/s'.padStart(10)} ${'× floor'.padStart(8)} ${'peak RSS'.padStart(9)}`);
  for (const [name, r] of rows) {
    console.log(
      `${name.padEnd(34)} ${String(r.records).padStart(8)} ${r.seconds.toFixed(1).padStart(8)} ${rate(r).toFixed(0).padStart(10)} ` +
        `${(floor.seconds > 0 ? r.seconds / floor.seconds : 0).toFixed(2).padStart(8)} ${`${r.maxRssMb.toFixed(0)} MB`.padStart(9)}`,
    );
  }
  const empty = rows[0][1];
  const based = rows.find(([name]) => name.startsWith('b.'))?.[1];
  for (const [name, r] of rows) if (r.phases) printPhases(name, r);
  if (based) console.log(`\nslowdown with ${opts.base} articles stored: ${(rate(empty) / rate(based)).toFixed(2)}× (records/s empty ÷ records/s with the base)`);
}

/**
 * Where a bulk run's time went. The reader (parsing) and the batch writer run at once, so the
 * phases overlap and do not add up to the run's time; a batch phase also counts the time its
 * reply waited while the event loop was busy parsing.
 */
function printPhases(name: string, r: RunResult): void {
  console.log(`\n${name}: time per phase (summed over batches; reader and writer overlap)`);
  for (const [phase, ms] of Object.entries(r.phases!).sort((a, b) => b[1] - a[1])) {
    console.log(`  ${phase.padEnd(34)} ${(ms / 1000).toFixed(1).padStart(7)} s ${((ms / 1000 / r.seconds) * 100).toFixed(0).padStart(4)}% of the run ${((ms * 1000) / r.records).toFixed(0).padStart(6)} µs/record`);
  }
}

/** One import in a child process; checks that the database then holds `expectArticles` articles. */
async function timed(mode: 'bulk' | 'floor', url: string, dir: string, opts: GeneratedBenchOptions, expectArticles: number): Promise<RunResult> {
  const args = ['--import', 'tsx', RUNNER, mode, url, dir, ...(opts.batchSize ? [String(opts.batchSize)] : [])];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${mode} import exited with ${code}`))));
  });
  const result = JSON.parse(out.trim().split('\n').pop()!) as RunResult;
  const articles = await articleCount(url);
  if (articles !== expectArticles) throw new Error(`${mode}: expected ${expectArticles} articles after the import, found ${articles}`);
  if (result.total?.rejected) throw new Error(`${mode}: ${result.total.rejected} records rejected`);
  // A line as each run ends: a long run shows its figures before the table.
  console.log(`${mode}: ${result.records} records in ${result.seconds.toFixed(1)} s, ${(result.records / result.seconds).toFixed(0)} records/s, peak RSS ${result.maxRssMb.toFixed(0)} MB`);
  return result;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** A new, migrated, empty database. */
async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  await dropDatabase(serverUrl, name);
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(serverUrl, name);
  await migrate(url);
  return url;
}

async function articleCount(url: string): Promise<number> {
  return withClient(url, async (c) => Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM "article"')).rows[0].n));
}

async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return withClient(serverUrl, async (c) => Boolean((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount));
}

/**
 * A copy of the base database (`base` generated articles, scripts/generate-data.ts), made with
 * CREATE DATABASE … TEMPLATE. The base is generated once and kept (one database per size).
 */
async function baseCopy(serverUrl: string, prefix: string, base: number): Promise<string> {
  const name = baseDatabase(prefix, base);
  const copy = baseCopyDatabase(prefix);
  const baseUrl = databaseUrl(serverUrl, name);
  if (!(await databaseExists(serverUrl, name)) || (await articleCount(baseUrl)) !== base) {
    const t0 = Date.now();
    await dropDatabase(serverUrl, name);
    await generateDatabase({ url: baseUrl, articles: base, seed: 1 });
    console.log(`base: generated ${base} articles into ${name} in ${((Date.now() - t0) / 1000).toFixed(0)} s (kept for the next run)`);
  }
  await migrate(baseUrl);
  await dropDatabase(serverUrl, copy);
  const t0 = Date.now();
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${copy}" TEMPLATE "${name}"`));
  console.log(`base: copied ${name} (${base} articles) to ${copy} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return databaseUrl(serverUrl, copy);
}
