/**
 * GKG parsed in worker threads (src/import/parse/): the records, their order, line numbers and
 * hashes are those of the in-thread reader, across block boundaries, line-break styles, blank and
 * broken lines, archives, and more than one worker.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listInputs, readRecords, type Input } from '../src/import/inputs.js';
import { ParsePool } from '../src/import/parse/reader.js';
import type { SourceRecord } from '../src/import/records.js';
import { documentHash } from '../src/import/write/index.js';
import { GKG_FILE, gkgLines } from './helpers/gkg.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'newsgraph-parse-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

async function inputOf(file: string): Promise<Input> {
  const [input] = await listInputs(file, 'gkg');
  return input;
}

async function expectSameRecords(file: string, workers: number): Promise<SourceRecord[]> {
  const input = await inputOf(file);
  const expected = await collect(readRecords(input, 'gkg'));
  const pool = new ParsePool(300, workers);
  let got: SourceRecord[];
  try {
    got = await collect(pool.read(input));
  } finally {
    await pool.close();
  }
  for (const r of got) expect(r.hash).toBe(r.result.ok ? documentHash(r.result.document) : undefined);
  expect(got.map(({ hash: _hash, ...r }) => r)).toEqual(expected);
  return got;
}

describe('GKG parse workers', () => {
  it('give the records of the in-thread reader for the gzipped GDELT batch, in order, with their hashes', async () => {
    const got = await expectSameRecords(GKG_FILE, 2);
    expect(got).toHaveLength(856);
  });

  it('number lines as readline does across CRLF, lone CR, blank and broken lines, with no final line break', async () => {
    const lines = gkgLines().slice(0, 120);
    const breaks = ['\n', '\r\n', '\r', '\n\n', '\r\n\r\n'];
    let text = '';
    lines.forEach((line, i) => {
      text += (i === 7 ? 'not a GKG record' : line) + breaks[i % breaks.length];
    });
    text += lines[0].replace(/^[^\t]*/, '20230702153000-999999');
    const file = path.join(dir, 'mixed.gkg.csv');
    writeFileSync(file, text);
    const got = await expectSameRecords(file, 3);
    expect(got.some((r) => !r.result.ok)).toBe(true);
  });

  it('read several inputs one after another with one pool', async () => {
    const a = path.join(dir, 'a.gkg.csv');
    const b = path.join(dir, 'b.gkg.csv');
    writeFileSync(a, gkgLines().slice(0, 40).join('\n'));
    writeFileSync(b, `${gkgLines().slice(40, 90).join('\n')}\n`);
    const pool = new ParsePool(10, 2);
    try {
      const first = await collect(pool.read(await inputOf(a)));
      const second = await collect(pool.read(await inputOf(b)));
      expect(first.map((r) => [r.file, r.line])).toEqual(Array.from({ length: 40 }, (_, i) => [a, i + 1]));
      expect(second.map((r) => [r.file, r.line])).toEqual(Array.from({ length: 50 }, (_, i) => [b, i + 1]));
    } finally {
      await pool.close();
    }
  });
});
