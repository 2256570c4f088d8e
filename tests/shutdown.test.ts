/**
 * Graceful shutdown, which a load balancer's rolling restart relies on: stop() stops accepting,
 * tells WebSocket clients to go elsewhere (close code 1001, "going away"), and answers the HTTP
 * requests already in flight before it resolves.
 *
 * A request is kept in flight by a lock: another connection holds the article table, so the
 * request's statement waits in Postgres until the test lets it go.
 */
import net from 'node:net';
import pg from 'pg';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/config.js';
import { createServer, type NewsgraphServer } from '../src/server.js';
import { databaseUrl, getTestPrisma, getTestReader, resetDatabase } from './helpers/db.js';
import { silentLogger } from './helpers/server.js';

let server: NewsgraphServer | undefined;
let locker: pg.Client | undefined;

beforeEach(resetDatabase);
afterEach(async () => {
  await locker?.query('ROLLBACK').catch(() => {});
  await locker?.end();
  locker = undefined;
  await server?.stop().catch(() => {});
  server = undefined;
});

/** A graphql-ws connection, acknowledged; resolves its close code when the server closes it. */
async function openSocket(url: string): Promise<{ closed: Promise<number> }> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.once('message', (data: Buffer) => {
      const text = data.toString();
      if ((JSON.parse(text) as { type: string }).type === 'connection_ack') resolve();
      else reject(new Error(text));
    });
    socket.once('error', reject);
  });
  return { closed };
}

describe('graceful shutdown', () => {
  it('closes WebSockets with 1001, refuses new connections, and answers in-flight requests before stopping', async () => {
    server = createServer({
      db: getTestPrisma(),
      reader: getTestReader(),
      logger: silentLogger,
      limits: DEFAULT_LIMITS,
      live: { databaseUrl: databaseUrl() },
    });
    const url = await server.listen(0, '127.0.0.1');
    const socket = await openSocket(url);
    const ask = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ articles(first: 1) { edges { node { title } } } }' }),
      });
    expect((await ask()).status).toBe(200); // the read connections are open before the lock

    locker = new pg.Client({ connectionString: databaseUrl() });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE article IN ACCESS EXCLUSIVE MODE');
    const inFlight = ask();
    await waitForLockWaiter(locker);

    let stopped = false;
    const stopping = server.stop().then(() => (stopped = true));
    expect(await socket.closed).toBe(1001);
    // New connections are refused (idle kept-alive ones are closed by the drain).
    const { port } = new URL(url);
    await until(async () => !(await accepts(Number(port))), 'the server to stop accepting connections');
    expect(stopped).toBe(false); // still waiting for the request in flight

    await locker.query('COMMIT');
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { articles: { edges: [] } } });
    await stopping;
    expect(stopped).toBe(true);
    server = undefined;
  });
});

/** Whether a TCP connection to the port on loopback is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function until(ok: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Resolves once some other connection is waiting for the lock `holder` holds. */
async function waitForLockWaiter(holder: pg.Client): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await holder.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no request came to wait for the lock');
}
