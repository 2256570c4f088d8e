/**
 * `npm run bench:live [-- --subscribers 1000 --filters 10 --duration 5 --connections 32]`: the
 * delivery layer, measured on this machine (server and load in one process on 127.0.0.1).
 *
 *   1. A hot query (the home feed: 50 latest articles with their source), cached (RESPONSE_CACHE
 *      memory) against uncached, interleaved in two rounds: requests/s, p50/p99, the ratio.
 *   2. Subscribers during a GDELT import (the repository's GKG batch, 856 records): 10 subscribers
 *      (one per filter), then N (spread over the same 10 filters), each on its own WebSocket.
 *      Printed: events delivered, notification-to-delivery latency p50/p99 (from the moment this
 *      process hears the change's NOTIFY to the client receiving its event), and the SQL statements
 *      the server sent per batch of notifications, which must not grow with subscribers.
 *
 * It uses databases of its own on the Postgres DATABASE_URL names (default 127.0.0.1:5432):
 * `newsgraph_live_bench` (emptied, seeded, imported into) and, for part 1, the benchmark's
 * `newsgraph_bench` when it exists (else 20k generated articles in `newsgraph_live_bench_feed`).
 * Prints figures; asserts no timing.
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import { pino } from 'pino';
import WebSocket from 'ws';
import { memoryStore } from '../src/cache/store.js';
import { DEFAULT_LIMITS } from '../src/config.js';
import { ARTICLE_CHANGES_CHANNEL } from '../src/db/changes.js';
import { createPrismaClient } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { createReader } from '../src/db/reader.js';
import { importPaths } from '../src/import/importer.js';
import { loadSeed } from '../src/import/seed.js';
import { createServer } from '../src/server.js';
import { ensureDatabase, generateDatabase } from '../scripts/generate-data.js';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000' },
    filters: { type: 'string', default: '10' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    'skip-cache': { type: 'boolean', default: false },
    'skip-subscribers': { type: 'boolean', default: false },
  },
});
const SUBSCRIBERS = Number(values.subscribers);
const FILTERS = Number(values.filters);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const BASE = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbUrl = (name: string) => Object.assign(new URL(BASE), { pathname: `/${name}` }).toString();
const GKG = new URL('../tests/fixtures/gdelt/20230702153000.gkg.import.tsv.gz', import.meta.url).pathname;
const logger = pino({ level: 'warn' });
const log = (m: string) => console.log(m);

const percentile = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function cachedVsUncached(): Promise<void> {
  let url = dbUrl('newsgraph_bench');
  const probe = new pg.Client({ connectionString: url });
  const exists = await probe.connect().then(
    async () => {
      const r = await probe.query(`SELECT to_regclass('article') IS NOT NULL AS ok`).catch(() => ({ rows: [{ ok: false }] }));
      await probe.end();
      return Boolean(r.rows[0]?.ok);
    },
    () => false,
  );
  if (!exists) {
    url = dbUrl('newsgraph_live_bench_feed');
    log(`part 1: generating 20000 articles in ${new URL(url).pathname.slice(1)}`);
    await generateDatabase({ url, articles: 20_000 });
  }
  await migrate(url);
  const db = createPrismaClient(url, { poolSize: 4 });
  const reader = createReader(url, { poolSize: 10 });
  const limits = { ...DEFAULT_LIMITS, maxConcurrentRequests: 0 };
  const plain = createServer({ db, reader, logger, limits });
  const cached = createServer({ db, reader, logger, limits, responseCache: { store: memoryStore(), databaseUrl: url, exposeStatus: false } });
  const urls = { uncached: await plain.listen(0, '127.0.0.1'), cached: await cached.listen(0, '127.0.0.1') };
  const body = JSON.stringify({ query: '{ articles(first: 50) { edges { cursor node { id title publishedAt source { name } } } pageInfo { hasNextPage endCursor } } }' });
  const runs: Record<string, Array<{ rps: number; p50: number; p99: number }>> = { uncached: [], cached: [] };
  for (let round = 0; round < 2; round++) {
    for (const side of round % 2 ? (['cached', 'uncached'] as const) : (['uncached', 'cached'] as const)) {
      const r: any = await autocannon({ url: urls[side], connections: CONNECTIONS, duration: DURATION, method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (r.non2xx || r.errors) throw new Error(`${side}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      runs[side].push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 });
    }
  }
  const mean = (side: string, k: 'rps' | 'p50' | 'p99') => runs[side].reduce((s, x) => s + x[k], 0) / runs[side].length;
  log(`\npart 1: hot query (home feed, 50 articles), ${CONNECTIONS} connections, ${DURATION} s × 2 rounds, interleaved, database ${new URL(url).pathname.slice(1)}`);
  log('| side | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|');
  for (const side of ['uncached', 'cached']) log(`| ${side} | ${mean(side, 'rps').toFixed(0)} | ${mean(side, 'p50').toFixed(1)} | ${mean(side, 'p99').toFixed(1)} |`);
  log(`cached / uncached: ${(mean('cached', 'rps') / mean('uncached', 'rps')).toFixed(2)}×`);
  await cached.stop();
  await plain.stop();
  await reader.end();
  await db.$disconnect();
}

async function subscribersDuringImport(count: number, url: string): Promise<Record<string, number>> {
  const db = createPrismaClient(url, { poolSize: 6 });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const tables = (await admin.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`)).rows;
  await admin.query(`TRUNCATE ${tables.map((t: { tablename: string }) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
  await loadSeed(db);
  let statements = 0;
  const reader = createReader(url, { poolSize: 10, onQuery: () => statements++ });
  const server = createServer({
    db,
    reader,
    logger,
    live: { databaseUrl: url, batchMs: 50, maxPerAddress: count + 10, maxQueue: 100_000 },
  });
  const wsUrl = (await server.listen(0, '127.0.0.1')).replace(/^http/, 'ws');

  // When each change was committed, as this process hears it (the server hears it the same way).
  const heardAt = new Map<string, number>();
  let batches = 0;
  let batchTimer: NodeJS.Timeout | undefined;
  const listener = new pg.Client({ connectionString: url });
  await listener.connect();
  listener.on('notification', (n) => {
    heardAt.set(n.payload ?? '', performance.now());
    batchTimer ??= setTimeout(() => {
      batchTimer = undefined;
      batches++;
    }, 50);
  });
  await listener.query(`LISTEN "${ARTICLE_CHANGES_CHANNEL}"`);

  const latencies: number[] = [];
  let delivered = 0;
  const clients = [];
  for (let i = 0; i < count; i++) {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    clients.push(client);
    // Ten distinct filters that all match the batch: each event reaches every subscriber.
    const filter = { publishedAfter: `2000-01-${String((i % FILTERS) + 1).padStart(2, '0')}T00:00:00Z` };
    client.subscribe(
      { query: 'subscription($f: ArticleFilter) { articlePublished(filter: $f) { cursor article { title source { name } } } }', variables: { f: filter } },
      {
        next: (v: any) => {
          const cursor = v.data?.articlePublished?.cursor as string | undefined;
          if (!cursor) return;
          delivered++;
          const seq = (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as string[])[1];
          const heard = heardAt.get(seq);
          if (heard !== undefined) latencies.push(performance.now() - heard);
        },
        error: (e) => console.error('subscription error', e),
        complete: () => {},
      },
    );
  }
  await new Promise((r) => setTimeout(r, 2_000 + count * 2)); // every subscription registered
  statements = 0;
  const t0 = performance.now();
  const summary = await importPaths(db, [GKG], { format: 'gkg' });
  const importSeconds = (performance.now() - t0) / 1000;
  const written = summary.total.inserted + summary.total.updated;
  const expected = written * count;
  const deadline = Date.now() + 60_000;
  while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 200));
  const result = {
    subscribers: count,
    articles: written,
    delivered,
    expected,
    importSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statements,
    batches: Math.max(1, batches),
    groups: server.live?.groupCount ?? 0,
  };
  for (const c of clients) await c.dispose();
  await server.stop();
  await listener.end();
  await admin.end();
  await reader.end();
  await db.$disconnect();
  return result;
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!values['skip-cache']) await cachedVsUncached();
  if (!values['skip-subscribers']) {
    const url = dbUrl('newsgraph_live_bench');
    await ensureDatabase(url);
    await migrate(url);
    const rows = [];
    for (const n of [FILTERS, SUBSCRIBERS]) rows.push(await subscribersDuringImport(n, url));
    log(`\npart 2: subscribers during a GDELT import (${GKG.split('/').pop()}), ${FILTERS} distinct filters`);
    log('| subscribers | groups | articles | events delivered / expected | import s | latency p50 ms | p99 ms | SQL statements | batches | statements / batch |');
    log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      log(`| ${r.subscribers} | ${r.groups} | ${r.articles} | ${r.delivered} / ${r.expected} | ${r.importSeconds.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.statements} | ${r.batches} | ${(r.statements / r.batches).toFixed(1)} |`);
    }
  }
  log(`\nfinished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
