/**
 * Importing the GDELT GKG sample batch into a real database: what is stored, entity resolution,
 * the GraphQL API over it, idempotence, and concurrent imports.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gkgLineToRecord } from '../src/import/gkg/toDocument.js';
import { nameKey } from '../src/import/names.js';
import type { SourceRecord } from '../src/import/records.js';
import { importPaths, importRecords } from '../src/import/importer.js';
import { loadSeed } from '../src/import/seed.js';
import { getTestPrisma, resetDatabase } from './helpers/db.js';
import { GKG_FILE, gkgColumns, gkgLine, gkgLines } from './helpers/gkg.js';
import { gqlData } from './helpers/server.js';

const db = () => getTestPrisma();
const LONG = 120_000;

beforeEach(resetDatabase);

async function counts(): Promise<Record<string, number>> {
  const [row] = await db().$queryRaw<Array<Record<string, number>>>`
    SELECT (SELECT count(*)::int FROM "article") AS articles, (SELECT count(*)::int FROM "person") AS people,
           (SELECT count(*)::int FROM "organization") AS organizations, (SELECT count(*)::int FROM "place") AS places,
           (SELECT count(*)::int FROM "mention") AS mentions, (SELECT count(*)::int FROM "quote") AS quotes,
           (SELECT count(*)::int FROM "source") AS sources, (SELECT count(*)::int FROM "article_topic") AS topics,
           (SELECT count(*)::int FROM "article_tone") AS tones, (SELECT count(*)::int FROM "article_author") AS authors`;
  return row;
}

/** Distinct normalized names of one `Name,offset;…` column over the whole file. */
function distinctNames(column: 'V2Persons' | 'V2Organizations'): Set<string> {
  const keys = new Set<string>();
  for (const line of gkgLines()) {
    for (const entry of gkgColumns(line)[column].split(';')) if (entry) keys.add(nameKey(entry.slice(0, entry.lastIndexOf(','))));
  }
  return keys;
}

function recordsOf(lines: string[], file = 'test.tsv'): AsyncIterable<SourceRecord> {
  return (async function* () {
    for (const [i, line] of lines.entries()) {
      const { label, ...result } = gkgLineToRecord(line);
      yield { file, line: i + 1, label, result };
    }
  })();
}

async function importFile() {
  return importPaths(db(), [GKG_FILE], { format: 'gkg' });
}

describe('importing the GDELT GKG batch', () => {
  it('stores every record with its provenance, one entity per normalized name, answers GraphQL queries, and re-imports as unchanged', async () => {
    const first = await importFile();
    expect(first.total).toEqual({ inserted: 856, updated: 0, unchanged: 0, rejected: 0, warnings: 1 });
    const after = await counts();
    expect(after).toMatchObject({ articles: 856, tones: 856, quotes: 369 });

    // Provenance on every article.
    const [prov] = await db().$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM "article" WHERE "feed" = 'gdelt-gkg' AND "external_id" LIKE '20230702153000-%' AND "body" = ''`;
    expect(prov.n).toBe(856);

    // One person per normalized name: the people mentioned are exactly the file's distinct names.
    const [mentioned] = await db().$queryRaw<Array<{ people: number; organizations: number }>>`
      SELECT count(DISTINCT "person_id")::int AS people, count(DISTINCT "organization_id")::int AS organizations FROM "mention"`;
    expect(mentioned.people).toBe(distinctNames('V2Persons').size);
    expect(mentioned.organizations).toBe(distinctNames('V2Organizations').size);
    expect(after.organizations).toBe(distinctNames('V2Organizations').size);

    // A known name is one person, mentioned by every record that names it.
    const pawar = await db().person.findMany({ where: { slug: { in: ['ajit-pawar', 'sharad-pawar'] } }, orderBy: { slug: 'asc' } });
    expect(pawar.map((p) => p.name)).toEqual(['Ajit Pawar', 'Sharad Pawar']);
    const namingAjit = gkgLines().filter((l) => /(^|;)Ajit Pawar,/.test(gkgColumns(l).V2Persons)).length;
    const [ajit] = await db().$queryRaw<Array<{ n: number }>>`
      SELECT count(DISTINCT "article_id")::int AS n FROM "mention" WHERE "person_id" = ${pawar[0].id}`;
    expect(ajit.n).toBe(namingAjit);
    // People who share a surname stay apart.
    const bidens = await db().person.findMany({ where: { name: { endsWith: ' Biden' } }, select: { name: true } });
    expect(bidens.map((p) => p.name).sort()).toEqual(['Hunter Biden', 'Jill Biden', 'Joe Biden', 'Lady Jill Biden']);

    // Countries are resolved by code: the US is one place, whatever word the article used.
    const us = await db().place.findMany({ where: { countryCode: 'US', kind: 'COUNTRY' } });
    expect(us.map((p) => p.slug)).toEqual(['united-states']);

    await expectGraphQlAnswers();
    await expectTopicsAndTone();

    const again = await importFile();
    expect(again.total).toEqual({ inserted: 0, updated: 0, unchanged: 856, rejected: 0, warnings: 1 });
    expect(await counts()).toEqual(after);
  }, LONG);

  it('ends in the same state when two imports of the file run at once as when they run one after the other', async () => {
    await importFile();
    await importFile();
    const sequential = await counts();
    await resetDatabase();
    const [a, b] = await Promise.all([importFile(), importFile()]);
    expect(a.total.rejected + b.total.rejected).toBe(0);
    expect(a.total.inserted + b.total.inserted).toBe(856);
    expect(a.total.inserted + a.total.unchanged + b.total.inserted + b.total.unchanged).toBe(2 * 856);
    expect(await counts()).toEqual(sequential);
  }, LONG);
});

/** The GraphQL API over the imported batch: who an article mentions, which articles mention an organization, quotes and their articles. */
async function expectGraphQlAnswers(): Promise<void> {
    const first = gkgColumns(gkgLines()[0]);
    const { article } = await gqlData(`query($url: String!) { article(url: $url) {
        title feed externalId body source { name } people { name } places { name } } }`, { url: first.DocumentIdentifier });
    expect(article).toMatchObject({ title: 'Hunt for suspects after shooting at street party leaves two dead', feed: 'gdelt-gkg', externalId: '20230702153000-0', body: '' });
    expect(article.people.map((p: { name: string }) => p.name).sort()).toEqual(['Brandon Scott', 'Julio Cortez', 'Lakell Nelson', 'Richard Worley']);
    expect(article.places.map((p: { name: string }) => p.name)).toEqual(['Kansas, United States']);

    const mentioningCourt = gkgLines().filter((l) => /(^|;)Supreme Court,/.test(gkgColumns(l).V2Organizations));
    const { organization } = await gqlData(`{ organization(slug: "supreme-court") { name articles(first: 100) { totalCount nodes { url } } } }`);
    expect(organization.name).toBe('Supreme Court');
    expect(organization.articles.totalCount).toBe(mentioningCourt.length);
    expect(organization.articles.nodes.map((n: { url: string }) => n.url).sort()).toEqual(
      mentioningCourt.map((l) => gkgColumns(l).DocumentIdentifier).sort(),
    );

    const quoted = gkgLines().find((l) => gkgColumns(l).Quotations.split('#').filter(Boolean).length >= 2)!;
    const expected = gkgColumns(quoted).Quotations.split('#').filter(Boolean).map((q) => q.split('|').slice(3).join('|').replace(/\s+/g, ' ').trim());
    const { article: withQuotes } = await gqlData(`query($url: String!) { article(url: $url) { quotes { text speaker { name } article { url } } } }`, {
      url: gkgColumns(quoted).DocumentIdentifier,
    });
    expect(withQuotes.quotes.map((q: { text: string }) => q.text)).toEqual(expected);
    for (const q of withQuotes.quotes) expect(q).toMatchObject({ speaker: null, article: { url: gkgColumns(quoted).DocumentIdentifier } });
}

/** Topics and tone as stored (what Article.topics and Article.tone read). */
async function expectTopicsAndTone(): Promise<void> {
  const first = await db().article.findUniqueOrThrow({ where: { url: gkgColumns(gkgLines()[0]).DocumentIdentifier } });
  const topics = await db().articleTopic.findMany({ where: { articleId: first.id }, orderBy: { position: 'asc' }, take: 2 });
  expect(topics).toEqual([
    { articleId: first.id, topic: 'LEADER', position: 0 },
    { articleId: first.id, topic: 'TAX_FNCACT_MAYOR', position: 1 },
  ]);
  expect(await db().articleTone.findUnique({ where: { articleId: first.id } })).toEqual({
    articleId: first.id, tone: -5.99078341013825, positive: 1.38248847926267, negative: 7.37327188940092, polarity: 8.75576036866359,
    activityDensity: 23.5023041474654, selfGroupDensity: 2.61136712749616, wordCount: 613,
  });
}

describe('entity resolution across feeds', () => {
  it('resolves GKG names to the seed’s people and places, and never on a lone surname', async () => {
    await loadSeed(db());
    const seedPeople = await db().person.count();
    const line = gkgLine({
      DocumentIdentifier: 'https://example.test/erdogan',
      V2Persons: 'Recep Tayyip Erdoğan,10;Zakir Hasanov,40;Erdogan,90',
      V2Organizations: '',
      V2Locations: '1#Azerbaijani#AJ#AJ##40.5#47.5#AJ#60;1#Turkish#TU#TU##39#35#TU#70',
    });
    const summary = await importRecords(db(), recordsOf([line]), {});
    expect(summary.total.inserted).toBe(1);
    const article = await db().article.findUniqueOrThrow({ where: { url: 'https://example.test/erdogan' } });
    const mentioned = await db().mention.findMany({ where: { articleId: article.id }, include: { person: true, place: true } });
    expect(mentioned.filter((m) => m.person).map((m) => m.person!.slug).sort()).toEqual(['erdogan', 'recep-tayyip-erdogan', 'zakir-hasanov']);
    expect(mentioned.filter((m) => m.place).map((m) => m.place!.slug).sort()).toEqual(['azerbaijan', 'turkey']);
    // "Erdogan" alone is a new person: a lone surname identifies no one.
    expect(await db().person.count()).toBe(seedPeople + 1);
    expect(await db().place.count({ where: { kind: 'COUNTRY', countryCode: 'TR' } })).toBe(1);
  });

  it('resolves by a stored alias when it is unambiguous, and not when two people share it', async () => {
    const erdogan = await db().person.create({ data: { slug: 'r-t-erdogan', name: 'R. T. Erdoğan', aliases: ['Recep Tayyip Erdoğan'] } });
    await db().person.create({ data: { slug: 'john-smith-1', name: 'John Smith (footballer)', aliases: ['John Smith'] } });
    await db().person.create({ data: { slug: 'john-smith-2', name: 'John Smith (politician)', aliases: ['John Smith'] } });
    await importRecords(db(), recordsOf([gkgLine({ V2Persons: 'Recep Tayyip Erdogan,10;John Smith,30', V2Organizations: '' })]), {});
    const people = await db().person.findMany({ orderBy: { slug: 'asc' }, select: { slug: true, _count: { select: { mentions: true } } } });
    expect(people).toEqual([
      { slug: 'john-smith', _count: { mentions: 1 } },
      { slug: 'john-smith-1', _count: { mentions: 0 } },
      { slug: 'john-smith-2', _count: { mentions: 0 } },
      { slug: erdogan.slug, _count: { mentions: 1 } },
    ]);
  });

  it('resolves a place by its gazetteer feature id whatever its spelling, and a source by its domain', async () => {
    const src = await db().source.create({ data: { slug: 'westmorland-gazette', name: 'The Westmorland Gazette', domain: 'thewestmorlandgazette.co.uk' } });
    const loc = (name: string) => `4#${name}, Karnataka, India#IN#IN19#17688#12.9833#77.5833#-2090174#5`;
    await importRecords(db(), recordsOf([
      gkgLine({ GKGRECORDID: '20230702153000-901', DocumentIdentifier: 'https://example.test/1', V2Locations: loc('Bengaluru') }),
      gkgLine({ GKGRECORDID: '20230702153000-902', DocumentIdentifier: 'https://example.test/2', V2Locations: loc('Bangalore') }),
    ]), { concurrency: 1 });
    const cities = await db().place.findMany({ where: { kind: 'CITY' } });
    expect(cities).toMatchObject([{ slug: 'bengaluru-karnataka-india', featureId: 'gns:-2090174', aliases: ['Bangalore, Karnataka, India'] }]);
    expect(await db().article.count({ where: { sourceId: src.id } })).toBe(2);
  });
});

describe('quotes', () => {
  it('stores the verb and offsets of a GKG quotation, with no speaker', async () => {
    await importRecords(db(), recordsOf([gkgLine({ Quotations: '538|33|warned|We will not back down' })]), {});
    expect(await db().quote.findMany({ select: { text: true, verb: true, speakerId: true, speakerName: true, evidenceStart: true, evidenceEnd: true } })).toEqual([
      { text: 'We will not back down', verb: 'warned', speakerId: null, speakerName: null, evidenceStart: 538, evidenceEnd: 571 },
    ]);
  });
});

describe('bad input', () => {
  async function tempFile(name: string, text: string): Promise<string> {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'newsgraph-ingest-')), name);
    await writeFile(file, text);
    return file;
  }

  it('rejects a bad record naming file, line, record id and field, and imports the rest', async () => {
    const lines = gkgLines().slice(0, 3);
    const bad = gkgLine({ GKGRECORDID: '20230702153000-16', V2Tone: '1,2' }, lines[1]);
    const file = await tempFile('data.tsv', [lines[0], bad, lines[2]].join('\n'));
    const issues: string[] = [];
    const summary = await importPaths(db(), [file], { format: 'gkg', onIssue: (m) => issues.push(m) });
    expect(summary.total).toMatchObject({ inserted: 2, rejected: 1 });
    expect(issues).toEqual([`${file}:2 (GKGRECORDID 20230702153000-16): V2Tone: expected 7 comma-separated numbers, got "1,2"`]);
    expect(await db().article.count()).toBe(2);
  });

  it('writes nothing with strict when anything is rejected', async () => {
    const lines = gkgLines().slice(0, 3);
    const file = await tempFile('data.tsv', [lines[0], lines[1], 'garbage'].join('\n'));
    const summary = await importPaths(db(), [file], { format: 'gkg', strict: true });
    expect(summary).toMatchObject({ aborted: true, total: { inserted: 0, rejected: 1 } });
    expect(await db().article.count()).toBe(0);
    const good = await tempFile('good.tsv', lines.join('\n'));
    expect((await importPaths(db(), [good], { format: 'gkg', strict: true })).total.inserted).toBe(3);
  });
});
