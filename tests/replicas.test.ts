/**
 * Read replicas against a real streaming standby (tests/helpers/replica.ts): reads go to the
 * replica, a client's own writes are read back from the primary, and a lagging or stopped
 * replica is skipped with no error seen by clients.
 *
 * Which server answered is told by the data: with replay paused, an article written on the
 * primary is missing from the replica, so a read that finds it came from the primary.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/config.js';
import { createPrismaClient, type PrismaClient } from '../src/db/client.js';
import { createReader, type ReaderPool } from '../src/db/reader.js';
import { createReadRouting, type ReadRouting } from '../src/db/replicas.js';
import { createServer, type NewsgraphServer } from '../src/server.js';
import { createApiKey } from '../src/services/apiKeys.js';
import { startStreamingPair, type StreamingPair } from './helpers/replica.js';
import { silentLogger } from './helpers/server.js';

const SEED = JSON.parse(
  readFileSync(new URL('../prisma/seed/articles/azernews-2021-09-28-azerbaijan-turkey-military-cooperation.json', import.meta.url), 'utf8'),
);
const UPSERT = `mutation($d: JSON!) { articleUpsert(input: { document: $d }) { status article { title } userErrors { message } } }`;
const FIND = `query($url: String!) { article(url: $url) { title } }`;

let pair: StreamingPair;
let prisma: PrismaClient;
let primary: ReaderPool;
let writerKey: string;
let readerKey: string;
let serial = 0;

beforeAll(async () => {
  pair = await startStreamingPair();
  prisma = createPrismaClient(pair.primaryUrl, { poolSize: 2 });
  primary = createReader(pair.primaryUrl, { poolSize: 4 });
  writerKey = (await createApiKey(prisma, 'writer', ['read', 'write'])).key;
  readerKey = (await createApiKey(prisma, 'reader', ['read'])).key;
  await pair.caughtUp();
}, 120_000);

afterAll(async () => {
  await primary?.end();
  await prisma?.$disconnect();
  await pair?.stop();
});

interface Running {
  reads: ReadRouting;
  server: NewsgraphServer;
  url: string;
}
let running: Running | undefined;

async function start(settings: { maxLagMs: number; readYourWritesMs?: number }): Promise<Running> {
  const reads = createReadRouting(
    primary,
    { urls: [pair.replicaUrl], checkIntervalMs: 100, readYourWritesMs: settings.readYourWritesMs ?? 60_000, maxLagMs: settings.maxLagMs },
    { poolSize: 4 },
  );
  const server = createServer({ db: prisma, reader: primary, reads, logger: silentLogger, limits: { ...DEFAULT_LIMITS, readinessCacheMs: 0 } });
  const url = await server.listen(0, '127.0.0.1');
  running = { reads, server, url };
  await until(() => reads.replicas()[0].healthy, 'the replica to be healthy');
  return running;
}

afterEach(async () => {
  await pair.startPrimary().catch(() => {});
  await pair.resumeReplay().catch(() => {});
  await pair.startReplica();
  await running?.server.stop();
  await running?.reads.close();
  running = undefined;
});

async function post(url: string, query: string, variables: Record<string, unknown>, key?: string): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

/** A new article document (its own URL), to write on the primary. */
function freshDocument(): { doc: unknown; url: string; title: string } {
  serial++;
  const url = `https://example.test/replica-${serial}-${Date.now()}`;
  const title = `Written on the primary ${serial}`;
  return { doc: { ...SEED, article: { ...SEED.article, url, title } }, url, title };
}

async function until(ok: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('read replicas', () => {
  it("serves reads from the replica, and a client's own writes from the primary", async () => {
    const { url, reads } = await start({ maxLagMs: 60_000 });
    await pair.pauseReplay();
    const { doc, url: articleUrl, title } = freshDocument();

    const written = await post(url, UPSERT, { d: doc }, writerKey);
    // The mutation's payload reads what it wrote, from the primary.
    expect(written.data.articleUpsert).toMatchObject({ status: 'INSERTED', article: { title }, userErrors: [] });
    // The writer reads its write back; another client, served by the paused replica, can't yet.
    expect((await post(url, FIND, { url: articleUrl }, writerKey)).data.article).toEqual({ title });
    expect((await post(url, FIND, { url: articleUrl }, readerKey)).data.article).toBeNull();
    expect((await post(url, FIND, { url: articleUrl })).data.article).toBeNull();
    expect(reads.routed().replica).toBeGreaterThanOrEqual(2);

    await pair.resumeReplay();
    await pair.caughtUp();
    expect((await post(url, FIND, { url: articleUrl }, readerKey)).data.article).toEqual({ title });
  });

  it('goes back to the replica for a writer once the read-your-writes window has passed', async () => {
    const { url } = await start({ maxLagMs: 60_000, readYourWritesMs: 300 });
    await pair.pauseReplay();
    const { doc, url: articleUrl, title } = freshDocument();
    await post(url, UPSERT, { d: doc }, writerKey);
    expect((await post(url, FIND, { url: articleUrl }, writerKey)).data.article).toEqual({ title });
    await new Promise((r) => setTimeout(r, 400));
    expect((await post(url, FIND, { url: articleUrl }, writerKey)).data.article).toBeNull();
  });

  it('skips a replica lagging more than REPLICA_MAX_LAG_MS, and uses it again once it catches up', async () => {
    const { url, reads } = await start({ maxLagMs: 200 });
    await pair.pauseReplay();
    const { doc, url: articleUrl, title } = freshDocument();
    await post(url, UPSERT, { d: doc }, writerKey);
    await until(() => !reads.replicas()[0].healthy, 'the lagging replica to be skipped');
    expect(reads.replicas()[0].reason).toMatch(/lagging/);
    // Every client now reads from the primary, so everyone sees the new article.
    expect((await post(url, FIND, { url: articleUrl }, readerKey)).data.article).toEqual({ title });
    const ready = await fetch(url.replace('/graphql', '/health/ready'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', replicas: [{ healthy: false }] });

    await pair.resumeReplay();
    await until(() => reads.replicas()[0].healthy, 'the replica to be used again');
    const before = reads.routed().replica;
    expect((await post(url, FIND, { url: articleUrl }, readerKey)).data.article).toEqual({ title });
    expect(reads.routed().replica).toBe(before + 1);
  });

  it('serves every read from the primary, with no error, when the replica goes down', async () => {
    const { url, reads } = await start({ maxLagMs: 60_000 });
    const { doc, url: articleUrl, title } = freshDocument();
    await post(url, UPSERT, { d: doc }, writerKey);
    await pair.caughtUp();
    await pair.stopReplica();
    // Before the monitor notices: the read fails on the replica and is answered by the primary.
    const answer = await post(url, FIND, { url: articleUrl }, readerKey);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.article).toEqual({ title });
    await until(() => !reads.replicas()[0].healthy, 'the stopped replica to be skipped');
    expect(reads.replicas()[0]).toMatchObject({ healthy: false, lagMs: null });
    expect((await post(url, FIND, { url: articleUrl })).data.article).toEqual({ title });

    await pair.startReplica();
    await until(() => reads.replicas()[0].healthy, 'the restarted replica to be used again');
  });

  it('keeps serving reads from the replica while the primary is down, however far behind', async () => {
    const { url, reads } = await start({ maxLagMs: 200 });
    const { doc, url: articleUrl, title } = freshDocument();
    await post(url, UPSERT, { d: doc }, writerKey);
    await pair.caughtUp();
    await pair.stopPrimary();
    try {
      // Cut off from its primary, the replica's lag grows past the limit...
      await until(() => !reads.replicas()[0].healthy, 'the replica to count as lagging');
      // ...but it is all there is, and a stale read beats none.
      const read = await post(url, FIND, { url: articleUrl }, readerKey);
      expect(read.errors).toBeUndefined();
      expect(read.data.article).toEqual({ title });
      // Writes can't be served: they fail as an outage, never as an internal error.
      const write = await post(url, UPSERT, { d: freshDocument().doc }, writerKey);
      expect(write.errors[0].extensions.code).toBe('UNAVAILABLE');
    } finally {
      await pair.startPrimary();
    }
  });

  it('shows the routing and each replica in /metrics', async () => {
    const { url } = await start({ maxLagMs: 60_000 });
    await post(url, FIND, { url: 'https://example.test/none' });
    const text = await (await fetch(url.replace('/graphql', '/metrics'))).text();
    expect(text).toMatch(/newsgraph_db_routed_requests\{target="replica"\} [1-9]/);
    expect(text).toMatch(/newsgraph_replica_healthy\{replica="postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/newsgraph"\} 1/);
  });
});
