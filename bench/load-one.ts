/**
 * Load one running server with one shape (for profiling): `tsx bench/load-one.ts <url> <shape> [seconds] [connections]`.
 * Samples are picked from the bench database like the harness does.
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { pickSamples, SHAPES, type ShapeName } from './shapes.js';

const [url, shapeName, seconds = '10', conns = '32'] = process.argv.slice(2);
const shape = SHAPES[shapeName as ShapeName];
const db = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/newsgraph_bench' });
await db.connect();
const samples = (await pickSamples(db, 200))[shape.name];
await db.end();
const bodies = samples.map((s) => JSON.stringify({ query: shape.newsgraph, variables: shape.newsgraphVars(s) }));
let i = 0;
const result: any = await autocannon({
  url,
  connections: Number(conns),
  duration: Number(seconds),
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  requests: [{ setupRequest: (req: any) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
});
console.log(`${shapeName}: ${result.requests.average} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non2xx ${result.non2xx}, errors ${result.errors}`);
