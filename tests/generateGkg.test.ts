/**
 * The GKG generator (`npm run db:generate -- --format gkg`, scripts/generate/gkg.ts): its files
 * parse with the real GKG parser, record ids and URLs are unique, a seed gives the same bytes,
 * entity popularity is skewed like the real batch, and the files import via the bulk path.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateGkg, type GkgResult } from '../scripts/generate/gkg.js';
import { GKG_COLUMNS } from '../src/import/gkg/fields.js';
import { gkgLineToRecord } from '../src/import/gkg/toDocument.js';
import { importPaths } from '../src/import/importer.js';
import type { ArticleDocument } from '../src/document/document.js';
import { databaseUrl, getTestPrisma, resetDatabase } from './helpers/db.js';

const RECORDS = 1200;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'newsgraph-gkg-test-'));
const dirOf = (name: string) => path.join(tmp, name);
let generated: GkgResult;
let lines: string[];
let docs: ArticleDocument[];

beforeAll(async () => {
  generated = await generateGkg({ records: RECORDS, outDir: dirOf('a'), seed: 7, perFile: 500 });
  lines = generated.files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l !== ''));
  docs = lines.map((line) => {
    const r = gkgLineToRecord(line);
    if (!r.ok) throw new Error(`${line.slice(0, 40)}: ${JSON.stringify(r.issues)}`);
    return r.document;
  });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('generated GKG files', () => {
  it('are 15-minute batches of GDELT-named files, 27 columns a line', () => {
    expect(generated.files.map((f) => path.basename(f))).toEqual(['20230701000000.gkg.csv', '20230701001500.gkg.csv', '20230701003000.gkg.csv']);
    expect(lines).toHaveLength(RECORDS);
    for (const line of lines) expect(line.split('\t')).toHaveLength(GKG_COLUMNS.length);
  });

  it('parse with the GKG parser without a rejection or a warning, with persons, organizations, places, themes, tone and quotes', () => {
    const warnings = lines.flatMap((line) => gkgLineToRecord(line).warnings);
    expect(warnings).toEqual([]);
    const total = (f: (d: ArticleDocument) => number) => docs.reduce((n, d) => n + f(d), 0);
    expect(total((d) => d.people.length)).toBeGreaterThan(RECORDS);
    expect(total((d) => d.organizations.length)).toBeGreaterThan(RECORDS);
    expect(total((d) => d.places.length)).toBeGreaterThan(RECORDS);
    expect(total((d) => d.quotes.length)).toBeGreaterThan(RECORDS / 10);
    expect(docs.every((d) => d.article.tone !== undefined)).toBe(true);
    expect(docs.filter((d) => d.article.topics?.length).length).toBeGreaterThan(RECORDS / 2);
    // Mentions carry offsets (V2 enhanced fields).
    expect(docs.flatMap((d) => d.places.flatMap((p) => p.mentions)).every((m) => m.end > m.start)).toBe(true);
  });

  it('have unique record ids and URLs', () => {
    expect(new Set(docs.map((d) => d.article.externalId)).size).toBe(RECORDS);
    expect(new Set(docs.map((d) => d.article.url)).size).toBe(RECORDS);
  });

  it('name a few people in many records and most people in one or two, like the real batch', () => {
    const records = new Map<string, number>();
    for (const d of docs) for (const p of d.people) records.set(p.slug, (records.get(p.slug) ?? 0) + 1);
    const counts = [...records.values()].sort((a, b) => b - a);
    expect(counts[0]).toBeGreaterThan(RECORDS * 0.04);
    expect(counts.filter((n) => n <= 2).length).toBeGreaterThan(counts.length / 2);
  });

  it('are the same bytes for the same seed, and differ for another', async () => {
    const again = await generateGkg({ records: RECORDS, outDir: dirOf('b'), seed: 7, perFile: 500 });
    const other = await generateGkg({ records: RECORDS, outDir: dirOf('c'), seed: 8, perFile: 500 });
    const bytes = (r: GkgResult) => r.files.map((f) => readFileSync(f, 'utf8'));
    expect(bytes(again)).toEqual(bytes(generated));
    expect(bytes(other)[0]).not.toEqual(bytes(generated)[0]);
  });
});

describe('importing generated files via the bulk path', () => {
  beforeEach(resetDatabase);

  it('stores one article per record, and the distinct people, organizations and sources', async () => {
    const summary = await importPaths(getTestPrisma(), [dirOf('a')], { format: 'gkg', bulk: { databaseUrl: databaseUrl(), batchSize: 400 } });
    expect(summary.total).toEqual({ inserted: RECORDS, updated: 0, unchanged: 0, rejected: 0, warnings: 0 });
    const db = getTestPrisma();
    const distinct = (f: (d: ArticleDocument) => string[]) => new Set(docs.flatMap(f)).size;
    expect(await db.article.count()).toBe(RECORDS);
    expect(await db.person.count()).toBe(distinct((d) => [...d.people.map((p) => p.slug), ...d.article.authors]));
    expect(await db.organization.count()).toBe(distinct((d) => d.organizations.map((o) => o.slug)));
    expect(await db.source.count()).toBe(distinct((d) => [d.article.source.slug]));
    const again = await importPaths(db, [dirOf('a')], { format: 'gkg', bulk: { databaseUrl: databaseUrl(), batchSize: 400 } });
    expect(again.total).toMatchObject({ inserted: 0, unchanged: RECORDS });
  }, 240_000);
});
