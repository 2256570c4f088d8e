/**
 * What Apollo Server's request pipeline costs per request, in process: `{ __typename }` through
 * executeHTTPGraphQLRequest on newsgraph's Apollo (its plugins, the compiled executor) and on a
 * bare ApolloServer of the same schema, 32 requests at a time. No HTTP, no database.
 *
 *   node --import tsx/esm bench/apollo-overhead.ts
 */
import { ApolloServer, HeaderMap } from '@apollo/server';
import { pino } from 'pino';
import { createApollo, executableSchema } from '../src/server.js';
import { createContext } from '../src/context.js';
import { ANONYMOUS } from '../src/services/auth.js';

const logger = pino({ level: 'silent' });
const full = createApollo({ db: {} as never, logger });
const bare = new ApolloServer({ schema: executableSchema() });
await full.start();
await bare.start();
const body = { query: '{ __typename }' };
function req() {
  const headers = new HeaderMap([['content-type', 'application/json'], ['accept', '*/*'], ['host', 'x'], ['connection', 'keep-alive']]);
  return { method: 'POST', headers, search: '', body };
}
async function time(name: string, server: ApolloServer<any>, n: number) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i += 32) {
    await Promise.all(Array.from({ length: 32 }, () => server.executeHTTPGraphQLRequest({ httpGraphQLRequest: req(), context: async () => createContext({} as never, 'r', ANONYMOUS) })));
  }
  const us = Number(process.hrtime.bigint() - t0) / 1e3 / n;
  console.log(`${name}: ${us.toFixed(1)} µs/request`);
}
for (let r = 0; r < 3; r++) {
  await time('full (our plugins, jit gateway)', full, 40000);
  await time('bare Apollo', bare, 40000);
}
process.exit(0);
