/**
 * Delivery over HTTP for frontends and CDNs: Cache-Control per operation, ETags and 304s, CORS
 * headers a browser needs, and trusted documents (persisted operations) in `allow` and `require`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorsAreMissesCache } from '@apollo/utils.keyvaluecache';
import { loadManifests, sha256, type TrustedMode } from '../src/http/trustedDocuments.js';
import { RedisKeyValueCache } from '../src/lib/redisCache.js';
import { memoryStore, redisStore } from '../src/cache/store.js';
import { loadSeed } from '../src/import/seed.js';
import { countStatements, databaseUrl } from './helpers/db.js';
import { REDIS_URL, redisAvailable } from './helpers/redis.js';
import { createServer, type NewsgraphServer } from '../src/server.js';
import { getTestPrisma, getTestReader, resetDatabase } from './helpers/db.js';
import * as f from './helpers/fixtures.js';
import { silentLogger, viewerWith } from './helpers/server.js';

let server: NewsgraphServer | undefined;
let url = '';

async function start(mode: TrustedMode = 'off', manifest?: Record<string, string>): Promise<void> {
  let byId = new Map<string, string>();
  if (manifest) {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'newsgraph-manifest-')), 'persisted-documents.json');
    writeFileSync(file, JSON.stringify(manifest));
    byId = loadManifests([file]);
  }
  server = createServer({ db: getTestPrisma(), reader: getTestReader(), logger: silentLogger, trustedDocuments: { mode, byId } });
  url = await server.listen(0, '127.0.0.1');
}

beforeEach(resetDatabase);
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const LATEST = '{ articles(first: 2) { nodes { title } } }';
const get = (params: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${url}?${new URLSearchParams(params).toString()}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('HTTP caching', () => {
  it('gives a GET query a public max-age from its root fields, an ETag, and a 304 when unchanged', async () => {
    await start();
    await f.article({ title: 'Cached' });
    const first = await get({ query: LATEST });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=15');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await get({ query: LATEST }, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // A change in the data changes the ETag.
    await f.article({ title: 'Newer' });
    const changed = await get({ query: LATEST }, { 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('takes the smallest max-age among root fields; keyed requests are private; POSTs and errors are not stored', async () => {
    await start();
    const mixed = await get({ query: '{ sources(first: 1) { totalCount } articles(first: 1) { totalCount } }' });
    expect(mixed.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=15');
    const places = await get({ query: '{ places(first: 1) { totalCount } }' });
    expect(places.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=1800');
    const { key } = await viewerWith('read');
    const keyed = await get({ query: LATEST }, { authorization: `Bearer ${key}` });
    expect(keyed.headers.get('cache-control')).toMatch(/^private, max-age=30/);
    expect((await post({ query: LATEST })).headers.get('cache-control')).toBe('no-store');
    const failed = await get({ query: '{ articles(first: 1000) { totalCount } }' });
    expect(failed.headers.get('cache-control')).toBe('no-store');
  });

  it('exposes x-request-id, Retry-After and ETag to browsers and lets them cache preflights', async () => {
    await start();
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://news.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
    const res = await post({ query: '{ __typename }' }, { origin: 'https://news.example' });
    expect(res.headers.get('access-control-expose-headers')).toBe('x-request-id,retry-after,etag');
  });
});

describe('trusted documents', () => {
  const id = sha256(LATEST);

  it('require: runs manifest documents by id (POST and a cacheable GET), refuses free documents unless the key is admin', async () => {
    await start('require', { [id]: LATEST });
    await f.article({ title: 'Trusted' });
    const byId = await post({ documentId: id });
    expect(await byId.json()).toEqual({ data: { articles: { nodes: [{ title: 'Trusted' }] } } });
    const viaGet = await get({ documentId: `sha256:${id}` });
    expect(viaGet.status).toBe(200);
    expect(viaGet.headers.get('cache-control')).toMatch(/^public/);
    const sameText = await post({ query: LATEST });
    expect(sameText.status).toBe(200);
    const free = await post({ query: '{ sources(first: 1) { totalCount } }' });
    expect(free.status).toBe(400);
    expect(((await free.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const unknown = await post({ documentId: 'f'.repeat(64) });
    expect(((await unknown.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const { key } = await viewerWith('admin');
    const admin = await post({ query: '{ sources(first: 1) { totalCount } }' }, { authorization: `Bearer ${key}` });
    expect(await admin.json()).toEqual({ data: { sources: { totalCount: 1 } } });
  });

  it('allow: accepts known ids beside full documents', async () => {
    await start('allow', { [id]: LATEST });
    expect((await post({ documentId: id })).status).toBe(200);
    expect((await post({ query: '{ sources(first: 1) { totalCount } }' })).status).toBe(200);
    const apq = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } });
    expect(await apq.json()).toEqual({ data: { articles: { nodes: [] } } });
  });
});

describe.skipIf(!redisAvailable)('automatic persisted queries in Redis', () => {
  it('a hash registered through one server process is found by another', async () => {
    const prefix = `newsgraph:test:apq:${process.pid}:${Date.now()}:`;
    const caches = [new RedisKeyValueCache(REDIS_URL, prefix), new RedisKeyValueCache(REDIS_URL, prefix)];
    const servers = caches.map((c) =>
      createServer({ db: getTestPrisma(), reader: getTestReader(), logger: silentLogger, apqCache: new ErrorsAreMissesCache(c) }),
    );
    try {
      const [a, b] = await Promise.all(servers.map((s) => s.listen(0, '127.0.0.1')));
      const query = '{ sources(first: 1) { totalCount } }';
      const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
      const ask = (u: string, body: unknown) =>
        fetch(u, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
      expect((await ask(b, { extensions })).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(await ask(a, { query, extensions })).toEqual({ data: { sources: { totalCount: 0 } } });
      await new Promise((r) => setTimeout(r, 100)); // Apollo stores the registration without waiting
      expect(await ask(b, { extensions })).toEqual({ data: { sources: { totalCount: 0 } } });
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      caches.forEach((c) => c.close());
    }
  });
});

describe('shared response cache', () => {
  const SEED = JSON.parse(
    readFileSync(new URL('../prisma/seed/articles/azernews-2021-09-28-azerbaijan-turkey-military-cooperation.json', import.meta.url), 'utf8'),
  );
  const variant = (n: number) => ({ ...SEED, article: { ...SEED.article, url: `https://cache.example/${n}`, title: `Cached ${n}` } });
  const UPSERT = 'mutation($d: JSON!) { articleUpsert(input: { document: $d }) { status } }';
  const PERSON = '{ person(slug: "zakir-hasanov") { id name articles(first: 5) { totalCount } } }';
  const started: NewsgraphServer[] = [];
  const cachedServer = async (store = memoryStore()) => {
    const s = createServer({
      db: getTestPrisma(),
      reader: getTestReader(),
      logger: silentLogger,
      responseCache: { store, databaseUrl: databaseUrl(), exposeStatus: true },
    });
    started.push(s);
    return s.listen(0, '127.0.0.1');
  };
  const ask = (u: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(u, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);

  beforeEach(async () => {
    await loadSeed(getTestPrisma());
  });
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it('answers a repeated operation from the cache without SQL, and reports hits and misses', async () => {
    const a = await cachedServer();
    const first = await ask(a, { query: PERSON });
    expect(first.extensions).toEqual({ cache: 'miss' });
    // The change feed reads once after it starts listening (whatever changed meanwhile); let it.
    await new Promise((r) => setTimeout(r, 150));
    const { result: second, statements } = await countStatements(() => ask(a, { query: PERSON }));
    expect(second).toEqual({ ...first, extensions: { cache: 'hit' } });
    expect(statements).toBe(0);
    const metrics = await (await fetch(a.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/newsgraph_response_cache_lookups_total\{result="hit"\} 1/);
    expect(metrics).toMatch(/newsgraph_http_requests_total\{route="\/graphql",status="200"\} 2/);
  });

  it('a write through process B evicts what process A cached about the entities it touched, within a second', async () => {
    const a = await cachedServer();
    const b = await cachedServer();
    const before = await ask(a, { query: PERSON });
    expect((await ask(a, { query: PERSON })).extensions).toEqual({ cache: 'hit' });
    const { key } = await viewerWith('write');
    expect((await ask(b, { query: UPSERT, variables: { d: variant(1) } }, { authorization: `Bearer ${key}` })).data.articleUpsert.status).toBe('INSERTED');
    const deadline = Date.now() + 1_000;
    let after = await ask(a, { query: PERSON });
    while (after.extensions.cache === 'hit' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      after = await ask(a, { query: PERSON });
    }
    expect(after.extensions).toEqual({ cache: 'miss' });
    expect(after.data.person.articles.totalCount).toBe(before.data.person.articles.totalCount + 1);
  });

  it.skipIf(!redisAvailable)("never serves the writer's own next request stale, even shared through Redis", async () => {
    const store = redisStore(REDIS_URL, `newsgraph:test:rc:${process.pid}:${Date.now()}:`);
    const b = await cachedServer(store);
    const LATEST = '{ articles(first: 1) { totalCount } }';
    const before = await ask(b, { query: LATEST });
    expect((await ask(b, { query: LATEST })).extensions).toEqual({ cache: 'hit' });
    const { key } = await viewerWith('write');
    await ask(b, { query: UPSERT, variables: { d: variant(2) } }, { authorization: `Bearer ${key}` });
    const after = await ask(b, { query: LATEST });
    expect(after.data.articles.totalCount).toBe(before.data.articles.totalCount + 1);
  });
});
