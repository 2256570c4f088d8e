/**
 * The bulk import path (`--bulk`, src/import/bulk/): the same graph as article-by-article writes
 * for the GDELT batch and for the resolution cases, a no-op re-import, the change feed, two bulk
 * imports at once, and an import killed after its first batch committed, then run again.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { gkgLineToRecord } from '../src/import/gkg/toDocument.js';
import { importPaths, importRecords, type ImportOptions } from '../src/import/importer.js';
import type { SourceRecord } from '../src/import/records.js';
import { loadSeed } from '../src/import/seed.js';
import { ARTICLE_CHANGES_CHANNEL } from '../src/db/changes.js';
import { databaseUrl, getTestPrisma, resetDatabase } from './helpers/db.js';
import { GKG_FILE, gkgLine, gkgLines } from './helpers/gkg.js';
import { graphSnapshot, snapshotCounts } from './helpers/graph.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LONG = 240_000;
const db = () => getTestPrisma();
const bulk = (batchSize: number): ImportOptions['bulk'] => ({ databaseUrl: databaseUrl(), batchSize });

beforeEach(resetDatabase);

const snapshot = () => graphSnapshot((sql) => db().$queryRawUnsafe(sql));

async function maxChange(): Promise<string | null> {
  const [row] = await db().$queryRaw<Array<{ seq: string | null }>>`SELECT max("change_seq")::text AS seq FROM "article"`;
  return row.seq;
}

function recordsOf(lines: string[]): AsyncIterable<SourceRecord> {
  return (async function* () {
    for (const [i, line] of lines.entries()) {
      const { label, ...result } = gkgLineToRecord(line);
      yield { file: 'test.tsv', line: i + 1, label, result };
    }
  })();
}

describe('bulk import of the GDELT batch', () => {
  it('stores the same graph as article-by-article writes, and re-imports as a no-op', async () => {
    const perArticle = await importPaths(db(), [GKG_FILE], { format: 'gkg', concurrency: 1 });
    const expected = await snapshot();
    await resetDatabase();

    // Batches of 97: entities first seen in one batch are met again in later ones.
    const listener = new pg.Client({ connectionString: databaseUrl() });
    await listener.connect();
    const notices: string[] = [];
    listener.on('notification', (n) => notices.push(n.payload ?? ''));
    await listener.query(`LISTEN ${ARTICLE_CHANGES_CHANNEL}`);
    const first = await importPaths(db(), [GKG_FILE], { format: 'gkg', bulk: bulk(97) });
    await listener.query('SELECT 1'); // notifications committed before this reply have arrived
    await listener.end();
    expect(first.total).toEqual(perArticle.total);
    expect(first.total).toEqual({ inserted: 856, updated: 0, unchanged: 0, rejected: 0, warnings: 1 });
    const got = await snapshot();
    expect(snapshotCounts(got)).toEqual(snapshotCounts(expected));
    expect(snapshotCounts(got)).toMatchObject({ article: 856, person: 2068, organization: 1044, place: 848, quote: 369 });
    for (const table of Object.keys(expected)) expect({ table, rows: got[table] }).toEqual({ table, rows: expected[table] });

    // Every article got a change number; a re-import changes nothing and numbers nothing.
    const [numbered] = await db().$queryRaw<Array<{ n: number }>>`SELECT count(DISTINCT "change_seq")::int AS n FROM "article"`;
    expect(numbered.n).toBe(856);
    const seq = await maxChange();
    // Numbered in input order (as ids are), one notice per batch, the last with the last number.
    const order = await db().$queryRaw<Array<{ by_id: number; by_change: number }>>`
      SELECT row_number() OVER (ORDER BY "id")::int AS by_id, row_number() OVER (ORDER BY "change_seq")::int AS by_change FROM "article"`;
    expect(order.filter((r) => r.by_id !== r.by_change)).toEqual([]);
    expect(notices).toHaveLength(Math.ceil(856 / 97));
    expect(notices.at(-1)).toBe(seq);
    const again = await importPaths(db(), [GKG_FILE], { format: 'gkg', bulk: bulk(500) });
    expect(again.total).toEqual({ inserted: 0, updated: 0, unchanged: 856, rejected: 0, warnings: 1 });
    expect(await maxChange()).toBe(seq);
    expect(await snapshot()).toEqual(got);

    // A changed record is rewritten, and only it gets a new change number.
    const changedLine = gkgLines()[5].replace(/<PAGE_TITLE>[^<]*<\/PAGE_TITLE>/, '<PAGE_TITLE>A corrected headline</PAGE_TITLE>');
    const changed = await importRecords(db(), recordsOf([gkgLines()[4], changedLine]), { bulk: bulk(100) });
    expect(changed.total).toMatchObject({ updated: 1, unchanged: 1 });
    const renumbered = await db().article.findMany({ where: { changeSeq: { gt: BigInt(seq!) } }, select: { title: true } });
    expect(renumbered).toEqual([{ title: 'A corrected headline' }]);
  }, LONG);

  it('ends with the graph of one import when two bulk imports of the file run at once', async () => {
    await importPaths(db(), [GKG_FILE], { format: 'gkg', bulk: bulk(200) });
    const once = await snapshot();
    await resetDatabase();
    const [a, b] = await Promise.all([
      importPaths(db(), [GKG_FILE], { format: 'gkg', bulk: bulk(200) }),
      importPaths(db(), [GKG_FILE], { format: 'gkg', bulk: bulk(150) }),
    ]);
    expect(a.total.rejected + b.total.rejected).toBe(0);
    expect(a.total.inserted + b.total.inserted).toBe(856);
    expect(a.total.updated + b.total.updated).toBe(0);
    expect(await snapshot()).toEqual(once);
  }, LONG);
});

describe('bulk entity resolution', () => {
  it('resolves like article-by-article writes: seed entities, aliases, feature ids met within one batch, repeated URLs, conflicts', async () => {
    const loc = (name: string, feature = '-2090174') => `4#${name}, Karnataka, India#IN#IN19#17688#12.9833#77.5833#${feature}#5`;
    const lines = [
      gkgLine({ GKGRECORDID: '20230702153000-900', DocumentIdentifier: 'https://example.test/erdogan', V2Persons: 'Recep Tayyip Erdoğan,10;Zakir Hasanov,40;Erdogan,90', V2Organizations: '',
        V2Locations: '1#Azerbaijani#AJ#AJ##40.5#47.5#AJ#60;1#Turkish#TU#TU##39#35#TU#70' }),
      gkgLine({ GKGRECORDID: '20230702153000-901', DocumentIdentifier: 'https://example.test/1', V2Locations: loc('Bengaluru'), V2Persons: 'richard worley,3' }),
      gkgLine({ GKGRECORDID: '20230702153000-902', DocumentIdentifier: 'https://example.test/2', V2Locations: loc('Bangalore'), V2Persons: 'RICHARD WORLEY,3;Richard  Worley,9' }),
      // The same name, another feature: kept apart by a suffixed slug.
      gkgLine({ GKGRECORDID: '20230702153000-903', DocumentIdentifier: 'https://example.test/3', V2Locations: loc('Bengaluru', '-999') }),
      // A second version of an article in the same input: the later one is stored.
      gkgLine({ GKGRECORDID: '20230702153000-904', DocumentIdentifier: 'https://example.test/1', V2Locations: loc('Bengaluru'), V2Persons: 'Holly Ramer,1' }),
      // Another URL with a record id already taken: only this record is rejected.
      gkgLine({ GKGRECORDID: '20230702153000-902', DocumentIdentifier: 'https://example.test/dup-id' }),
      ...gkgLines().slice(0, 30),
    ];
    await loadSeed(db());
    const perArticle = await importRecords(db(), recordsOf(lines), { concurrency: 1 });
    const expected = await snapshot();
    await resetDatabase();
    await loadSeed(db());
    const got = await importRecords(db(), recordsOf(lines), { bulk: bulk(1000) });
    expect(got.total).toEqual(perArticle.total);
    expect(got.total).toMatchObject({ inserted: 34, updated: 1, rejected: 1 });
    const snap = await snapshot();
    for (const table of Object.keys(expected)) expect({ table, rows: snap[table] }).toEqual({ table, rows: expected[table] });
    const cities = await db().place.findMany({ where: { slug: { startsWith: 'bengaluru' } }, orderBy: { slug: 'asc' } });
    expect(cities.map((c) => [c.slug, c.aliases])).toEqual([
      ['bengaluru-karnataka-india', ['Bangalore, Karnataka, India']],
      ['bengaluru-karnataka-india-gns-999', []],
    ]);
  }, LONG);
});

describe('the ingest command with --bulk', () => {
  it('finishes an import killed after its first batch committed when run again, ending where a clean import ends', async () => {
    let atKill = 0;
    const killed = await ingest([GKG_FILE, '--format', 'gkg', '--bulk', '--batch-size', '100'], async (kill) => {
      while ((atKill = await db().article.count()) < 100) await new Promise((r) => setTimeout(r, 20));
      kill();
    });
    expect(killed.signal).toBe('SIGKILL');
    const survived = await db().article.count();
    expect(survived).toBeGreaterThanOrEqual(atKill);
    expect(survived % 100).toBe(0); // whole batches or nothing
    expect(survived).toBeLessThan(856);

    const rerun = await ingest([GKG_FILE, '--format', 'gkg', '--bulk', '--batch-size', '100', '--json']);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout).total).toMatchObject({ inserted: 856 - survived, unchanged: survived, updated: 0, rejected: 0 });
    const afterCrash = await snapshot();

    await resetDatabase();
    await importPaths(db(), [GKG_FILE], { format: 'gkg', bulk: bulk(100) });
    expect(afterCrash).toEqual(await snapshot());
  }, LONG);
});

function ingest(args: string[], whileRunning?: (kill: () => void) => Promise<void>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl(), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout })),
  );
  void whileRunning?.(() => child.kill('SIGKILL'));
  return exited;
}
