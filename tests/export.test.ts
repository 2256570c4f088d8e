/**
 * `npm run export`: a dump imported into an empty database gives the same graph (rows, provenance,
 * evidence and GraphQL answers), merges are reflected, a second export is byte-identical, `--since`
 * filters, and the reads stay a fixed number of statements per batch.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../src/db/client.js';
import { parseArticleDocument, type ArticleDocument } from '../src/document/document.js';
import { exportDocuments, writeNdjson } from '../src/export/writer.js';
import { importPaths } from '../src/import/importer.js';
import { loadSeed } from '../src/import/seed.js';
import { storeDocument } from '../src/import/store.js';
import { mergeEntities } from '../src/services/merge.js';
import { countStatements, databaseUrl, getTestPrisma, resetDatabase } from './helpers/db.js';
import { GKG_FILE } from './helpers/gkg.js';
import { createSecondDatabase, type SecondDatabase } from './helpers/secondDatabase.js';
import { gqlData } from './helpers/server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED_URL = 'https://www.azernews.az/2021-09-28/azerbaijan-turkey-military-cooperation';
const LONG = 240_000;

const a = () => getTestPrisma();
let b: SecondDatabase;
let dump: string;
let survivor: { slug: string; merged: string[] };

/** The NDJSON export of a database, as one string. */
async function exportText(db: PrismaClient, opts: Parameters<typeof writeNdjson>[2] = {}): Promise<string> {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  await writeNdjson(db, out, opts);
  return text;
}

/** Three people mentioned in the batch who sign and hold nothing (a merge of those changes no fact's key). */
async function threePeople(): Promise<Array<{ id: number; slug: string }>> {
  return a().$queryRaw`
    SELECT p."id", p."slug" FROM "person" p
    WHERE EXISTS (SELECT 1 FROM "mention" m WHERE m."person_id" = p."id")
      AND NOT EXISTS (SELECT 1 FROM "declaration_signatory" s WHERE s."person_id" = p."id")
      AND NOT EXISTS (SELECT 1 FROM "affiliation" f WHERE f."person_id" = p."id")
    ORDER BY (SELECT count(*) FROM "mention" m WHERE m."person_id" = p."id") DESC, p."slug" LIMIT 3`;
}

beforeAll(async () => {
  await resetDatabase();
  await loadSeed(a());
  const gkg = await importPaths(a(), [GKG_FILE], { format: 'gkg' });
  expect(gkg.total.inserted).toBeGreaterThan(800);
  // A chain of merges: the third person into the second, then the second into the first.
  const [first, second, third] = await threePeople();
  const merge = (survivorId: number, mergedId: number) =>
    mergeEntities(a(), { type: 'person', survivorId, mergedId, actor: 'export test', apiKeyId: null });
  expect((await merge(second.id, third.id)).ok).toBe(true);
  expect((await merge(first.id, second.id)).ok).toBe(true);
  survivor = { slug: first.slug, merged: [third.slug, second.slug] };

  dump = await exportText(a());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-export-'));
  const file = path.join(dir, 'dump.ndjson');
  await writeFile(file, dump);
  b = await createSecondDatabase(`newsgraph_export_b_${process.pid}`);
  // One article at a time, so B's article ids follow the dump's order, as A's did: lists that tie
  // on their sort key (articles published the same second) break ties by id.
  const imported = await importPaths(b.prisma, [file], { format: 'json', concurrency: 1 });
  expect(imported.total.rejected).toBe(0);
}, LONG);

afterAll(async () => {
  await b?.drop();
});

const TABLES = [
  'source', 'article', 'article_author', 'article_topic', 'article_tone', 'person', 'organization', 'place', 'declaration',
  'declaration_provision', 'declaration_signatory', 'declaration_relation', 'affiliation', 'quote', 'event', 'event_participant',
] as const;
const WITH_EVIDENCE = ['declaration', 'declaration_provision', 'declaration_signatory', 'declaration_relation', 'affiliation', 'quote', 'event'] as const;

async function counts(db: PrismaClient): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const [row] = await db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "${t}"`);
    out[t] = row.n;
  }
  const [m] = await db.$queryRaw<Array<{ spans: number; implied: number }>>`
    SELECT count(*) FILTER (WHERE NOT "implied")::int AS spans, count(*) FILTER (WHERE "implied")::int AS implied FROM "mention"`;
  out['mention (spans)'] = m.spans;
  out['mention (implied)'] = m.implied;
  for (const t of WITH_EVIDENCE) {
    const [row] = await db.$queryRawUnsafe<Array<{ evidence: number; provenance: number }>>(
      `SELECT count(*) FILTER (WHERE "evidence_start" IS NOT NULL)::int AS evidence,
              ${t === 'quote' || t === 'event' ? 'count(*)' : 'count("article_id")'}::int AS provenance FROM "${t}"`,
    );
    out[`${t} evidence`] = row.evidence;
    out[`${t} provenance`] = row.provenance;
  }
  return out;
}

/** Rows named by slugs and URLs instead of ids, sorted: equal graphs give equal fingerprints. */
const FINGERPRINTS: Record<string, string> = {
  mention: `SELECT a."url", m."kind"::text, coalesce(p."slug", o."slug", pl."slug", d."slug") AS entity, m."start", m."end", m."implied"
    FROM "mention" m JOIN "article" a ON a."id" = m."article_id" LEFT JOIN "person" p ON p."id" = m."person_id"
    LEFT JOIN "organization" o ON o."id" = m."organization_id" LEFT JOIN "place" pl ON pl."id" = m."place_id"
    LEFT JOIN "declaration" d ON d."id" = m."declaration_id"`,
  affiliation: `SELECT p."slug" AS person, o."slug" AS org, f."title", f."valid_from"::text, f."valid_from_precision"::text, f."valid_to"::text,
      a."url", f."evidence_start", f."evidence_end"
    FROM "affiliation" f JOIN "person" p ON p."id" = f."person_id" JOIN "organization" o ON o."id" = f."organization_id"
    LEFT JOIN "article" a ON a."id" = f."article_id"`,
  quote: `SELECT a."url", p."slug" AS speaker, q."speaker_name", q."text", q."said_on"::text, q."setting", q."verb", q."evidence_start", q."evidence_end"
    FROM "quote" q JOIN "article" a ON a."id" = q."article_id" LEFT JOIN "person" p ON p."id" = q."speaker_id"`,
  signatory: `SELECT d."slug" AS declaration, p."slug" AS person, o."slug" AS org, pl."slug" AS place, s."role", a."url", s."evidence_start", s."evidence_end"
    FROM "declaration_signatory" s JOIN "declaration" d ON d."id" = s."declaration_id" LEFT JOIN "person" p ON p."id" = s."person_id"
    LEFT JOIN "organization" o ON o."id" = s."organization_id" LEFT JOIN "place" pl ON pl."id" = s."place_id"
    LEFT JOIN "article" a ON a."id" = s."article_id"`,
  provision: `SELECT d."slug", v."position", v."text", a."url", v."evidence_start", v."evidence_end" FROM "declaration_provision" v
    JOIN "declaration" d ON d."id" = v."declaration_id" LEFT JOIN "article" a ON a."id" = v."article_id"`,
  declaration: `SELECT d."slug", d."title", d."kind"::text, d."signed_on"::text, d."signed_precision"::text, pl."slug" AS place, d."summary",
      a."url", d."evidence_start", d."evidence_end"
    FROM "declaration" d LEFT JOIN "place" pl ON pl."id" = d."place_id" LEFT JOIN "article" a ON a."id" = d."article_id"`,
  event: `SELECT a."url", e."kind"::text, e."title", e."summary", e."occurred_on"::text, pl."slug" AS place, e."topics", e."award",
      e."evidence_start", e."evidence_end",
      (SELECT array_agg(concat(p."slug", '|', o."slug", '|', ep."role") ORDER BY ep."id") FROM "event_participant" ep
        LEFT JOIN "person" p ON p."id" = ep."person_id" LEFT JOIN "organization" o ON o."id" = ep."organization_id"
        WHERE ep."event_id" = e."id") AS participants
    FROM "event" e JOIN "article" a ON a."id" = e."article_id" LEFT JOIN "place" pl ON pl."id" = e."place_id"`,
  article: `SELECT a."url", a."title", a."body", a."published_at", a."language", a."feed", a."external_id", s."slug" AS source,
      (SELECT array_agg(t."topic" ORDER BY t."position") FROM "article_topic" t WHERE t."article_id" = a."id") AS topics,
      (SELECT array_agg(p."slug" ORDER BY w."position") FROM "article_author" w JOIN "person" p ON p."id" = w."person_id" WHERE w."article_id" = a."id") AS authors,
      (SELECT row_to_json(x) FROM (SELECT "tone", "positive", "negative", "polarity", "activity_density", "self_group_density", "word_count"
        FROM "article_tone" WHERE "article_id" = a."id") x)::text AS tone
    FROM "article" a JOIN "source" s ON s."id" = a."source_id"`,
  person: `SELECT p."slug", p."name", p."description", n."slug" AS nationality, p."wikidata_id" FROM "person" p LEFT JOIN "place" n ON n."id" = p."nationality_id"`,
  organization: `SELECT o."slug", o."name", o."aliases", o."kind"::text, o."description", c."slug" AS country, pa."slug" AS parent, o."wikidata_id"
    FROM "organization" o LEFT JOIN "place" c ON c."id" = o."country_id" LEFT JOIN "organization" pa ON pa."id" = o."parent_id"`,
  place: `SELECT p."slug", p."name", p."aliases", p."kind"::text, p."country_code", pa."slug" AS parent, p."latitude", p."longitude",
      p."wikidata_id", p."feature_id" FROM "place" p LEFT JOIN "place" pa ON pa."id" = p."parent_id"`,
};

async function fingerprint(db: PrismaClient, sql: string): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<unknown[]>(sql);
  return rows.map((r) => JSON.stringify(r)).sort();
}

describe('export → import into an empty database', () => {
  it('gives the same row, evidence and provenance counts per table', async () => {
    const [inA, inB] = [await counts(a()), await counts(b.prisma)];
    expect(inB).toEqual(inA);
    expect(inA.article).toBeGreaterThan(800);
    expect(inA['quote evidence']).toBeGreaterThan(0);
  });

  it.each(Object.keys(FINGERPRINTS))('gives the same %s rows, named by slug', async (name) => {
    expect(await fingerprint(b.prisma, FINGERPRINTS[name])).toEqual(await fingerprint(a(), FINGERPRINTS[name]));
  });

  it('keeps every alias, and adds the merged slugs to the survivor', async () => {
    const aliases = async (db: PrismaClient) =>
      new Map((await db.person.findMany({ select: { slug: true, aliases: true } })).map((p) => [p.slug, [...p.aliases].sort()]));
    const [inA, inB] = [await aliases(a()), await aliases(b.prisma)];
    inA.set(survivor.slug, [...inA.get(survivor.slug)!, ...survivor.merged].sort());
    expect(inB).toEqual(inA);
  });

  const QUERIES: Record<string, [string, Record<string, unknown>]> = {
    "a person's articles and quotes": [
      `query ($slug: String!) { person(slug: $slug) { name articles(first: 100) { totalCount nodes { url title } }
         quotes(first: 50) { nodes { text speakerName evidence { start end text article { url } } } } } }`,
      { slug: 'ilham-aliyev' },
    ],
    "the merged person's articles": [`query ($slug: String!) { person(slug: $slug) { name articles(first: 100) { totalCount nodes { url } } } }`, {}],
    'declaration signatories and provisions': [
      `{ declaration(slug: "shusha-declaration") { title kind signedOn signedOnPrecision place { slug }
          signatories { person { slug } organization { slug } country { slug } role evidence { start end text } }
          provisions { text evidence { text } } relatedDeclarations { kind description } } }`,
      {},
    ],
    "an article's mentions and facts": [
      `query ($url: String!) { article(url: $url) { title publishedAt language feed authors { slug } source { slug name }
          people { slug } organizations { slug } places { slug } declarations { slug }
          mentions { entity { __typename ... on Person { slug } ... on Organization { slug } ... on Place { slug } ... on Declaration { slug } }
                     evidence { start end text } }
          quotes { text speaker { slug } saidOn setting evidence { text } }
          events { kind title occurredOn participants { role person { slug } organization { slug } } evidence { text } }
          topics tone { tone wordCount } } }`,
      { url: SEED_URL },
    ],
    "a person's roles": [
      `{ person(slug: "zakir-hasanov") { nationality { slug } affiliations { title organization { slug country { slug } } evidence { text } } } }`,
      {},
    ],
  };

  it.each(Object.keys(QUERIES))('answers the same GraphQL query: %s', async (name) => {
    const [query, vars] = QUERIES[name];
    const variables = name.startsWith('the merged') ? { slug: survivor.slug } : vars;
    const inA = await gqlData<Record<string, unknown>>(query, variables);
    expect(Object.values(inA).every((v) => v !== null)).toBe(true);
    expect(await b.gqlData(query, variables)).toEqual(inA);
  });

  it("answers the same for a GDELT article's mentions, topics and tone", async () => {
    const [{ url }] = await a().$queryRaw<Array<{ url: string }>>`
      SELECT a."url" FROM "article" a WHERE a."feed" <> 'newsgraph' ORDER BY (SELECT count(*) FROM "mention" m WHERE m."article_id" = a."id") DESC, a."url" LIMIT 1`;
    const query = `query ($url: String!) { article(url: $url) { externalId people { slug } places { slug name country { slug } }
      mentions { entity { __typename ... on Person { slug } ... on Organization { slug } ... on Place { slug } } evidence { start end text } }
      quotes { text speakerName verb evidence { start end } } topics tone { tone positive negative polarity activityDensity selfGroupDensity wordCount } } }`;
    const inA = await gqlData<{ article: { mentions: unknown[] } }>(query, { url });
    expect(inA.article.mentions.length).toBeGreaterThan(0);
    expect(await b.gqlData(query, { url })).toEqual(inA);
  });
});

describe('the dump', () => {
  it('is valid documents, one a line', () => {
    const lines = dump.trimEnd().split('\n');
    for (const line of lines) expect(parseArticleDocument(JSON.parse(line)).ok).toBe(true);
  });

  it('names the survivor of a merge chain, never the merged slugs, and lists them as its aliases', () => {
    const docs = dump.trimEnd().split('\n').map((l) => JSON.parse(l) as ArticleDocument);
    const slugs = new Set(docs.flatMap((d) => d.people.map((p) => p.slug)));
    for (const merged of survivor.merged) expect(slugs.has(merged)).toBe(false);
    const entries = docs.flatMap((d) => d.people.filter((p) => p.slug === survivor.slug));
    expect(entries.length).toBeGreaterThan(0);
    for (const p of entries) expect(p.aliases).toEqual(expect.arrayContaining(survivor.merged));
  });

  it('is byte-identical when the imported database is exported again', async () => {
    expect(await exportText(b.prisma)).toBe(dump);
  });

  it('--since keeps only articles published on or after the date', async () => {
    const since = new Date('2023-07-02T00:00:00Z');
    const docs: ArticleDocument[] = [];
    for await (const d of exportDocuments(a(), { since, batchSize: 100 })) docs.push(d);
    const expected = await a().article.count({ where: { publishedAt: { gte: since } } });
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(await a().article.count());
    expect(docs.map((d) => d.article.url).sort()).toEqual(
      (await a().article.findMany({ where: { publishedAt: { gte: since } }, select: { url: true } })).map((r) => r.url).sort(),
    );
    expect(docs.every((d) => new Date(d.article.publishedAt) >= since)).toBe(true);
  });

  it('reads a fixed number of statements per batch, whatever the batch holds', async () => {
    const run = (batchSize: number) => countStatements(() => exportText(a(), { batchSize }));
    const articles = await a().article.count();
    const big = await run(1000); // one batch
    const small = await run(100); // ceil(articles / 100) batches
    const batches = Math.ceil(articles / 100);
    expect(big.statements).toBeLessThan(30);
    expect(small.statements).toBeLessThanOrEqual(batches * big.statements);
    expect(small.result).toBe(big.result);
  });
});

describe('npm run export', () => {
  function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl(), LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  }

  it('stops with exit code 1 when the reader goes away mid-dump', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', '--batch-size', '10'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl(), LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy()); // as `| head -1` does
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('stdout was closed before the dump was complete');
  }, LONG);

  it('rejects an unknown format with exit code 2', async () => {
    const res = await run(['--format', 'csv']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('unknown --format csv: the only export format is ndjson');
    expect(res.stdout).toBe('');
  }, LONG);

  it('rejects a --since that is not a date with exit code 2', async () => {
    const res = await run(['--since', 'yesterday']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--since yesterday: not a date');
  }, LONG);

  it('writes the same dump on stdout, filtered by --since', async () => {
    const all = await run([]);
    expect(all.code).toBe(0);
    expect(all.stdout).toBe(dump);
    expect(all.stderr).toContain(`exported ${dump.trimEnd().split('\n').length} articles`);
    const recent = await run(['--format', 'ndjson', '--since', '2023-07-02']);
    expect(recent.code).toBe(0);
    expect(recent.stdout).toBe(await exportText(a(), { since: new Date('2023-07-02T00:00:00Z') }));
  }, LONG);
});

describe('a fact stated again by a later article', () => {
  const LATER = {
    version: 1,
    article: {
      url: 'https://example.com/2021-10-01/hasanov-again',
      title: 'Hasanov again',
      body: 'Defence Minister Zakir Hasanov met reporters.',
      publishedAt: '2021-10-01',
      language: 'en',
      source: { slug: 'example', name: 'Example', domain: 'example.com' },
    },
    people: [{ slug: 'zakir-hasanov', name: 'Zakir Hasanov', mentions: [{ start: 17, end: 30, text: 'Zakir Hasanov' }] }],
    // Named only through the role: the writer gives the article an implied mention of the ministry.
    organizations: [{ slug: 'azerbaijani-defence-ministry', name: 'Ministry of Defence of Azerbaijan' }],
    affiliations: [
      {
        person: 'zakir-hasanov',
        organization: 'azerbaijani-defence-ministry',
        title: 'Defence Minister',
        evidence: { start: 0, end: 30, text: 'Defence Minister Zakir Hasanov' },
      },
    ],
  };

  it('keeps its provenance with the first article, and reports the implied mention the dump cannot bring back', async () => {
    const c = await createSecondDatabase(`newsgraph_export_c_${process.pid}`);
    const d = await createSecondDatabase(`newsgraph_export_d_${process.pid}`);
    try {
      await loadSeed(c.prisma);
      expect((await storeDocument(c.prisma, LATER)).ok).toBe(true);
      const lost: Array<[string, number]> = [];
      const text = await exportText(c.prisma, { onUnrestoredImplied: (url, n) => lost.push([url, n]) });
      expect(lost).toEqual([[LATER.article.url, 1]]);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-export-'));
      await writeFile(path.join(dir, 'dump.ndjson'), text);
      const rejected: string[] = [];
      await importPaths(d.prisma, [path.join(dir, 'dump.ndjson')], { format: 'json', onIssue: (m, kind) => kind === 'rejected' && rejected.push(m) });
      expect(rejected).toEqual([]);
      expect(await fingerprint(d.prisma, FINGERPRINTS.affiliation)).toEqual(await fingerprint(c.prisma, FINGERPRINTS.affiliation));
      const [inC, inD] = [await counts(c.prisma), await counts(d.prisma)];
      expect(inD['mention (implied)']).toBe(inC['mention (implied)'] - 1);
      expect({ ...inD, 'mention (implied)': 0 }).toEqual({ ...inC, 'mention (implied)': 0 });
    } finally {
      await c.drop();
      await d.drop();
    }
  }, LONG);
});
