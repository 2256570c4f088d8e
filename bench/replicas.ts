/**
 * `npm run bench:replicas [-- --duration 8 --rounds 2]`: requests/s of the same read served from
 * the primary and from a streaming replica, in one run, sides interleaved.
 *
 * It starts a real primary and hot standby (tests/helpers/replica.ts, the embedded binaries),
 * loads the sample article, and runs two newsgraph processes as `npm start` runs them: one with
 * reads on the primary, one with DATABASE_REPLICA_URLS. Each is loaded in turn with the core
 * issue's acceptance queries (autocannon, 32 connections). It also reads each server's /metrics to
 * show where the reads went. On one machine both Postgres servers share its cores, so this shows
 * what the routing costs a request, not the capacity a replica on its own machine adds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createPrismaClient } from '../src/db/client.js';
import { loadSeed } from '../src/import/seed.js';
import { Q1, Q2, Q3 } from '../tests/helpers/acceptanceQueries.js';
import { startStreamingPair } from '../tests/helpers/replica.js';
import { freePort } from '../tests/helpers/ports.js';

/** The parts of autocannon's result read here. */
interface Measured {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

const { values } = parseArgs({ options: { duration: { type: 'string', default: '8' }, rounds: { type: 'string', default: '2' } } });
const duration = Number(values.duration);
const rounds = Number(values.rounds);

const pair = await startStreamingPair();
const children: ChildProcess[] = [];
try {
  const prisma = createPrismaClient(pair.primaryUrl, { poolSize: 2 });
  await loadSeed(prisma);
  await prisma.$disconnect();
  await pair.caughtUp();

  const sides = [
    { name: 'primary', url: await serve(pair.primaryUrl, undefined) },
    { name: 'replica', url: await serve(pair.primaryUrl, pair.replicaUrl) },
  ];
  const bodies = [Q1, Q2, Q3].map((query) => JSON.stringify({ query }));
  const results: Record<string, number[]> = { primary: [], replica: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const side of round % 2 ? sides : [...sides].reverse()) {
      let i = 0;
      const r = (await autocannon({
        url: side.url,
        connections: 32,
        duration,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
      })) as Measured;
      results[side.name].push(r.requests.average);
      console.log(
        `round ${round} ${side.name.padEnd(7)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
      );
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`\nreplica / primary requests/s: ${(mean(results.replica) / mean(results.primary)).toFixed(2)}×`);
  for (const side of sides) {
    const metrics = await (await fetch(side.url.replace('/graphql', '/metrics'))).text();
    const routed = [...metrics.matchAll(/^newsgraph_db_routed_requests\{target="(\w+)"\} (\d+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    console.log(`${side.name} server: reads routed: ${routed.length ? routed.join(', ') : 'all to the primary (no replicas configured)'}`);
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1_000));
  await pair.stop();
}

/** Starts `src/main.ts` as `npm start` does, on a free port; resolves with its GraphQL URL once ready. */
async function serve(databaseUrl: string, replicaUrl: string | undefined): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--max-semi-space-size=32', '--import', 'tsx/esm', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      ...(replicaUrl ? { DATABASE_REPLICA_URLS: replicaUrl } : {}),
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED: 'false',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
      MAX_CONCURRENT_REQUESTS: '0',
      SUBSCRIPTIONS: 'false',
      DATABASE_POOL_SIZE: '10',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}/graphql`;
  for (let i = 0; i < 300; i++) {
    const ready = await fetch(url.replace('/graphql', '/health/ready')).then(
      async (r) => r.status === 200 && (!replicaUrl || ((await r.json()) as { replicas?: Array<{ healthy: boolean }> }).replicas?.[0]?.healthy === true),
      () => false,
    );
    if (ready) return url;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server on port ${port} did not become ready`);
}
