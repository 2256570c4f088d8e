/**
 * Subscriptions over graphql-ws, with real processes: server A (in this process) serves the
 * subscriptions; server B (a second `node src/main.ts` process on the same database) takes the
 * writes. A real graphql-ws client talks to A over a real WebSocket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/config.js';
import { loadSeed } from '../src/import/seed.js';
import { createServer, type NewsgraphServer } from '../src/server.js';
import { countStatements, databaseUrl, getTestPrisma, getTestReader, resetDatabase } from './helpers/db.js';
import { silentLogger, viewerWith } from './helpers/server.js';

const SEED = JSON.parse(
  readFileSync(new URL('../prisma/seed/articles/azernews-2021-09-28-azerbaijan-turkey-military-cooperation.json', import.meta.url), 'utf8'),
);
const UPSERT = `mutation($d: JSON!) { articleUpsert(input: { document: $d }) { status userErrors { message } } }`;

/** The seed document as another article: same body and facts, its own URL and title. */
const variant = (n: number) => ({ ...SEED, article: { ...SEED.article, url: `https://live.example/${n}`, title: `Live ${n}` } });

let processB: ChildProcess;
let urlB = '';
let writeKey = '';
let serverA: NewsgraphServer | undefined;
let wsUrl = '';
const clients: Client[] = [];

async function startA(): Promise<void> {
  serverA = createServer({
    db: getTestPrisma(),
    reader: getTestReader(),
    logger: silentLogger,
    limits: DEFAULT_LIMITS,
    live: { databaseUrl: databaseUrl(), batchMs: 20 },
  });
  wsUrl = (await serverA.listen(0, '127.0.0.1')).replace(/^http/, 'ws');
}

async function stopA(): Promise<void> {
  for (const c of clients.splice(0)) await c.dispose();
  await serverA?.stop();
  serverA = undefined;
}

/** Server B: the real start command, on the test database, without seeding. */
async function startB(): Promise<void> {
  processB = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl(), PORT: '0', HOST: '127.0.0.1', SEED: 'false', LOG_LEVEL: 'info', SUBSCRIPTIONS: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  urlB = await new Promise<string>((resolve, reject) => {
    let out = '';
    processB.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening at (http:\/\/\S+\/graphql)/.exec(out);
      if (m) resolve(m[1]);
    });
    processB.once('exit', (code) => reject(new Error(`server B exited (${code}): ${out}`)));
  });
}

async function upsertThroughB(n: number): Promise<void> {
  const res = await fetch(urlB, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${writeKey}` },
    body: JSON.stringify({ query: UPSERT, variables: { d: variant(n) } }),
  });
  const body = (await res.json()) as { data: { articleUpsert: { status: string; userErrors: unknown[] } } };
  expect(body.data.articleUpsert.userErrors).toEqual([]);
}

/** A subscription on A: its events as they come, and a way to wait for the next ones. */
function subscribe(query: string, variables: Record<string, unknown> = {}, connectionParams?: Record<string, unknown>) {
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams });
  clients.push(client);
  const events: any[] = [];
  const errors: unknown[] = [];
  const waiters: Array<() => void> = [];
  const done = new Promise<void>((resolve) => {
    client.subscribe(
      { query, variables },
      {
        next: (v) => {
          events.push(v);
          waiters.splice(0).forEach((w) => w());
        },
        error: (e) => {
          errors.push(e);
          waiters.splice(0).forEach((w) => w());
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  const until = async (count: number, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (events.length < count && !errors.length && Date.now() < deadline) {
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
    return events;
  };
  return { events, errors, until, done, client };
}

const PUBLISHED = `subscription($f: ArticleFilter, $after: String) { articlePublished(filter: $f, after: $after) { cursor article { title source { name } people { name } } } }`;
const settle = () => new Promise((r) => setTimeout(r, 400));

beforeAll(async () => {
  await resetDatabase();
  await loadSeed(getTestPrisma());
  writeKey = (await viewerWith('write')).key;
  await startB();
}, 60_000);

afterAll(async () => {
  await stopA();
  processB?.kill('SIGTERM');
});

describe('subscriptions over graphql-ws', () => {
  beforeEach(async () => {
    await stopA();
    await startA();
  });

  it('delivers an article written through another process to a matching subscriber, and nothing to one that does not match', async () => {
    const matching = subscribe(PUBLISHED, { f: { mentionsPerson: 'zakir-hasanov' } });
    const other = subscribe(PUBLISHED, { f: { topic: 'no-such-topic' } });
    await settle(); // both subscribed
    await upsertThroughB(1);
    const [event] = await matching.until(1);
    expect(matching.errors).toEqual([]);
    expect(event.data.articlePublished.article).toMatchObject({ title: 'Live 1', source: { name: 'Azernews' } });
    expect(event.data.articlePublished.article.people.map((p: any) => p.name)).toContain('Zakir Hasanov');
    expect(event.data.articlePublished.cursor).toEqual(expect.any(String));
    await settle();
    expect(other.events).toEqual([]);
    expect(other.errors).toEqual([]);
  });

  it('after a restart, a client resuming with its cursor gets exactly the articles it missed, in order, then live ones', async () => {
    const first = subscribe(PUBLISHED);
    await settle();
    await upsertThroughB(10);
    const [seen] = await first.until(1);
    const cursor = seen.data.articlePublished.cursor;

    await stopA(); // the server goes away with its subscriber
    await upsertThroughB(11);
    await upsertThroughB(12);
    await upsertThroughB(13);
    await startA();

    const resumed = subscribe(PUBLISHED, { after: cursor });
    const caughtUp = await resumed.until(3);
    expect(caughtUp.map((e) => e.data.articlePublished.article.title)).toEqual(['Live 11', 'Live 12', 'Live 13']);
    await upsertThroughB(14);
    const all = await resumed.until(4);
    expect(all.map((e) => e.data.articlePublished.article.title)).toEqual(['Live 11', 'Live 12', 'Live 13', 'Live 14']);
    expect(resumed.errors).toEqual([]);
  });

  it('serves subscribers of the same operation with one read per batch, however many there are', async () => {
    const one = subscribe(PUBLISHED, { f: { source: 'azernews' } });
    await settle();
    const alone = await countStatements(async () => {
      await upsertThroughB(20);
      await one.until(1);
      await settle();
    });
    const more = [1, 2, 3, 4].map(() => subscribe(PUBLISHED, { f: { source: 'azernews' } }));
    await settle();
    const together = await countStatements(async () => {
      await upsertThroughB(21);
      await one.until(2);
      for (const s of more) await s.until(1);
      await settle();
    });
    expect(serverA!.live!.groupCount).toBe(1);
    for (const s of more) expect(s.events.map((e) => e.data.articlePublished.article.title)).toEqual(['Live 21']);
    expect(together.statements).toBe(alone.statements);
    expect(alone.statements).toBeGreaterThan(0);
  });

  it('streams new mentions of one entity', async () => {
    const mentions = subscribe(`subscription { entityMentioned(id: "zakir-hasanov") { cursor mention { entity { ... on Person { name } } evidence { text } } } }`);
    await settle();
    await upsertThroughB(30);
    const events = await mentions.until(1);
    expect(mentions.errors).toEqual([]);
    expect(events[0].data.entityMentioned.mention.entity).toEqual({ name: 'Zakir Hasanov' });
    expect(events[0].data.entityMentioned.mention.evidence.text).toMatch(/Hasanov/);
  });

  it('applies the query budgets and coded argument errors to subscriptions', async () => {
    let chain = '';
    for (let i = 0; i < 20; i++) chain += `fragment F${i} on Article { ...F${i + 1} ...F${i + 1} } `;
    const tooBig = subscribe(`subscription { articlePublished { cursor article { ...F0 } } } ${chain} fragment F20 on Article { title }`);
    await tooBig.done;
    expect(JSON.stringify(tooBig.errors)).toContain('QUERY_TOO_COMPLEX');
    const unknown = subscribe(PUBLISHED, { f: { mentionsPerson: 'nobody-at-all' } });
    await unknown.until(1);
    expect(unknown.events[0]?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('in private mode, refuses a connection without a read key', async () => {
    await stopA();
    serverA = createServer({
      db: getTestPrisma(),
      reader: getTestReader(),
      logger: silentLogger,
      privateMode: true,
      live: { databaseUrl: databaseUrl(), batchMs: 20 },
    });
    wsUrl = (await serverA.listen(0, '127.0.0.1')).replace(/^http/, 'ws');
    const anonymous = subscribe(PUBLISHED);
    await anonymous.done;
    expect((anonymous.errors[0] as { code?: number }).code).toBe(4403);
    const { key } = await viewerWith('read');
    const keyed = subscribe(PUBLISHED, {}, { authorization: `Bearer ${key}` });
    await settle();
    await upsertThroughB(40);
    expect((await keyed.until(1))[0].data.articlePublished.article.title).toBe('Live 40');
  });
});
