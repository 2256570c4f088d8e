/**
 * Spans a person can write: `{ "text": … }` (with `occurrence`), located by the importer; the errors
 * for ambiguous text and wrong offsets; `npm run document -- check|locate`. Pure: no database.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArticleDocument, type ArticleDocument, type DocumentIssue } from '../src/document/document.js';
import { documentHash } from '../src/import/write/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BODY = 'Defence Minister Zakir Hasanov met Muhsin Dere in Baku. Hasanov thanked Dere. Later, Hasanov left Baku.';

// Test data is changed field by field to break it: typing it would only get in the way.
type Json = Record<string, any>;

function doc(over: Json = {}): Json {
  return {
    version: 1,
    article: {
      url: 'https://example.test/spans',
      title: 'Spans',
      body: BODY,
      publishedAt: '2021-09-28',
      language: 'en',
      source: { slug: 'example', name: 'Example' },
    },
    places: [{ slug: 'baku', name: 'Baku', mentions: [{ text: 'Baku', occurrence: 1 }, { text: 'Baku', occurrence: 2 }] }],
    people: [
      { slug: 'zakir-hasanov', name: 'Zakir Hasanov', mentions: [{ text: 'Zakir Hasanov' }, { text: 'Hasanov', occurrence: 3 }] },
      { slug: 'muhsin-dere', name: 'Muhsin Dere', mentions: [{ text: 'Muhsin Dere' }] },
    ],
    organizations: [{ slug: 'ministry', name: 'Ministry of Defence' }],
    affiliations: [{ person: 'zakir-hasanov', organization: 'ministry', title: 'Defence Minister', evidence: { text: 'Defence Minister Zakir Hasanov' } }],
    ...over,
  };
}

function parsed(json: Json): ArticleDocument {
  const r = parseArticleDocument(json);
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 2));
  return r.document;
}

function issues(json: Json): DocumentIssue[] {
  const r = parseArticleDocument(json);
  if (r.ok) throw new Error('expected the document to be rejected');
  return r.issues;
}

describe('spans given by their text', () => {
  it('are located: offsets computed, stored as if they had been given', () => {
    const d = parsed(doc());
    expect(d.people[0].mentions).toEqual([
      { start: 17, end: 30, text: 'Zakir Hasanov' },
      { start: 85, end: 92, text: 'Hasanov' },
    ]);
    expect(d.places[0].mentions.map((m) => BODY.slice(m.start, m.end))).toEqual(['Baku', 'Baku']);
    expect(d.places[0].mentions[1].start).toBe(BODY.lastIndexOf('Baku'));
    expect(d.affiliations[0].evidence).toEqual({ start: 0, end: 30, text: 'Defence Minister Zakir Hasanov' });
    // The same document with offsets written out is the same document, down to its hash.
    const byOffsets = doc();
    byOffsets.people[0].mentions = [{ start: 17, end: 30, text: 'Zakir Hasanov' }, { start: 85, end: 92, text: 'Hasanov' }];
    byOffsets.places[0].mentions = [{ start: 50, end: 54, text: 'Baku' }, { start: 98, end: 102, text: 'Baku' }];
    byOffsets.affiliations[0].evidence = { start: 0, end: 30, text: 'Defence Minister Zakir Hasanov' };
    expect(parsed(byOffsets)).toEqual(d);
    expect(documentHash(parsed(byOffsets))).toBe(documentHash(d));
  });

  it('ambiguous text without occurrence is an error listing every occurrence, with offsets and surrounding words', () => {
    const d = doc();
    d.people[0].mentions = [{ text: 'Hasanov' }];
    const [issue, ...rest] = issues(d);
    expect(rest).toEqual([]);
    expect(issue.path).toBe('people[0].mentions[0]');
    expect(issue.message).toBe(
      '"Hasanov" occurs 3 times in article.body: say which with "occurrence" (1 to 3): ' +
        '1: [23, 30) "Defence Minister Zakir [Hasanov] met Muhsin Dere in…"; ' +
        '2: [56, 63) "…Muhsin Dere in Baku. [Hasanov] thanked Dere. Later, Hasanov…"; ' +
        '3: [85, 92) "…Hasanov thanked Dere. Later, [Hasanov] left Baku."',
    );
  });

  it('an occurrence past the last, text not in the body, and text without a body are errors', () => {
    const d = doc();
    d.people[1].mentions = [{ text: 'Dere', occurrence: 3 }, { text: 'muhsin dere' }];
    const found = issues(d);
    expect(found[0]).toEqual({ path: 'people[1].mentions[0]', message: expect.stringMatching(/^occurrence 3 of "Dere", but it occurs only 2 times in article\.body: 1: \[42, 46\)/) });
    expect(found[1]).toEqual({ path: 'people[1].mentions[1]', message: expect.stringMatching(/"muhsin dere" does not occur in article\.body \(it does ignoring case/) });
    const empty = doc();
    empty.article.body = '';
    empty.places[0].mentions = [];
    empty.people.forEach((p: Json) => (p.mentions = []));
    expect(issues(empty)).toEqual([
      { path: 'affiliations[0].evidence', message: expect.stringMatching(/needs article\.body, and this article has none/) },
    ]);
  });

  it('refuses an occurrence beside offsets, and half a pair of offsets', () => {
    const d = doc();
    d.people[1].mentions = [{ start: 35, end: 46, text: 'Muhsin Dere', occurrence: 1 }, { start: 35, text: 'Muhsin Dere' }, {}];
    expect(issues(d)).toEqual([
      { path: 'people[1].mentions[0].occurrence', message: expect.stringMatching(/occurrence picks a span given by its text alone/) },
      { path: 'people[1].mentions[1].end', message: 'end is missing: give start and end together' },
      { path: 'people[1].mentions[2]', message: expect.stringMatching(/a span needs its text, or start and end/) },
    ]);
  });

  it('wrong offsets: the error names the nearest occurrences of the text, not only the first', () => {
    const d = doc();
    d.people[0].mentions = [{ start: 83, end: 90, text: 'Hasanov' }]; // two characters early: the third one was meant
    const [issue] = issues(d);
    expect(issue.path).toBe('people[0].mentions[0]');
    expect(issue.message).toBe(
      'evidence text does not match article.body.slice(83, 90): expected ", Hasan" but the document says "Hasanov" ' +
        '(that text occurs 3 times; nearest to start 83: start 85, end 92; start 56, end 63; start 23, end 30)',
    );
  });
});

const exec = promisify(execFile);

async function document(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'src/cli/document.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run document', () => {
  it('check validates without writing, and names every problem', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-doc-'));
    const good = path.join(dir, 'good.json');
    const bad = path.join(dir, 'bad.json');
    await writeFile(good, JSON.stringify(doc()));
    const broken = doc();
    broken.people[0].mentions = [{ text: 'Hasanov' }];
    delete broken.version;
    await writeFile(bad, JSON.stringify(broken));
    const ok = await document('check', good);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(/good\.json: valid \(1 places, 2 people, 1 organizations/);
    expect(await readFile(good, 'utf8')).toBe(JSON.stringify(doc())); // untouched
    const missing = await document('check', bad);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/bad\.json: version: version is missing/);
    broken.version = 1;
    await writeFile(bad, JSON.stringify(broken));
    const ambiguous = await document('check', good, bad);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stdout).toMatch(/good\.json: valid/);
    expect(ambiguous.stderr).toMatch(/bad\.json: people\[0\]\.mentions\[0\]: "Hasanov" occurs 3 times/);
    expect((await document('frobnicate', good)).code).toBe(2);
  });

  it('locate writes the computed offsets back into the file, which then checks as the same document', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-doc-'));
    const file = path.join(dir, 'doc.json');
    await writeFile(file, JSON.stringify(doc()));
    const run = await document('locate', file);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(/located 6 spans/) });
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.people[0].mentions).toEqual([
      { start: 17, end: 30, text: 'Zakir Hasanov' },
      { start: 85, end: 92, text: 'Hasanov' },
    ]);
    expect(written.affiliations[0].evidence).toEqual({ start: 0, end: 30, text: 'Defence Minister Zakir Hasanov' });
    expect(Object.keys(written)).toEqual(Object.keys(doc()));
    expect(parsed(written)).toEqual(parsed(doc()));
    expect((await document('locate', file)).stdout).toMatch(/no spans to locate/);
    // An invalid document is reported and left as it was.
    const broken = doc();
    broken.people[0].mentions = [{ text: 'Hasanov' }];
    await writeFile(file, JSON.stringify(broken));
    expect((await document('locate', file)).code).toBe(1);
    expect(await readFile(file, 'utf8')).toBe(JSON.stringify(broken));
  });
});
