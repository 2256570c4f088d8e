/**
 * `npm run soak`: a bounded load test on loopback. Starts newsgraph on a fresh database (with the
 * sample article), sends a mix of queries at fixed concurrency for a fixed time, samples the
 * server's memory, and, with `--import FILE`, runs a GDELT import at the same time. It fails when
 * any response is a 5xx, when memory keeps growing, or when the import loses anything.
 *
 *   npm run soak                                  # 120 s at 64 connections
 *   npm run soak -- --duration 30 --connections 32 --import ../shared/data/gdelt-gkg/20230702153000.gkg.import.tsv
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '120' },
    connections: { type: 'string', default: '64' },
    'database-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/newsgraph_soak' },
    import: { type: 'string' },
  },
});
const duration = Number(flags.duration);
const connections = Number(flags.connections);
const dbUrl = flags['database-url'];

const QUERIES = [
  '{ declarations(first: 5, filter: { title: "shusha" }) { totalCount nodes { id title signatories { role person { name affiliations { title organization { name } } } } articles(first: 5) { totalCount nodes { title source { name } } } } } }',
  '{ people(first: 3, filter: { name: "hasanov" }) { nodes { name affiliations { title organization { name country { name } } } articles(first: 5) { nodes { title people { name } organizations { name } } } } } }',
  '{ articles(first: 10) { totalCount nodes { title authors { name } quotes { text speaker { name } } people { name } } } }',
  '{ search(query: "shusha declaration", first: 5) { totalCount edges { score snippet node { __typename } } } }',
  '{ person(slug: "zakir-hasanov") { coMentioned(first: 5) { nodes { count } } mentionTimeline(interval: MONTH) { count } } }',
];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function freshDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0', MAX_CONCURRENT_REQUESTS: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become ready within 60 s');
}

function runImport(file: string): Promise<{ code: number; summary: any }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', '--format', 'gkg', '--json', file], {
      env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      let summary: unknown = null;
      try {
        summary = JSON.parse(out);
      } catch {
        summary = out;
      }
      resolve({ code: code ?? 1, summary });
    });
  });
}

async function main(): Promise<void> {
  await freshDatabase(dbUrl);
  const port = await freePort();
  const server = await startServer(port);
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(rssMiB(server.pid!)), 1000);
  const started = Date.now();
  const imported = flags.import ? runImport(flags.import) : undefined;
  const result: any = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    connections,
    duration,
    requests: QUERIES.map((query) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })),
  });
  clearInterval(sampler);
  const importResult = await imported;
  const problems: string[] = [];
  if (result['5xx'] > 0) problems.push(`${result['5xx']} responses were 5xx`);
  if (result.errors > 0 || result.timeouts > 0) problems.push(`${result.errors} connection errors, ${result.timeouts} timeouts`);

  const quarter = Math.max(1, Math.floor(rss.length / 4));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const early = median(rss.slice(quarter, 2 * quarter));
  const late = median(rss.slice(-quarter));
  if (late > early * 1.25 + 20) problems.push(`memory grew from ${early.toFixed(0)} to ${late.toFixed(0)} MiB`);

  let importLine = 'no concurrent import';
  if (importResult) {
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM article WHERE feed = 'gdelt-gkg'`);
    await db.end();
    const s = importResult.summary?.total ?? importResult.summary;
    const accepted = Number(s?.inserted ?? 0) + Number(s?.updated ?? 0) + Number(s?.unchanged ?? 0);
    importLine = `concurrent GDELT import: exit ${importResult.code}, accepted ${accepted}, rejected ${s?.rejected ?? '?'}, articles stored ${rows[0].n}`;
    if (rows[0].n !== accepted) problems.push(`import lost data: accepted ${accepted} but ${rows[0].n} stored`);
  }

  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  const seconds = (Date.now() - started) / 1000;
  console.log(`soak: ${duration} s at ${connections} connections on 127.0.0.1 (${seconds.toFixed(0)} s wall)`);
  console.log(`  requests ${result.requests.total}, ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
  console.log(`  status: 2xx ${result['2xx']}, 4xx ${result['4xx']}, 5xx ${result['5xx']}, errors ${result.errors}, timeouts ${result.timeouts}`);
  console.log(`  server RSS MiB: start ${rss[0]?.toFixed(0)}, early median ${early?.toFixed(0)}, late median ${late?.toFixed(0)}, max ${Math.max(...rss).toFixed(0)}`);
  console.log(`  ${importLine}`);
  if (problems.length) {
    console.error(`soak FAILED: ${problems.join('; ')}`);
    process.exit(1);
  }
  console.log('soak passed: no 5xx, memory flat, nothing lost');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
