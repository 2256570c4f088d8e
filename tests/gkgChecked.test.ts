/**
 * The direct check of mapped GKG documents (src/import/gkg/checked.ts) against the document
 * schema it stands in for: whenever it accepts, parseArticleDocument accepts the same JSON and
 * gives the same document (and so the same content hash); bad records go to the schema and get
 * its errors. On the sample batch, generated records, and thousands of mutated documents.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rng } from './helpers/rng.js';
import { afterAll, describe, expect, it } from 'vitest';
import { generateGkg } from '../scripts/generate/gkg.js';
import { parseArticleDocument } from '../src/document/document.js';
import { canonicalJson } from '../src/document/format.js';
import { checkedGkgDocument } from '../src/import/gkg/checked.js';
import { FieldError } from '../src/import/gkg/fields.js';
import { gkgLineToDocumentJson, gkgLineToRecord } from '../src/import/gkg/toDocument.js';
import { documentHash } from '../src/import/write/index.js';
import { gkgLine, gkgLines } from './helpers/gkg.js';

type Json = Record<string, unknown>;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'newsgraph-gkg-checked-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function mapped(line: string): Json | undefined {
  try {
    return gkgLineToDocumentJson(line, []);
  } catch (err) {
    if (err instanceof FieldError) return undefined;
    throw err;
  }
}

/** The schema's verdict on the JSON, and the direct check's, agree whenever the check accepts. */
function expectAgreement(json: Json): 'checked' | 'schema' {
  const checked = checkedGkgDocument(structuredClone(json));
  const parsed = parseArticleDocument(structuredClone(json));
  if (!checked) return 'schema';
  expect(parsed.ok, JSON.stringify(parsed.ok ? null : parsed.issues)).toBe(true);
  if (!parsed.ok) return 'schema';
  expect(canonicalJson(checked)).toBe(canonicalJson(parsed.document));
  expect(checked).toStrictEqual(JSON.parse(JSON.stringify(parsed.document)));
  expect(documentHash(checked)).toBe(documentHash(parsed.document));
  return 'checked';
}

const WEIRD: unknown[] = [
  '', ' ', ' x', 'x ', 'a\u0000b', 'a\uD800b', 'a'.repeat(1001), 'a'.repeat(20_001), 'Not A Slug', 'double--hyphen', 'x'.repeat(121),
  -1, 0, 1.5, 2 ** 53, NaN, Infinity, -101, 101, 91, -181, 1e9, null, undefined, true, [], {}, [1], { start: 5, end: 5 }, { start: 1 },
  { start: 1, end: 2, text: 'x' }, 'http://', 'ftp://example.com/a', 'https://exa mple.com/', 'https://localhost/a', ' https://example.com/a',
  '2023-02-30T00:00:00Z', '2023-07-02', '2023-07-02T15:30:00+02:00', '2023-07-02T15:30:00', 'EN', 'zz', 'en-', 'gns:', 'gns:a b', 'GNS:1',
  'COUNTRY', 'PLANET', 'aa', 'AZ', 'example.com', 'Example.com', 'united-states', 'joe-biden',
];

/** Every path to a value inside the JSON (objects' keys, arrays' indexes). */
function paths(value: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) {
    const p = [...at, Array.isArray(value) ? Number(k) : k];
    out.push(p);
    paths(v, p, out);
  }
  return out;
}

/** One random change: a value replaced by a weird one, a key added, or a list item doubled. */
function mutate(json: Json, random: () => number): Json {
  const copy = structuredClone(json);
  const all = paths(copy);
  const p = all[Math.floor(random() * all.length)];
  let parent: Record<string | number, unknown> = copy;
  for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const key = p[p.length - 1];
  const roll = random();
  if (roll < 0.1) (parent as Json).extra = 1;
  else if (roll < 0.2 && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
  else parent[key] = structuredClone(WEIRD[Math.floor(random() * WEIRD.length)]);
  return copy;
}

describe('checkedGkgDocument', () => {
  it('accepts every sample record the schema accepts, with the same document and hash', () => {
    let checked = 0;
    let valid = 0;
    for (const line of gkgLines()) {
      const json = mapped(line);
      if (!json) continue;
      if (parseArticleDocument(structuredClone(json)).ok) valid++;
      if (expectAgreement(json) === 'checked') checked++;
    }
    expect(valid).toBeGreaterThan(800);
    expect(checked).toBe(valid);
  });

  it('accepts generated records, with the same document and hash', async () => {
    const { files } = await generateGkg({ records: 300, outDir: tmp, seed: 3, perFile: 300 });
    const lines = readFileSync(files[0], 'utf8').split('\n').filter((l) => l !== '');
    const verdicts = lines.map((l) => expectAgreement(mapped(l)!));
    expect(verdicts.every((v) => v === 'checked')).toBe(true);
  });

  it('never accepts a mutated document the schema refuses or reads differently', () => {
    const random = rng(15);
    const bases = gkgLines().slice(0, 60).map(mapped).filter((j): j is Json => j !== undefined);
    const verdicts = { checked: 0, schema: 0 };
    for (let i = 0; i < 4000; i++) {
      let json = bases[i % bases.length];
      const changes = 1 + Math.floor(random() * 3);
      for (let c = 0; c < changes; c++) json = mutate(json, random);
      verdicts[expectAgreement(json)]++;
    }
    // Both sides exercised: harmless changes stay on the direct path, the rest go to the schema.
    expect(verdicts.checked).toBeGreaterThan(200);
    expect(verdicts.schema).toBeGreaterThan(2000);
  });

  it('leaves a bad record to the schema, whose errors it gets', () => {
    const r = gkgLineToRecord(gkgLine({ V2Tone: '150,1,1,1,1,1,100' }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues).toEqual([{ field: 'V2Tone (article.tone.tone)', message: 'Too big: expected number to be <=100' }]);
  });
});
