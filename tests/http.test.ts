import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type NewsgraphServer } from '../src/server.js';
import { getTestPrisma, getTestReader, resetDatabase } from './helpers/db.js';
import * as f from './helpers/fixtures.js';
import { silentLogger } from './helpers/server.js';

let server: NewsgraphServer;
let url: string;

beforeAll(async () => {
  server = createServer({ db: getTestPrisma(), reader: getTestReader(), logger: silentLogger });
  url = await server.listen(0, '127.0.0.1');
});
afterAll(() => server.stop());
beforeEach(resetDatabase);

async function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('over HTTP', () => {
  it('answers a query with JSON and a request id header', async () => {
    await f.article({ title: 'Over the wire' });
    const res = await post({ query: '{ articles(first: 1) { nodes { title } } }' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
    expect(await (res.json() as Promise<any>)).toEqual({ data: { articles: { nodes: [{ title: 'Over the wire' }] } } });
  });

  it('echoes a sane incoming request id', async () => {
    const res = await post({ query: '{ __typename }' }, { 'x-request-id': 'trace-123' });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });

  it('serves Apollo Sandbox to a browser opening /graphql', async () => {
    const res = await fetch(url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/sandbox/i);
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
  });

  it('rejects bodies over the size limit with 413', async () => {
    const res = await post({ query: `{ __typename } # ${'x'.repeat(1_100_000)}` });
    expect(res.status).toBe(413);
  });

  it('reports liveness and readiness', async () => {
    const base = url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await (ready.json() as Promise<any>)).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  it('answers unknown paths with 404', async () => {
    const res = await fetch(url.replace(/\/graphql$/, '/nope'));
    expect(res.status).toBe(404);
    // A doubled slash names the path it was sent to, not "/" (the URL parser took it for a host).
    const doubled = await fetch(url.replace(/\/graphql$/, '//graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(doubled.status).toBe(404);
    expect(await doubled.json()).toEqual({ error: 'No route //graphql; GraphQL is at /graphql' });
  });
});
