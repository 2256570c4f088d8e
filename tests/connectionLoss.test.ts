/**
 * A connection lost in the middle of a statement (the primary killed, HAProxy closing the
 * sessions of a server it marked down): the statement fails as UNAVAILABLE and the process lives
 * on. pg emits 'error' on a checked-out client whose socket dies, besides failing its query; with
 * no listener that event is an uncaught exception, which took a newsgraph process down in the
 * failover soak (scripts/cluster/test.ts). The connection is cut for real: a TCP relay in front of
 * the test database drops its sockets without a word from Postgres, as a dead server's would.
 */
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createReader } from '../src/db/reader.js';
import { classifyDbError } from '../src/lib/dbErrors.js';
import { databaseUrl } from './helpers/db.js';

/** A relay to the test database whose connections can all be cut at once. */
const target = new URL(databaseUrl());
const sockets = new Set<net.Socket>();
const relay = net.createServer((client) => {
  const upstream = net.connect(Number(target.port || 5432), target.hostname);
  sockets.add(client).add(upstream);
  client.pipe(upstream).pipe(client);
  const drop = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', drop).on('close', drop);
  upstream.on('error', drop).on('close', drop);
});
await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
const relayed = new URL(databaseUrl());
relayed.hostname = '127.0.0.1';
relayed.port = String((relay.address() as net.AddressInfo).port);

const reader = createReader(relayed.toString(), { poolSize: 2 });
const admin = new pg.Client({ connectionString: databaseUrl() });
await admin.connect();

afterAll(async () => {
  await reader.end();
  await admin.end();
  await new Promise((r) => relay.close(r));
});

const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => uncaught.push(err);

/** Once `marker` runs on the server, cuts every relayed connection (the server never answers). */
async function cutWhenRunning(marker: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()`, [`%${marker}%`]);
    if (rows.length > 0) {
      for (const s of sockets) s.destroy();
      sockets.clear();
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no backend ran ${marker}`);
}

describe('a connection lost mid-statement', () => {
  it('fails the read as UNAVAILABLE without an uncaught error, and the next read works', async () => {
    process.on('uncaughtException', onUncaught);
    try {
      const marker = `lost_${Date.now()}`;
      const running = reader.$queryRaw<unknown[]>([`SELECT pg_sleep(5), '${marker}'`] as unknown as TemplateStringsArray);
      const failed = running.then(
        () => null,
        (err: unknown) => err,
      );
      await cutWhenRunning(marker);
      const err = await failed;
      expect(err).not.toBeNull();
      expect(classifyDbError(err)).toBe('UNAVAILABLE');
      // The socket's end is reported after the query's failure: give it its turn.
      await new Promise((r) => setTimeout(r, 200));
      expect(uncaught).toEqual([]);
      expect(await reader.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});

describe('the failures a failover shows', () => {
  it('classifies them as UNAVAILABLE, not internal errors', () => {
    // pg, for a transaction's next statement once its connection has died (seen in the soak).
    expect(classifyDbError(new Error('Client has encountered a connection error and is not queryable'))).toBe('UNAVAILABLE');
    // A write that reached a standby: the primary was demoted under the connection.
    const readOnly = Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' });
    expect(classifyDbError(readOnly)).toBe('UNAVAILABLE');
    // A statement's own failure stays internal.
    expect(classifyDbError(Object.assign(new Error('division by zero'), { code: '22012' }))).toBeNull();
  });
});
