import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/config.js';
import { memoryRateLimiter } from '../src/lib/rateLimit.js';
import { createServer, type NewsgraphServer } from '../src/server.js';
import { getTestPrisma, getTestReader, resetDatabase } from './helpers/db.js';
import { gql, silentLogger, viewerWith } from './helpers/server.js';

describe('query budgets', () => {
  beforeEach(resetDatabase);

  it('rejects a query deeper than the limit before running it, with the numbers', async () => {
    let q = '{ name }';
    for (let i = 0; i < 14; i++) q = `{ parent ${q} }`;
    const res = await gql(`{ organization(slug: "x") ${q} }`);
    const err = res.errors?.[0];
    expect(err?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure: 'depth', limit: DEFAULT_LIMITS.maxDepth });
    expect(err?.extensions?.actual).toBeGreaterThan(DEFAULT_LIMITS.maxDepth);
  });

  it('rejects too many aliases', async () => {
    const fields = Array.from({ length: 31 }, (_, i) => `a${i}: __typename sources${i}: sources(first: 1) { totalCount }`).join(' ');
    const res = await gql(`{ ${fields} }`);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure: 'alias count' });
  });

  it('rejects an estimated cost over the limit: nested pages multiply', async () => {
    const res = await gql(`{ articles(first: 100) { nodes { people { articles(first: 100) { nodes { people { quotes(first: 100) { nodes { text } } } } } } } } }`);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure: 'estimated cost' });
    expect(res.data).toBeUndefined();
  });

  it('estimates the cost of one document per page sizes its variables give', async () => {
    const query = `query($n: Int!) { articles(first: $n) { nodes { people { articles(first: $n) { nodes { people { quotes(first: $n) { nodes { text } } } } } } } } }`;
    expect((await gql(query, { n: 2 })).errors).toBeUndefined();
    expect((await gql(query, { n: 100 })).errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure: 'estimated cost' });
    expect((await gql(query, { n: 2 })).errors).toBeUndefined();
  });

  it('lets the acceptance-sized queries through', async () => {
    const res = await gql(`{ declarations(first: 5, filter: { title: "shusha" }) { totalCount nodes { id title kind signedOn place { name } signatories { role person { name affiliations { title organization { name } } } } articles(first: 5) { totalCount nodes { title publishedAt source { name } } } } } }`);
    expect(res.errors).toBeUndefined();
  });
});

describe('over HTTP: keys, private mode and rate limits', () => {
  let server: NewsgraphServer | undefined;
  beforeEach(resetDatabase);
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function start(opts: Partial<Parameters<typeof createServer>[0]> = {}) {
    server = createServer({ db: getTestPrisma(), reader: getTestReader(), logger: silentLogger, ...opts });
    return server.listen(0, '127.0.0.1');
  }
  const post = (url: string, query: string, key?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query }),
    });

  it('answers 401 with UNAUTHENTICATED for a wrong or revoked key', async () => {
    const url = await start();
    const res = await post(url, '{ __typename }', 'ng_' + 'x'.repeat(32));
    expect(res.status).toBe(401);
    expect((await (res.json() as Promise<any>)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('in private mode, refuses anonymous reads and serves a read key', async () => {
    const url = await start({ privateMode: true });
    expect((await post(url, '{ sources(first: 1) { totalCount } }')).status).toBe(401);
    const { key } = await viewerWith('read');
    const ok = await post(url, '{ sources(first: 1) { totalCount } }', key);
    expect(ok.status).toBe(200);
    expect(await (ok.json() as Promise<any>)).toEqual({ data: { sources: { totalCount: 0 } } });
  });

  it('answers 429 with Retry-After once a caller has spent its burst', async () => {
    const limits = { ...DEFAULT_LIMITS, anonymousPerMinute: 60, burst: 3 };
    const url = await start({ limits, rateLimiter: memoryRateLimiter() });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await post(url, '{ __typename }');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await (last!.json() as Promise<any>)).errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('keeps separate buckets per API key', async () => {
    const limits = { ...DEFAULT_LIMITS, anonymousPerMinute: 60, keyPerMinute: 60, burst: 1 };
    const url = await start({ limits, rateLimiter: memoryRateLimiter() });
    const a = await viewerWith('read');
    const b = await viewerWith('read');
    expect((await post(url, '{ __typename }', a.key)).status).toBe(200);
    expect((await post(url, '{ __typename }', a.key)).status).toBe(429);
    expect((await post(url, '{ __typename }', b.key)).status).toBe(200);
  });

  it('hides Sandbox and introspection when turned off', async () => {
    const url = await start({ sandbox: false, introspection: false });
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/sandbox/i);
    const res = await post(url, '{ __schema { types { name } } }');
    expect((await (res.json() as Promise<any>)).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('token bucket', () => {
  it('refills at the configured rate', async () => {
    let now = 0;
    const limiter = memoryRateLimiter(() => now);
    expect((await limiter.take('k', 60, 2)).allowed).toBe(true);
    expect((await limiter.take('k', 60, 2)).allowed).toBe(true);
    const refused = await limiter.take('k', 60, 2);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000; // 60 per minute: one token a second
    expect((await limiter.take('k', 60, 2)).allowed).toBe(true);
  });
});

describe('query budgets with scalar variables', () => {
  beforeEach(resetDatabase);

  it('prices operations whose variables are custom scalars (DateTime, Date) like any other', async () => {
    const res = await gql(
      'query($after: DateTime, $d: Date) { articles(first: 5, filter: { publishedAfter: $after }) { totalCount } declarations(first: 5, filter: { signedAfter: $d }) { totalCount } }',
      { after: '2021-01-01T00:00:00Z', d: '2020-01-01' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ articles: { totalCount: 0 }, declarations: { totalCount: 0 } });
  });
});
