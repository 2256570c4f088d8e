/**
 * `npm run ingest`: input formats (JSON, JSON arrays, NDJSON, .gz, .zip, directories, stdin), the
 * exit code and summary, and crash safety: an import killed halfway and run again ends where a
 * clean import ends.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { gkgLineToRecord } from '../src/import/gkg/toDocument.js';
import { importPaths } from '../src/import/importer.js';
import { databaseUrl, getTestPrisma, resetDatabase } from './helpers/db.js';
import { GKG_FILE, gkgLines } from './helpers/gkg.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const db = () => getTestPrisma();
const LONG = 180_000;

beforeEach(resetDatabase);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI against the test database; `whileRunning` may kill it. */
function ingest(args: string[], opts: { stdin?: string; whileRunning?: (kill: () => void) => Promise<void> } = {}): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl(), LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(opts.stdin ?? '');
  const exited = new Promise<Run>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  void opts.whileRunning?.(() => child.kill('SIGKILL'));
  return exited;
}

async function articleCount(): Promise<number> {
  return db().article.count();
}

async function counts(): Promise<Record<string, number>> {
  const [row] = await db().$queryRaw<Array<Record<string, number>>>`
    SELECT (SELECT count(*)::int FROM "article") AS articles, (SELECT count(*)::int FROM "person") AS people,
           (SELECT count(*)::int FROM "organization") AS organizations, (SELECT count(*)::int FROM "place") AS places,
           (SELECT count(*)::int FROM "mention") AS mentions, (SELECT count(*)::int FROM "quote") AS quotes,
           (SELECT count(*)::int FROM "article_topic") AS topics, (SELECT count(*)::int FROM "article_tone") AS tones`;
  return row;
}

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'newsgraph-ingest-'));
}

/** A zip archive with stored (or deflated) entries: enough of the format for yauzl to read. */
function zip(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Documents (newsgraph JSON) made from sample GKG records. */
function documents(from: number, n: number): unknown[] {
  return gkgLines().slice(from, from + n).map((l) => {
    const r = gkgLineToRecord(l);
    if (!r.ok) throw new Error('sample record did not map');
    return r.document;
  });
}

describe('ingest inputs', () => {
  it('reads a directory in name order: a JSON document, a JSON array, NDJSON, gzip and zip', async () => {
    const dir = await tempDir();
    const [a, b, c, d, e, f] = documents(0, 6);
    await writeFile(path.join(dir, '1-one.json'), JSON.stringify(a, null, 2));
    await writeFile(path.join(dir, '2-array.json'), JSON.stringify([b, c]));
    await writeFile(path.join(dir, '3-lines.ndjson'), `${JSON.stringify(d)}\n\n${JSON.stringify(e)}\n`);
    await writeFile(path.join(dir, '4-lines.ndjson.gz'), gzipSync(`${JSON.stringify(f)}\n`));
    await writeFile(path.join(dir, 'ignored.txt'), 'not an input');
    const summary = await importPaths(db(), [dir], { format: 'json' });
    expect(summary.files.map((x) => [path.basename(x.file), x.inserted, x.rejected])).toEqual([
      ['1-one.json', 1, 0], ['2-array.json', 2, 0], ['3-lines.ndjson', 2, 0], ['4-lines.ndjson.gz', 1, 0],
    ]);

    const gkg = await tempDir();
    const lines = gkgLines().slice(10, 14);
    await writeFile(path.join(gkg, 'batch.gkg.csv.zip'), zip([
      { name: 'b.gkg.csv', data: Buffer.from(lines.slice(2).join('\n')) },
      { name: 'a.gkg.csv', data: Buffer.from(lines.slice(0, 2).join('\n')) },
    ]));
    await writeFile(path.join(gkg, 'c.gkg.csv.gz'), gzipSync(gkgLines()[20]));
    const fromArchives = await importPaths(db(), [gkg], { format: 'gkg' });
    expect(fromArchives.files.map((x) => [path.basename(x.file), x.inserted])).toEqual([
      ['batch.gkg.csv.zip:a.gkg.csv', 2], ['batch.gkg.csv.zip:b.gkg.csv', 2], ['c.gkg.csv.gz', 1],
    ]);
    expect(await articleCount()).toBe(11);
  });

  it('rejects a JSON document that does not validate, and invalid JSON, naming the line', async () => {
    const dir = await tempDir();
    const [a] = documents(0, 1) as Array<{ article: { title: string } }>;
    const bad = structuredClone(a);
    bad.article.title = '';
    await writeFile(path.join(dir, 'x.ndjson'), `${JSON.stringify(a)}\n{"version":1,\n${JSON.stringify(bad)}\n`);
    const issues: string[] = [];
    const summary = await importPaths(db(), [dir], { format: 'json', onIssue: (m) => issues.push(m) });
    expect(summary.total).toMatchObject({ inserted: 1, rejected: 2 });
    expect(issues[0]).toMatch(/x\.ndjson:2: record: not valid JSON/);
    expect(issues[1]).toMatch(/x\.ndjson:3 \(https:\/\/.*\): article\.title: /);
  });
});

describe('the ingest command', () => {
  it('reads stdin, prints a JSON summary, and exits 1 when a record is rejected', async () => {
    const lines = gkgLines().slice(0, 2);
    const ok = await ingest(['-', '--format', 'gkg', '--json'], { stdin: lines.join('\n') });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ total: { inserted: 2, rejected: 0 }, files: [{ file: '-', inserted: 2 }] });

    const bad = await ingest(['-', '--format', 'gkg'], { stdin: `${lines[0]}\n20230702153000-9\tx\n` });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('-:2 (GKGRECORDID 20230702153000-9): record: expected 27 tab-separated columns, got 2');
    expect(bad.stdout).toMatch(/total\s+0\s+0\s+1\s+1\s+0/);
  }, LONG);

  it('finishes an import killed halfway when run again, ending where a clean import ends', async () => {
    let atKill = 0;
    const killed = await ingest([GKG_FILE, '--format', 'gkg', '--concurrency', '2'], {
      whileRunning: async (kill) => {
        while ((atKill = await articleCount()) < 100) await new Promise((r) => setTimeout(r, 50));
        kill();
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const survived = await articleCount();
    expect(survived).toBeGreaterThanOrEqual(atKill);
    expect(survived).toBeLessThan(856);

    const rerun = await ingest([GKG_FILE, '--format', 'gkg', '--json']);
    expect(rerun.code).toBe(0);
    const { total } = JSON.parse(rerun.stdout);
    expect(total).toMatchObject({ inserted: 856 - survived, unchanged: survived, updated: 0, rejected: 0 });
    const afterCrash = await counts();

    await resetDatabase();
    await importPaths(db(), [GKG_FILE], { format: 'gkg' });
    expect(afterCrash).toEqual(await counts());
  }, LONG);
});
