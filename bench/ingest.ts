/**
 * `npm run bench:ingest [-- --records N] [--base M] [--smoke]`: records per second of the bulk GKG
 * import (src/import/bulk/) on generated input (scripts/generate/gkg.ts, N records, default 100,000):
 *
 *   a. into an empty database;
 *   b. with --base M, into a copy of a database already holding M generated articles
 *      (`newsgraph_ingest_base` for 1M, `newsgraph_ingest_base_<M>` otherwise; built once with the article generator and reused; each run copies
 *      it with CREATE DATABASE … TEMPLATE);
 *   c. the floor: the same records read and mapped the same way, their rows COPYed straight into
 *      the empty tables with ids assigned in memory, no resolution (bench/ingestFloor.ts).
 *
 * Each import runs in a child process (bench/ingestRun.ts), which reports its time and peak RSS.
 * `--smoke`: 2,000 records and a base of 5,000 articles, for CI (under a minute).
 * `--db-prefix P`: the databases are P_bench, P_base[_M] and P_bench_base (default newsgraph_ingest),
 * so several people can benchmark on one server.
 *
 * `npm run bench:ingest -- --sample [FILE] [--format gkg|json] [--concurrency N]` keeps the earlier
 * benchmark: one file (default the GDELT GKG batch) imported article by article three times:
 *
 *   1. into an empty database (everything inserted);
 *   2. again, into the full one (everything unchanged: the content-hash fast path);
 *   3. again after clearing the stored content hashes (everything rewritten: the update path).
 *
 * It never touches your data: it uses databases of its own (`newsgraph_ingest_bench`,
 * `newsgraph_ingest_base`, `newsgraph_ingest_bench_base`) on the server DATABASE_URL names (or on
 * the embedded Postgres), created when missing and emptied first.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createPrismaClient, type Db } from '../src/db/client.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { guessFormat, type InputFormat } from '../src/import/inputs.js';
import { importPaths, type ImportSummary } from '../src/import/importer.js';
import { generatedBench } from './ingestGenerated.js';

const DEFAULT_FILE = new URL('../../shared/data/gdelt-gkg/20230702153000.gkg.import.tsv', import.meta.url).pathname;
const BENCH_DATABASE = 'newsgraph_ingest_bench';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      concurrency: { type: 'string' },
      sample: { type: 'boolean', default: false },
      records: { type: 'string' },
      base: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'batch-size': { type: 'string' },
      smoke: { type: 'boolean', default: false },
      'db-prefix': { type: 'string' },
    },
  });
  if (!values.sample && !positionals.length) {
    return generatedBench({
      records: Number(values.records ?? (values.smoke ? 2000 : 100_000)),
      base: Number(values.base ?? (values.smoke ? 5000 : 0)),
      seed: Number(values.seed),
      batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
      dbPrefix: values['db-prefix'],
    });
  }
  const file = positionals[0] ?? DEFAULT_FILE;
  const format = (values.format ?? (positionals[0] ? guessFormat(file) : 'gkg')) as InputFormat;
  const concurrency = values.concurrency ? Number(values.concurrency) : undefined;

  const config = loadConfig();
  // The embedded server (when no DATABASE_URL) is started by openDatabase; we only borrow its address.
  const server = await openDatabase(config);
  const url = await ensureBenchDatabase(server.url);
  await migrate(url);
  const prisma = createPrismaClient(url, { poolSize: Math.max(2, Math.ceil(config.poolSize / 4)) });
  try {
    await emptyDatabase(prisma);
    console.log(`ingest benchmark: ${file} (${format}), database ${BENCH_DATABASE}, concurrency ${concurrency ?? 'default'}\n`);
    console.log(`${'run'.padEnd(34)} ${'records'.padStart(8)} ${'seconds'.padStart(8)} ${'records/s'.padStart(10)}  result`);
    await run('1. empty database', prisma, file, format, concurrency);
    await run('2. full database (unchanged)', prisma, file, format, concurrency);
    await prisma.$executeRaw`UPDATE "article" SET "content_hash" = NULL`;
    await run('3. hashes cleared (rewrites all)', prisma, file, format, concurrency);
  } finally {
    await prisma.$disconnect();
    await server.close();
  }
}

async function run(name: string, prisma: Db, file: string, format: InputFormat, concurrency: number | undefined): Promise<void> {
  const started = process.hrtime.bigint();
  const summary = await importPaths(prisma, [file], { format, concurrency });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const records = recordCount(summary);
  const t = summary.total;
  console.log(
    `${name.padEnd(34)} ${String(records).padStart(8)} ${seconds.toFixed(2).padStart(8)} ${(records / seconds).toFixed(0).padStart(10)}  ` +
      `inserted ${t.inserted}, updated ${t.updated}, unchanged ${t.unchanged}, rejected ${t.rejected}`,
  );
}

function recordCount(s: ImportSummary): number {
  return s.total.inserted + s.total.updated + s.total.unchanged + s.total.rejected;
}

/** The bench database on the same server, created if missing. */
async function ensureBenchDatabase(serverUrl: string, name = BENCH_DATABASE): Promise<string> {
  const url = new URL(serverUrl);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

async function emptyDatabase(prisma: Db): Promise<void> {
  const rows = await prisma.$queryRaw<Array<{ tablename: string }>>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  if (rows.length) await prisma.$executeRawUnsafe(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
