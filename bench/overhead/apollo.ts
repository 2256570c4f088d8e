/**
 * newsgraph's Apollo Server (its plugins, the compiled executor) behind the least HTTP glue an
 * integration can have: read the body, copy the headers, executeHTTPGraphQLRequest, answer. What
 * this costs per request over bare.mjs is Apollo's pipeline; what newsgraph costs over this is
 * its own HTTP layer (limits, request ids, metrics, keys, CORS).
 */
import http from 'node:http';
import { HeaderMap } from '@apollo/server';
import { pino } from 'pino';
import { createContext } from '../../src/context.js';
import { createApollo } from '../../src/server.js';
import { ANONYMOUS } from '../../src/services/auth.js';

const apollo = createApollo({ db: {} as never, logger: pino({ level: 'silent' }) });
await apollo.start();
http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void answer(req, res, Buffer.concat(chunks).toString()));
  })
  .listen(Number(process.env.PORT));

async function answer(req: http.IncomingMessage, res: http.ServerResponse, text: string): Promise<void> {
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: '', body: JSON.parse(text) as unknown },
    context: () => Promise.resolve(createContext({} as never, 'r', ANONYMOUS)),
  });
  for (const [k, v] of response.headers) res.setHeader(k, v);
  res.statusCode = response.status ?? 200;
  res.end(response.body.kind === 'complete' ? response.body.string : '');
}
