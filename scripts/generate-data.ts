/**
 * Deterministic synthetic data for benchmarks: `npm run db:generate -- --articles 100000`.
 *
 * The same --articles and --seed always give the same rows (a seeded PRNG, no clock, no
 * Math.random). Shape, per article: ~5 person mentions (people drawn from a Zipf distribution, so
 * a few people appear in a large share of articles; a person is sometimes mentioned twice), ~3
 * organization mentions, 1 place mention, ~1 quote (mostly by a mentioned person), one author, and
 * now and then a declaration mention and an event. Around them: places (countries and cities),
 * organizations with parents and countries, people's affiliations, declarations with 2-20
 * signatories, provisions and relations. Mention, quote and affiliation offsets point at the words
 * in the article body.
 *
 * Steps: migrate (src/db/migrate.ts), write each table to a COPY text file under a temp dir,
 * TRUNCATE every data table, drop secondary indexes, COPY the files (FK triggers off when we are
 * superuser: the rows are consistent by construction), rebuild the indexes, reset the id
 * sequences (setval), VACUUM ANALYZE. Prints generation time and load time.
 *
 * Flags: --articles N (default 10000), --seed S (default 1), --database-url URL (else
 * DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/newsgraph_bench, created if missing),
 * --keep-files (leave the COPY files), --quiet.
 *
 * `--format gkg --records N [--out DIR]` writes GDELT GKG 2.1 files instead (scripts/generate/gkg.ts).
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrate } from '../src/db/migrate.js';
import { DATA_TABLES, generate, LOAD_ORDER, TABLES } from './generate/articles.js';
import type { TableFile } from './generate/copyFiles.js';
import { runGkgCli } from './generate/gkg.js';

export { generate, scaleFor, type Scale } from './generate/articles.js';
export { prng } from './generate/random.js';

export const DEFAULT_BENCH_URL = 'postgresql://postgres@127.0.0.1:5432/newsgraph_bench';

// ------------------------------------------------------------------------------------------------
// Loading
// ------------------------------------------------------------------------------------------------

interface IndexDef {
  name: string;
  def: string;
}

export async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

async function load(url: string, files: Record<string, TableFile>, log: (m: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: su } = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    const superuser = Boolean(su[0]?.rolsuper);
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query(`TRUNCATE ${DATA_TABLES.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
    // Secondary indexes (everything but primary keys) are dropped and rebuilt after the load.
    const { rows: indexes } = await client.query<IndexDef>(
      `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
       WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')`,
      [LOAD_ORDER],
    );
    for (const ix of indexes) await client.query(`DROP INDEX IF EXISTS "${ix.name}"`);
    if (superuser) await client.query(`SET session_replication_role = replica`); // FK triggers off: rows are consistent
    for (const table of LOAD_ORDER) {
      const f = files[table];
      const cols = f.columns.map((c) => `"${c}"`).join(', ');
      const t0 = Date.now();
      await pipeline(createReadStream(f.file), client.query(copyFrom(`COPY "${table}" (${cols}) FROM STDIN`)));
      log(`  ${table}: ${f.rows} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (superuser) await client.query(`SET session_replication_role = DEFAULT`);
    // Rebuild the indexes on two connections (the machine has two cores).
    const t0 = Date.now();
    const second = new pg.Client({ connectionString: url });
    await second.connect();
    try {
      await second.query(`SET maintenance_work_mem = '512MB'`);
      const queue = [...indexes].sort((a, b) => (b.def.includes('gin') ? 1 : 0) - (a.def.includes('gin') ? 1 : 0));
      const worker = async (c: pg.Client) => {
        for (let ix = queue.shift(); ix; ix = queue.shift()) await c.query(ix.def);
      };
      await Promise.all([worker(client), worker(second)]);
    } finally {
      await second.end();
    }
    log(`  ${indexes.length} indexes rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // Sequences follow the explicit ids, so later inserts (articleUpsert, tests) work.
    for (const table of LOAD_ORDER) {
      if (!TABLES[table].includes('id')) continue;
      await client.query(
        `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce((SELECT max("id") FROM "${table}"), 0) + 1, false)`,
      );
    }
    const t1 = Date.now();
    // VACUUM too: it marks the freshly loaded pages all-visible, as autovacuum would soon after a
    // real load, so index-only scans don't visit the heap (benchmarks measure the settled state).
    await client.query('VACUUM (ANALYZE)');
    log(`  VACUUM ANALYZE in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

export interface GenerateResult {
  articles: number;
  generateSeconds: number;
  loadSeconds: number;
  rows: Record<string, number>;
  bytes: number;
}

export async function generateDatabase(opts: {
  url: string;
  articles: number;
  seed?: number;
  keepFiles?: boolean;
  log?: (m: string) => void;
}): Promise<GenerateResult> {
  const log = opts.log ?? (() => {});
  await ensureDatabase(opts.url);
  const applied = await migrate(opts.url);
  if (applied.length) log(`migrated: ${applied.join(', ')}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsgraph-gen-'));
  try {
    const t0 = Date.now();
    const files = await generate(dir, opts.articles, opts.seed ?? 1);
    const generateSeconds = (Date.now() - t0) / 1000;
    const bytes = Object.values(files).reduce((n, f) => n + statSync(f.file).size, 0);
    log(`generated ${opts.articles} articles in ${generateSeconds.toFixed(1)} s (${(bytes / 1e6).toFixed(0)} MB of COPY text in ${dir})`);
    const t1 = Date.now();
    await load(opts.url, files, log);
    const loadSeconds = (Date.now() - t1) / 1000;
    log(`loaded in ${loadSeconds.toFixed(1)} s (COPY + index rebuild + setval + VACUUM ANALYZE)`);
    return {
      articles: opts.articles,
      generateSeconds,
      loadSeconds,
      rows: Object.fromEntries(Object.values(files).map((f) => [f.table, f.rows])),
      bytes,
    };
  } finally {
    if (!opts.keepFiles) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      'database-url': { type: 'string' },
      'keep-files': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      // --format gkg: GDELT GKG 2.1 files instead of a database (scripts/generate/gkg.ts).
      format: { type: 'string', default: 'db' },
      records: { type: 'string' },
      out: { type: 'string' },
      'per-file': { type: 'string' },
      start: { type: 'string' },
    },
  });
  if (values.format === 'gkg') return runGkgCli(values);
  if (values.format !== 'db') throw new Error(`--format: expected gkg (files) or db (the default), got ${values.format}`);
  const articles = Number(values.articles);
  if (!Number.isInteger(articles) || articles < 10) throw new Error('--articles must be an integer >= 10');
  const url = values['database-url'] ?? process.env.DATABASE_URL ?? DEFAULT_BENCH_URL;
  const log = values.quiet ? () => {} : (m: string) => console.log(m);
  const t0 = Date.now();
  const res = await generateDatabase({ url, articles, seed: Number(values.seed), keepFiles: values['keep-files'], log });
  const total = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(
    `db:generate: ${articles} articles -> ${redact(url)}: generate ${res.generateSeconds.toFixed(1)} s, load ${res.loadSeconds.toFixed(1)} s, total ${total} s`,
  );
  console.log(`rows: ${Object.entries(res.rows).map(([t, n]) => `${t}=${n}`).join(' ')}`);
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
