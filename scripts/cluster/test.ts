/**
 * `npm run cluster:test`: the failover soak. Brings the cluster of scripts/cluster/up.sh up (or
 * uses the one running), sends reads and `articleUpsert` writes through the load balancer at fixed
 * concurrency for a fixed time, and midway SIGKILLs the Patroni leader's postmaster, then one
 * newsgraph process. It reports the failover time (first failed write to the first write
 * acknowledged after it), the errors clients saw by code, every acknowledged write checked present
 * on the new leader (`acknowledged writes lost: N`), and the reads served during the failover.
 * Then brings the cluster down (when it brought it up; --keep leaves it running).
 *
 *   npm run cluster:test
 *   npm run cluster:test -- --duration 60 --writers 4 --readers 4 --keep
 *
 * Exits non-zero when a write is lost, when a client saw anything but 503 UNAVAILABLE with
 * Retry-After (but for the connections of requests in flight in the killed newsgraph process, cut
 * at its death), or when writes never came back.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    writers: { type: 'string', default: '4' },
    readers: { type: 'string', default: '4' },
    dir: { type: 'string', default: '/tmp/newsgraph-cluster' },
    keep: { type: 'boolean', default: false },
  },
});
const DURATION_MS = Number(flags.duration) * 1000;
const RUN = flags.dir;
const ROOT = path.resolve(import.meta.dirname, '../..');
const LB = 'http://127.0.0.1:18080';
const PROCESSES = { ng1: 'http://127.0.0.1:14001', ng2: 'http://127.0.0.1:14002' };
const PATRONI = ['http://127.0.0.1:18008', 'http://127.0.0.1:18009'];
const WRITE_URL = 'postgresql://postgres:newsgraph-cluster@127.0.0.1:15000/newsgraph';
/** When, as a share of the soak, the leader's Postgres and then one newsgraph process are killed. */
const KILL_POSTGRES_AT = 0.35;
const KILL_NEWSGRAPH_AT = 0.65;
/** A client's pause after a failed request: short, so the failover time is measured finely. */
const BACKOFF_MS = 200;
const REQUEST_TIMEOUT_MS = 10_000;

const UPSERT = `mutation($d: JSON!) { articleUpsert(input: { document: $d }) { status userErrors { code message } } }`;
const READ = '{ articles(first: 5) { totalCount nodes { id title } } }';

interface Outcome {
  kind: 'read' | 'write';
  /** Milliseconds since the soak started, when the answer (or the failure) came. */
  at: number;
  ok: boolean;
  /** For failures: extensions.code or the network error, with the HTTP status. */
  code?: string;
  retryAfter?: boolean;
  url?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function isUp(): Promise<boolean> {
  try {
    return (await fetch(`${LB}/health/ready`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): string {
  const res = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}:\n${res.stdout}`);
  return res.stdout;
}

function writeKey(): string {
  const out = run('npx', ['tsx', 'src/cli/apikey.ts', 'create', '--scope', 'write', '--name', 'cluster-test'], { DATABASE_URL: WRITE_URL, LOG_LEVEL: 'warn' });
  // The key is alone on its line (the line before shows only its prefix).
  const key = /^\s+(ng_\S+)\s*$/m.exec(out)?.[1];
  if (!key) throw new Error(`no key in the apikey output:\n${out}`);
  return key;
}

/** A small valid article document with a URL of its own. */
function documentFor(url: string, n: number): unknown {
  return {
    version: 1,
    article: {
      url,
      title: `Cluster soak write ${n}`,
      body: `Write ${n} of the failover soak.`,
      publishedAt: '2026-12-03',
      language: 'en',
      source: { slug: 'cluster-soak', name: 'Cluster soak', domain: 'cluster-test.example' },
      authors: [],
    },
    places: [],
    people: [],
    organizations: [],
    declarations: [],
    declarationRelations: [],
    affiliations: [],
    quotes: [],
    events: [],
  };
}

interface GraphQLBody {
  data?: { articleUpsert?: { status: string | null } } | null;
  errors?: { extensions?: { code?: string } }[];
}
interface Member {
  name: string;
  role: string;
  state: string;
  timeline?: number;
}

async function post(body: unknown, key?: string): Promise<{ ok: boolean; code?: string; retryAfter?: boolean; data?: GraphQLBody['data'] }> {
  try {
    const res = await fetch(`${LB}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    let json: GraphQLBody | undefined;
    try {
      json = JSON.parse(text) as GraphQLBody;
    } catch {
      json = undefined;
    }
    const retryAfter = res.headers.has('retry-after');
    if (res.ok && json?.data && !json.errors) return { ok: true, data: json.data };
    const by = res.headers.has('x-load-balancer-error') ? ', from the load balancer' : '';
    const code = json?.errors?.[0]?.extensions?.code ?? 'no GraphQL error';
    return { ok: false, code: `${code} (HTTP ${res.status}${by})`, retryAfter };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { ok: false, code: `network: ${e.cause?.code ?? e.name}`, retryAfter: false };
  }
}

/** The Patroni leader's name, from whichever node's REST API answers. */
async function cluster(): Promise<Member[]> {
  for (const api of PATRONI) {
    try {
      const res = await fetch(`${api}/cluster`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return ((await res.json()) as { members: Member[] }).members;
    } catch {
      // that node's Patroni is away; ask the other
    }
  }
  return [];
}

async function killLeaderPostgres(): Promise<{ leader: string; pid: number }> {
  const leader = (await cluster()).find((m) => m.role === 'leader')?.name;
  if (!leader) throw new Error('no Patroni leader to kill');
  // The first line of postmaster.pid is the postmaster's pid.
  const pid = Number(readFileSync(path.join(RUN, leader, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  return { leader, pid };
}

function killNewsgraph(name: keyof typeof PROCESSES): string {
  const pid = Number(readFileSync(path.join(RUN, 'pids', name), 'utf8'));
  try {
    process.kill(pid, 'SIGKILL');
    return `SIGKILL to newsgraph ${name} (pid ${pid})`;
  } catch {
    return `newsgraph ${name} (pid ${pid}) was already gone: it died during the failover (see ${RUN}/${name}.log)`;
  }
}

/** newsgraph processes that died without being killed by the soak, with their log's last error. */
function unexpectedDeaths(): string[] {
  const deaths: string[] = [];
  for (const name of Object.keys(PROCESSES).filter((n) => n !== 'ng2')) {
    const pid = Number(readFileSync(path.join(RUN, 'pids', name), 'utf8'));
    try {
      process.kill(pid, 0);
    } catch {
      const log = readFileSync(path.join(RUN, `${name}.log`), 'utf8').split('\n');
      const thrown = log.findIndex((l) => /^\s*throw |^Error|Unhandled/.test(l));
      deaths.push(`newsgraph ${name} (pid ${pid}) died during the soak: ${log.slice(Math.max(0, thrown), thrown + 8).join(' | ')}`);
    }
  }
  return deaths;
}

/** Reads each process has sent to a replica since it started (newsgraph_db_routed_requests). */
async function replicaReads(): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  for (const [name, base] of Object.entries(PROCESSES)) {
    try {
      const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(1000) })).text();
      const m = /newsgraph_db_routed_requests\{target="replica"\} (\d+)/.exec(text);
      out[name] = m ? Number(m[1]) : null;
    } catch {
      out[name] = null;
    }
  }
  return out;
}

async function soak(key: string) {
  const outcomes: Outcome[] = [];
  const acknowledged: string[] = [];
  const events: { at: number; what: string }[] = [];
  const samples: { at: number; replicaReads: Record<string, number | null> }[] = [];
  const runId = Date.now().toString(36);
  const started = Date.now();
  const now = () => Date.now() - started;
  const over = () => now() >= DURATION_MS;

  const writer = async (w: number) => {
    for (let n = 0; !over(); n++) {
      const url = `https://cluster-test.example/${runId}/${w}-${n}`;
      const res = await post({ query: UPSERT, variables: { d: documentFor(url, n) } }, key);
      const status = res.data?.articleUpsert?.status;
      const ok = res.ok && ['INSERTED', 'UPDATED', 'UNCHANGED'].includes(status ?? '');
      outcomes.push({ kind: 'write', at: now(), ok, code: ok ? undefined : (res.code ?? `userErrors ${JSON.stringify(res.data)}`), retryAfter: res.retryAfter, url });
      if (ok) acknowledged.push(url);
      else await sleep(BACKOFF_MS);
    }
  };
  const reader = async () => {
    while (!over()) {
      const res = await post({ query: READ });
      outcomes.push({ kind: 'read', at: now(), ok: res.ok, code: res.code, retryAfter: res.retryAfter });
      if (!res.ok) await sleep(BACKOFF_MS);
    }
  };
  const chaos = async () => {
    await sleep(DURATION_MS * KILL_POSTGRES_AT);
    const { leader, pid } = await killLeaderPostgres();
    events.push({ at: now(), what: `SIGKILL to the postmaster of the Patroni leader ${leader} (pid ${pid})` });
    await sleep(DURATION_MS * (KILL_NEWSGRAPH_AT - KILL_POSTGRES_AT));
    events.push({ at: now(), what: killNewsgraph('ng2') });
  };
  const sampler = async () => {
    while (!over()) {
      samples.push({ at: now(), replicaReads: await replicaReads() });
      await sleep(500);
    }
  };
  await Promise.all([
    ...Array.from({ length: Number(flags.writers) }, (_, w) => writer(w)),
    ...Array.from({ length: Number(flags.readers) }, () => reader()),
    chaos(),
    sampler(),
  ]);
  return { outcomes, acknowledged, events, samples };
}

/** Waits for the new leader to take writes, then counts the acknowledged URLs missing from it. */
async function lostWrites(urls: string[]): Promise<number> {
  for (let i = 0; ; i++) {
    const client = new pg.Client({ connectionString: WRITE_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ url: string }>('SELECT url FROM article WHERE url = ANY($1::text[])', [urls]);
      const found = new Set(rows.map((r) => r.url));
      return urls.filter((u) => !found.has(u)).length;
    } catch (err) {
      if (i >= 30) throw err;
      await sleep(1000);
    } finally {
      await client.end().catch(() => {});
    }
  }
}

function report(result: Awaited<ReturnType<typeof soak>>, lost: number): boolean {
  const { outcomes, acknowledged, events, samples } = result;
  const writes = outcomes.filter((o) => o.kind === 'write');
  const reads = outcomes.filter((o) => o.kind === 'read');
  const killAt = events[0]?.at ?? 0;
  const firstError = writes.find((o) => !o.ok && o.at >= killAt);
  // Writes in flight at the kill may still be acknowledged after the first failure (a backend
  // finishes its commit before noticing its postmaster died): writes are back for good at the
  // first acknowledgement after the last failure of the outage (before the newsgraph kill).
  const processKillAt = events[1]?.at ?? Infinity;
  const lastError = [...writes].reverse().find((o) => !o.ok && o.at >= killAt && o.at < processKillAt);
  const backAt = lastError ? writes.find((o) => o.ok && o.at > lastError.at) : undefined;
  const firstBack = firstError ? writes.find((o) => o.ok && o.at > firstError.at) : undefined;

  console.log(`\n== failover soak: ${DURATION_MS / 1000} s, ${flags.writers} writers + ${flags.readers} readers through ${LB}`);
  for (const e of events) console.log(`  t=${(e.at / 1000).toFixed(1)} s  ${e.what}`);
  console.log(`writes: ${writes.filter((o) => o.ok).length} acknowledged, ${writes.filter((o) => !o.ok).length} failed`);
  console.log(`reads:  ${reads.filter((o) => o.ok).length} served, ${reads.filter((o) => !o.ok).length} failed`);
  if (firstError && backAt) {
    console.log(`failover time (first failed write to writes back for good): ${((backAt.at - firstError.at) / 1000).toFixed(2)} s`);
    console.log(`  (Postgres killed at t=${(killAt / 1000).toFixed(1)} s, first failed write t=${(firstError.at / 1000).toFixed(1)} s, last t=${(lastError!.at / 1000).toFixed(1)} s, writes back t=${(backAt.at / 1000).toFixed(1)} s)`);
    if (firstBack) console.log(`  first write acknowledged after the first failure: t=${(firstBack.at / 1000).toFixed(1)} s`);
    const during = reads.filter((o) => o.at >= firstError.at && o.at <= backAt.at);
    console.log(`reads during the failover: ${during.filter((o) => o.ok).length} served, ${during.filter((o) => !o.ok).length} failed`);
    const before = [...samples].reverse().find((s) => s.at <= firstError.at)?.replicaReads;
    const after = samples.find((s) => s.at >= backAt.at)?.replicaReads;
    if (before && after) {
      const routed = Object.keys(before).map((k) => (after[k] ?? 0) - (before[k] ?? 0));
      console.log(`  requests whose reads newsgraph sent to the replica in that window (newsgraph_db_routed_requests): ${routed.reduce((a, b) => a + b, 0)}`);
    }
  } else {
    console.log(firstError ? 'writes never came back after the failover' : 'no write failed after the kill');
  }
  const byCode = new Map<string, { count: number; withoutRetryAfter: number; first: number; last: number }>();
  for (const o of outcomes.filter((x) => !x.ok)) {
    const key = `${o.kind} ${o.code}`;
    const entry = byCode.get(key) ?? { count: 0, withoutRetryAfter: 0, first: o.at, last: o.at };
    entry.count++;
    entry.first = Math.min(entry.first, o.at);
    entry.last = Math.max(entry.last, o.at);
    if (!o.retryAfter) entry.withoutRetryAfter++;
    byCode.set(key, entry);
  }
  console.log('errors clients saw, by code:');
  if (byCode.size === 0) console.log('  none');
  const secs = (ms: number) => (ms / 1000).toFixed(1);
  for (const [code, { count, withoutRetryAfter, first, last }] of [...byCode].sort((a, b) => b[1].count - a[1].count)) {
    const without = withoutRetryAfter ? `, ${withoutRetryAfter} without Retry-After` : '';
    console.log(`  ${String(count).padStart(5)}  ${code}  (t=${secs(first)}–${secs(last)} s${without})`);
  }
  console.log(`acknowledged writes checked: ${acknowledged.length}`);
  console.log(`acknowledged writes lost: ${lost}`);

  // Requests in flight when a newsgraph process is SIGKILLed lose their connection: HAProxy closes
  // the client's keep-alive connection, as the process itself would have, rather than answer (the
  // request may have run). Expected within a moment of that kill, and nowhere else.
  const processKilledAt = events[1]?.at ?? Infinity;
  const cutByTheKill = (o: Outcome) => o.code?.startsWith('network:') && o.at >= processKilledAt && o.at <= processKilledAt + 2000;
  const cut = outcomes.filter((o) => !o.ok && cutByTheKill(o));
  if (cut.length) console.log(`connections cut by the newsgraph kill (requests in flight in the killed process): ${cut.length}`);
  const unexpected = [...byCode].filter(([code, e]) => {
    if (/ UNAVAILABLE \(HTTP 503/.test(code) && e.withoutRetryAfter === 0) return false;
    return outcomes.some((o) => !o.ok && `${o.kind} ${o.code}` === code && !cutByTheKill(o));
  });
  if (unexpected.length) console.log(`FAIL: errors other than 503 UNAVAILABLE with Retry-After: ${unexpected.map(([c]) => c).join('; ')}`);
  if (lost > 0) console.log('FAIL: acknowledged writes were lost');
  if (firstError && !backAt) console.log('FAIL: writes did not come back');
  return unexpected.length === 0 && lost === 0 && !(firstError && !backAt);
}

async function main(): Promise<number> {
  const startedHere = !(await isUp());
  if (startedHere) {
    console.log('== no cluster running: scripts/cluster/up.sh');
    const up = spawnSync('bash', ['scripts/cluster/up.sh'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, CLUSTER_DIR: RUN } });
    if (up.status !== 0) return 1;
  }
  let ok = false;
  try {
    const key = writeKey();
    const result = await soak(key);
    const lost = await lostWrites(result.acknowledged);
    const crashed = unexpectedDeaths();
    for (const c of crashed) console.log(`FAIL: ${c}`);
    ok = report(result, lost) && crashed.length === 0;
    const members = await cluster();
    console.log(`Patroni after the run: ${members.map((m) => `${m.name} ${m.role} ${m.state} (timeline ${m.timeline ?? '?'})`).join(', ')}`);
    return ok ? 0 : 1;
  } finally {
    // A failed run keeps the logs (newsgraph's, Patroni's, HAProxy's) for a look.
    const args = ['scripts/cluster/down.sh', ...(ok ? [] : ['--keep-logs'])];
    if (startedHere && !flags.keep) spawnSync('bash', args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, CLUSTER_DIR: RUN } });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
