/**
 * Delivery over HTTP for frontends and CDNs: Cache-Control per operation, ETags and 304s, CORS
 * headers a browser needs, and trusted documents (persisted operations) in `allow` and `require`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadManifests, sha256, type TrustedMode } from '../src/http/trustedDocuments.js';
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
