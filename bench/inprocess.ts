/**
 * CPU per operation of one bench shape, in process: Apollo's executeOperation, the planner and the
 * pg client, without HTTP or a load generator sharing the machine. Process CPU time (not wall
 * time), so it is steadier than req/s on a busy machine; compare two checkouts by running it from
 * each, alternately.
 *
 *   node --max-semi-space-size=32 --import tsx/esm bench/inprocess.ts <shape> [operations]
 *
 * Reads the bench database (BENCH_DATABASE_URL, default newsgraph_bench on 127.0.0.1).
 */
import { pino } from 'pino';
import { createApollo } from '../src/server.js';
import { createContext } from '../src/context.js';
import { createReader } from '../src/db/reader.js';
import { ANONYMOUS } from '../src/services/auth.js';
import { SHAPES, pickSamples, type ShapeName } from './shapes.js';
import pg from 'pg';

const url = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/newsgraph_bench';
const shape = SHAPES[(process.argv[2] ?? 'i') as ShapeName];
const n = Number(process.argv[3] ?? 3000);
const db = new pg.Client({ connectionString: url });
await db.connect();
const samples = (await pickSamples(db, 200))[shape.name];
await db.end();
const reader = createReader(url, { poolSize: 10 });
const apollo = createApollo({ db: {} as never, logger: pino({ level: 'silent' }) });
await apollo.start();
let k = 0;
const one = async () => {
  const r = await apollo.executeOperation({ query: shape.newsgraph, variables: shape.newsgraphVars(samples[k++ % samples.length]) }, { contextValue: createContext({} as never, 'r', ANONYMOUS, reader) });
  if (r.body.kind !== 'single' || r.body.singleResult.errors) throw new Error(JSON.stringify(r.body));
  JSON.stringify(r.body.singleResult);
};
for (let round = 0; round < 4; round++) {
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  for (let i = 0; i < n; i += 16) await Promise.all(Array.from({ length: 16 }, one));
  const c = process.cpuUsage(c0);
  console.log(`${shape.name}: ${((c.user + c.system) / n).toFixed(1)} µs CPU/op, ${(n / ((Date.now() - t0) / 1000)).toFixed(0)} op/s`);
}
await reader.end();
process.exit(0);
