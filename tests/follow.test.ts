/**
 * The live GDELT follower (src/follow/) against a local HTTP server in GDELT's layout, serving
 * the sample batch cut into four 15-minute batches: a new batch is imported and recorded, a
 * repeated listing imports nothing, an archive unlike its listing is refused and tried again
 * later, missed batches are backfilled in order, network errors are retried, and a follower
 * killed mid-batch and restarted ends with the graph of one clean import.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { Follower, type FollowerOptions } from '../src/follow/follower.js';
import { parseListing, parseSince } from '../src/follow/listing.js';
import { importPaths } from '../src/import/importer.js';
import { databaseUrl, getTestPrisma, resetDatabase } from './helpers/db.js';
import { GdeltFixtureServer, makeBatches, type FixtureBatch } from './helpers/gdelt.js';
import { GKG_FILE } from './helpers/gkg.js';
import { graphSnapshot } from './helpers/graph.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LONG = 240_000;
const INTERVAL = 15 * 60 * 1000;
const db = () => getTestPrisma();
const TIMESTAMPS = ['20230702150000', '20230702151500', '20230702153000', '20230702154500'];

let batches: FixtureBatch[];
let gdelt: GdeltFixtureServer;
let clock: Date;

beforeAll(async () => {
  batches = await makeBatches(TIMESTAMPS);
});

beforeEach(async () => {
  await resetDatabase();
  gdelt = new GdeltFixtureServer();
  await gdelt.listen();
  clock = new Date('2026-12-03T06:00:00Z');
});

afterEach(() => gdelt.close());

function follower(opts: Partial<FollowerOptions> = {}): Follower {
  return new Follower({
    db: db(),
    databaseUrl: databaseUrl(),
    baseUrl: gdelt.baseUrl,
    intervalMs: INTERVAL,
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20, idleTimeoutMs: 5_000 },
    now: () => clock,
    ...opts,
  });
}

/** The ledger, oldest batch first. */
async function ledger() {
  return db().gdeltBatch.findMany({ orderBy: { batch: 'asc' }, select: { batch: true, status: true, attempts: true, inserted: true, reason: true } });
}

const articles = () => db().article.count();

describe('listings', () => {
  it('reads the GKG lines of a listing and skips the others and broken ones', () => {
    const text = [
      '150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip',
      '10768507 EA8DDE0BEB0BA98810A92DB068C0CE99 http://data.gdeltproject.org/gdeltv2/20150218230000.gkg.csv.zip',
      ' http://data.gdeltproject.org/gdeltv2/20150218231500.gkg.csv.zip',
      '10 0123456789abcdef0123456789abcdef http://data.gdeltproject.org/gdeltv2/20150218224500.gkg.csv.zip',
    ].join('\n');
    expect(parseListing(text)).toEqual([
      { batch: '20150218224500', size: 10, md5: '0123456789abcdef0123456789abcdef', url: 'http://data.gdeltproject.org/gdeltv2/20150218224500.gkg.csv.zip' },
      { batch: '20150218230000', size: 10768507, md5: 'ea8dde0beb0ba98810a92db068c0ce99', url: 'http://data.gdeltproject.org/gdeltv2/20150218230000.gkg.csv.zip' },
    ]);
  });

  it('reads --since as a GDELT timestamp or an ISO date', () => {
    expect(parseSince('20261130000000')).toBe('20261130000000');
    expect(parseSince('20261130')).toBe('20261130000000');
    expect(parseSince('2026-11-30T00:00Z')).toBe('20261130000000');
    expect(parseSince('2026-11-30T01:15')).toBe('20261130011500');
    expect(parseSince('2026-11-30')).toBe('20261130000000');
    expect(parseSince('yesterday')).toBeUndefined();
  });
});

describe('the follower', () => {
  it('imports the new batch lastupdate.txt names, records it done, and imports nothing for a repeated listing', async () => {
    gdelt.master = batches.slice(0, 2);
    gdelt.latest = batches[1];
    const first = await follower().pollOnce();
    // A first run starts at the latest batch: the older one in the master list is left alone.
    expect(first).toEqual({ locked: false, done: [TIMESTAMPS[1]], failed: [] });
    expect(gdelt.requests).not.toContain('/gdeltv2/masterfilelist.txt');
    const [row] = await ledger();
    expect(row).toMatchObject({ batch: TIMESTAMPS[1], status: 'DONE', attempts: 1, inserted: batches[1].lines.length, reason: null });
    expect(await articles()).toBe(batches[1].lines.length);

    const again = await follower().pollOnce();
    expect(again.done).toEqual([]);
    expect(gdelt.downloads(TIMESTAMPS[1])).toBe(1);
    expect(await articles()).toBe(batches[1].lines.length);
    expect((await ledger())[0]).toMatchObject({ status: 'DONE', attempts: 1 });
  }, LONG);

  it('refuses a batch whose MD5 differs from the listing, tries it again later, and imports it once the listing is right', async () => {
    gdelt.latest = batches[0];
    gdelt.wrongMd5.set(TIMESTAMPS[0], 'f'.repeat(32));
    expect(await follower().pollOnce()).toMatchObject({ done: [], failed: [TIMESTAMPS[0]] });
    expect(await articles()).toBe(0);
    const [failed] = await ledger();
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(failed.reason).toContain(`MD5 ${batches[0].md5}, the listing says ${'f'.repeat(32)}`);

    // Not before its retry time (one interval after the first failure)...
    expect(await follower().pollOnce()).toMatchObject({ done: [], failed: [] });
    expect(gdelt.downloads(TIMESTAMPS[0])).toBe(1);
    // ...then again, still refused, and the wait doubles.
    clock = new Date(clock.getTime() + INTERVAL);
    expect(await follower().pollOnce()).toMatchObject({ failed: [TIMESTAMPS[0]] });
    const second = await db().gdeltBatch.findUniqueOrThrow({ where: { batch: TIMESTAMPS[0] } });
    expect(second.attempts).toBe(2);
    expect(second.nextAttemptAt!.getTime() - clock.getTime()).toBe(2 * INTERVAL);
    expect(await articles()).toBe(0);

    gdelt.wrongMd5.clear();
    clock = new Date(clock.getTime() + 2 * INTERVAL);
    expect(await follower().pollOnce()).toMatchObject({ done: [TIMESTAMPS[0]], failed: [] });
    expect((await ledger())[0]).toMatchObject({ status: 'DONE', attempts: 3, reason: null, inserted: batches[0].lines.length });
    expect(await articles()).toBe(batches[0].lines.length);
  }, LONG);

  it('refuses an archive shorter than the listing says', async () => {
    gdelt.latest = batches[0];
    gdelt.faults.set(`/${TIMESTAMPS[0]}.gkg.csv.zip`, ['short']);
    expect(await follower().pollOnce()).toMatchObject({ failed: [TIMESTAMPS[0]] });
    expect(await articles()).toBe(0);
    const [row] = await ledger();
    expect(row.status).toBe('FAILED');
    expect(row.reason).toContain(`size ${Math.floor(batches[0].size / 2)} bytes, the listing says ${batches[0].size}`);
  }, LONG);

  it('backfills the batches missed while it was down from masterfilelist.txt, oldest first', async () => {
    gdelt.master = batches.slice(0, 1);
    gdelt.latest = batches[0];
    await follower().pollOnce();

    gdelt.master = batches;
    gdelt.latest = batches[3];
    const started: string[] = [];
    const result = await follower({ reporter: { batchStart: (e) => started.push(e.batch) } }).pollOnce();
    expect(result.done).toEqual(TIMESTAMPS.slice(1));
    expect(started).toEqual(TIMESTAMPS.slice(1));
    expect((await ledger()).map((r) => [r.batch, r.status])).toEqual(TIMESTAMPS.map((b) => [b, 'DONE']));
    expect(await articles()).toBe(856);
  }, LONG);

  it('imports nothing past a gap while the master list is unreachable, then backfills', async () => {
    gdelt.latest = batches[0];
    await follower().pollOnce();
    gdelt.master = batches.slice(0, 3);
    gdelt.latest = batches[2];
    gdelt.faults.set('/masterfilelist.txt', [500, 500, 500, 500]);
    // Importing the latest alone would make the missed batch look done-and-past.
    await expect(follower().pollOnce()).rejects.toThrow(/masterfilelist\.txt: HTTP 500/);
    expect(await articles()).toBe(batches[0].lines.length);
    expect((await follower().pollOnce()).done).toEqual(TIMESTAMPS.slice(1, 3));
  }, LONG);

  it('backfills from --since on a first run', async () => {
    gdelt.master = batches;
    gdelt.latest = batches[3];
    const result = await follower({ since: parseSince('2023-07-02T15:15Z') }).pollOnce();
    expect(result.done).toEqual(TIMESTAMPS.slice(1));
    expect(await articles()).toBe(856 - batches[0].lines.length);
  }, LONG);

  it('retries a 500, a dropped connection and a body cut short, with backoff', async () => {
    gdelt.latest = batches[0];
    gdelt.faults.set('/lastupdate.txt', [500, 'reset']);
    gdelt.faults.set(`/${TIMESTAMPS[0]}.gkg.csv.zip`, ['reset', 'cut', 500]);
    const retries: Array<[string, number, number]> = [];
    const result = await follower({ reporter: { retry: (url, attempt, delay) => retries.push([url.split('/').at(-1)!, attempt, delay]) } }).pollOnce();
    expect(result).toMatchObject({ done: [TIMESTAMPS[0]], failed: [] });
    expect(retries).toEqual([
      ['lastupdate.txt', 1, 5],
      ['lastupdate.txt', 2, 10],
      [`${TIMESTAMPS[0]}.gkg.csv.zip`, 1, 5],
      [`${TIMESTAMPS[0]}.gkg.csv.zip`, 2, 10],
      [`${TIMESTAMPS[0]}.gkg.csv.zip`, 3, 20],
    ]);
    expect(await articles()).toBe(batches[0].lines.length);
  }, LONG);

  it('gives up on a listing after the bounded tries, and the next poll succeeds', async () => {
    gdelt.latest = batches[0];
    gdelt.faults.set('/lastupdate.txt', [500, 500, 500, 500]);
    await expect(follower().pollOnce()).rejects.toThrow(/lastupdate\.txt: HTTP 500/);
    expect(await follower().pollOnce()).toMatchObject({ done: [TIMESTAMPS[0]] });
  }, LONG);

  it('a follower killed mid-batch (bulk writes), restarted, loses nothing and doubles nothing', async () => {
    gdelt.master = batches;
    gdelt.latest = batches[3];
    const first = batches[0].lines.length;
    let killedDuring: string | undefined;
    // The bulk path, as for real (large) batches, in transactions of 40 records.
    const bulk = ['--bulk', '--batch-size', '40'];
    const killed = await followCli(['--since', TIMESTAMPS[0], ...bulk], async (kill, alive) => {
      // Kill once the second batch is well under way: its row says IMPORTING and some of its articles are in.
      while (alive()) {
        const importing = await db().gdeltBatch.findFirst({ where: { status: 'IMPORTING' } });
        if (importing?.batch === TIMESTAMPS[1] && (await articles()) > first + 30) {
          kill();
          killedDuring = TIMESTAMPS[1];
          return;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(killedDuring).toBe(TIMESTAMPS[1]);
    const atCrash = await ledger();
    expect(atCrash.map((r) => [r.batch, r.status])).toEqual([
      [TIMESTAMPS[0], 'DONE'],
      [TIMESTAMPS[1], 'IMPORTING'],
    ]);
    const partial = await articles();
    expect(partial).toBeGreaterThan(first);
    expect(partial).toBeLessThan(first + batches[1].lines.length);
    expect((partial - first) % 40).toBe(0); // whole bulk transactions or nothing

    // Restarted without --since: the batch cut short, then the rest.
    const rerun = await followCli(bulk);
    expect(rerun.code).toBe(0);
    expect((await ledger()).map((r) => [r.batch, r.status])).toEqual(TIMESTAMPS.map((b) => [b, 'DONE']));
    const afterCrash = await graphSnapshot((sql) => db().$queryRawUnsafe(sql));

    await resetDatabase();
    await importPaths(db(), [GKG_FILE], { format: 'gkg' });
    const clean = await graphSnapshot((sql) => db().$queryRawUnsafe(sql));
    expect({ articles: afterCrash.article.length, mentions: afterCrash.mention.length }).toEqual({ articles: 856, mentions: clean.mention.length });
    expect(afterCrash).toEqual(clean);
  }, LONG);
});

describe('the follower inside the server (npm start -- --follow gdelt)', () => {
  it('imports each new batch as it is listed, and a SIGTERM mid-batch stops the server cleanly, leaving the batch to redo', async () => {
    gdelt.latest = batches[0];
    const server = spawn(process.execPath, ['--import', 'tsx/esm', 'src/main.ts', '--follow', 'gdelt'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl(), GDELT_BASE_URL: gdelt.baseUrl, FOLLOW_INTERVAL_MS: '1000', PORT: '0', HOST: '127.0.0.1', SEED: 'false', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (d) => (output += d));
    server.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      await until(`${TIMESTAMPS[0]} done`, async () => (await db().gdeltBatch.findFirst({ where: { batch: TIMESTAMPS[0], status: 'DONE' } })) ?? undefined);
      // The next poll (a second later) finds the next batch.
      gdelt.latest = batches[1];
      const first = batches[0].lines.length;
      await until(`${TIMESTAMPS[1]} under way`, async () =>
        (await db().gdeltBatch.findFirst({ where: { batch: TIMESTAMPS[1], status: 'IMPORTING' } })) && (await articles()) > first + 10 ? true : undefined,
      );
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      server.kill('SIGKILL');
    }
    expect((await ledger()).map((r) => [r.batch, r.status])).toEqual([
      [TIMESTAMPS[0], 'DONE'],
      [TIMESTAMPS[1], 'IMPORTING'],
    ]);
    const logs = output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { component?: string; msg: string; batch?: string });
    expect(logs.filter((l) => l.component === 'follow').map((l) => l.msg)).toEqual(
      expect.arrayContaining([`gdelt: importing ${TIMESTAMPS[0]}`, `gdelt: ${TIMESTAMPS[0]} done`, `gdelt: importing ${TIMESTAMPS[1]}`]),
    );
    expect(output).toContain('stopped');
  }, LONG);
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs `npm run follow -- gdelt --once` as a child process against the fixture server. */
function followCli(args: string[], whileRunning?: (kill: () => void, alive: () => boolean) => Promise<void>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/follow.ts', 'gdelt', '--once', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl(), GDELT_BASE_URL: gdelt.baseUrl, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, output })),
  );
  let running = true;
  void exited.then(() => (running = false));
  void whileRunning?.(() => child.kill('SIGKILL'), () => running);
  return exited;
}

describe('follower settings', () => {
  it('reads FOLLOW, GDELT_BASE_URL and FOLLOW_INTERVAL_MS, and names a bad one', () => {
    expect(loadConfig({}).follow).toEqual({ feed: undefined, gdeltBaseUrl: 'http://data.gdeltproject.org/gdeltv2', intervalMs: 900_000 });
    expect(loadConfig({ FOLLOW: 'gdelt', GDELT_BASE_URL: 'http://127.0.0.1:8080/gdeltv2/', FOLLOW_INTERVAL_MS: '60000' }).follow).toEqual({
      feed: 'gdelt',
      gdeltBaseUrl: 'http://127.0.0.1:8080/gdeltv2',
      intervalMs: 60_000,
    });
    expect(() => loadConfig({ FOLLOW: 'rss' })).toThrow(/FOLLOW/);
    expect(() => loadConfig({ GDELT_BASE_URL: 'ftp://x' })).toThrow(/GDELT_BASE_URL/);
    expect(() => loadConfig({ FOLLOW_INTERVAL_MS: '10' })).toThrow(/FOLLOW_INTERVAL_MS/);
  });
});
