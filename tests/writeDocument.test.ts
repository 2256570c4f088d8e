/**
 * The document writer against a real migrated Postgres: idempotence, updates, shared entities,
 * provenance, concurrency and atomicity.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { parseArticleDocument, type ArticleDocument, type Evidence } from '../src/document/document.js';
import { deleteArticle } from '../src/services/articleWrites.js';
import { loadSeed, readSeedDocuments } from '../src/import/seed.js';
import { DocumentConflictError, writeDocument } from '../src/import/write/index.js';
import { mergeEntities } from '../src/services/merge.js';
import { getTestPrisma, resetDatabase } from './helpers/db.js';

// Documents are edited field by field to make variants; typing the raw JSON would only get in the way.
type Json = Record<string, any>;

const TABLES = [
  'source', 'article', 'article_author', 'person', 'organization', 'place', 'affiliation', 'declaration',
  'declaration_provision', 'declaration_signatory', 'declaration_relation', 'quote', 'mention', 'event', 'event_participant',
] as const;

const db = () => getTestPrisma();
let seedJson: Json;

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await db().$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[table] = row.n;
  }
  return counts;
}

function parse(json: Json): ArticleDocument {
  const parsed = parseArticleDocument(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues, null, 2));
  return parsed.document;
}

/** The seed, changed by `mutate` and validated again. */
function variant(mutate: (doc: Json) => void = () => {}): ArticleDocument {
  const doc = structuredClone(seedJson);
  mutate(doc);
  return parse(doc);
}

/** Every evidence object in a raw document, for editing in place. */
function evidenceIn(value: unknown): Evidence[] {
  if (Array.isArray(value)) return value.flatMap(evidenceIn);
  if (!value || typeof value !== 'object') return [];
  const obj = value as Json;
  if (typeof obj.start === 'number' && typeof obj.end === 'number' && typeof obj.text === 'string') return [obj as Evidence];
  return Object.values(obj).flatMap(evidenceIn);
}

/** The seed with `prefix` put before its body, every offset moved along. */
function withPrefix(prefix: string, mutate: (doc: Json) => void = () => {}): ArticleDocument {
  return variant((d) => {
    d.article.body = prefix + d.article.body;
    for (const e of evidenceIn(d)) {
      e.start += prefix.length;
      e.end += prefix.length;
    }
    mutate(d);
  });
}

function span(body: string, text: string): Evidence {
  const start = body.indexOf(text);
  if (start < 0) throw new Error(`"${text}" not in body`);
  return { start, end: start + text.length, text };
}

/** A small second article that shares entities with the seed. */
function otherArticle(over: { url?: string; source?: string; body?: string; mutate?: (d: Json) => void } = {}): ArticleDocument {
  const body = over.body ?? 'Defence Minister Zakir Hasanov received guests in Shusha, the ministry said.';
  const doc: Json = {
    version: 1,
    article: {
      url: over.url ?? 'https://example.test/other',
      title: 'Another article',
      body,
      publishedAt: '2021-10-01T09:30:00+04:00',
      language: 'en',
      source: { slug: over.source ?? 'example-news', name: 'Example News' },
    },
    places: [
      { slug: 'azerbaijan', name: 'Azerbaijan', kind: 'COUNTRY' },
      { slug: 'shusha', name: 'Shusha', kind: 'CITY', parent: 'azerbaijan', mentions: [span(body, 'Shusha')] },
    ],
    people: [{ slug: 'zakir-hasanov', name: 'Zakir Hasanov', mentions: [span(body, 'Zakir Hasanov')] }],
    organizations: [
      { slug: 'azerbaijani-defence-ministry', name: 'Azerbaijani Defence Ministry', kind: 'MINISTRY', mentions: [span(body, 'the ministry')] },
    ],
    affiliations: [
      {
        person: 'zakir-hasanov',
        organization: 'azerbaijani-defence-ministry',
        title: 'Defence Minister',
        evidence: span(body, 'Defence Minister Zakir Hasanov'),
      },
    ],
  };
  over.mutate?.(doc);
  return parse(doc);
}

async function articleBody(id: number): Promise<string> {
  return (await db().article.findUniqueOrThrow({ where: { id } })).body;
}

beforeEach(async () => {
  await resetDatabase();
  seedJson ??= JSON.parse(JSON.stringify((await readSeedDocuments())[0].document));
});

describe('writeDocument: idempotence', () => {
  it('inserts the seed, then reports it unchanged and writes nothing', async () => {
    const first = await writeDocument(db(), variant());
    expect(first.status).toBe('inserted');
    const counts = await rowCounts();
    const stored = await db().article.findUniqueOrThrow({ where: { id: first.articleId } });

    const second = await writeDocument(db(), variant());
    expect(second).toEqual({ status: 'unchanged', articleId: first.articleId });
    expect(await rowCounts()).toEqual(counts);
    expect((await db().article.findUniqueOrThrow({ where: { id: first.articleId } })).updatedAt).toEqual(stored.updatedAt);
    expect(stored.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stores every entity, fact and mention of the seed', async () => {
    const doc = variant();
    await writeDocument(db(), doc);
    expect(await rowCounts()).toEqual({
      source: 1,
      article: 1,
      article_author: 1,
      person: doc.people.length,
      organization: doc.organizations.length,
      place: doc.places.length,
      affiliation: doc.affiliations.length,
      declaration: doc.declarations.length,
      declaration_provision: doc.declarations.reduce((n, d) => n + d.provisions.length, 0),
      declaration_signatory: doc.declarations.reduce((n, d) => n + d.signatories.length, 0),
      declaration_relation: doc.declarationRelations.length,
      quote: doc.quotes.length,
      // The spans, and one implied mention per entity the article states facts about without naming (Vugar Khalilov, Azernews, Turkey's ministry).
      mention: [...doc.places, ...doc.people, ...doc.organizations, ...doc.declarations].reduce((n, e) => n + e.mentions.length, 0) + 3,
      event: doc.events.length,
      event_participant: doc.events.reduce((n, e) => n + e.participants.length, 0),
    });
  });

  it('loadSeed validates and writes prisma/seed/articles, and is idempotent', async () => {
    expect(await loadSeed(db())).toEqual({ articles: 1, inserted: 1, updated: 0, unchanged: 0 });
    expect(await loadSeed(db())).toEqual({ articles: 1, inserted: 0, updated: 0, unchanged: 1 });
  });

  it('writes documents in order, the repeat unchanged', async () => {
    const results = [];
    for (const doc of [variant(), otherArticle(), variant()]) results.push(await writeDocument(db(), doc));
    expect(results.map((r) => r.status)).toEqual(['inserted', 'inserted', 'unchanged']);
  });
});

describe('writeDocument: what is stored', () => {
  it('keeps evidence offsets that index the stored body', async () => {
    const doc = variant();
    const { articleId } = await writeDocument(db(), doc);
    const body = await articleBody(articleId);
    expect(body).toBe(doc.article.body);
    const spans = await db().$queryRaw<Array<{ s: number; e: number }>>`
      SELECT "evidence_start" AS s, "evidence_end" AS e FROM "affiliation" WHERE "evidence_start" IS NOT NULL
      UNION ALL SELECT "evidence_start", "evidence_end" FROM "declaration_provision"
      UNION ALL SELECT "evidence_start", "evidence_end" FROM "declaration_signatory"
      UNION ALL SELECT "evidence_start", "evidence_end" FROM "declaration_relation"
      UNION ALL SELECT "evidence_start", "evidence_end" FROM "declaration"
      UNION ALL SELECT "evidence_start", "evidence_end" FROM "quote"
      UNION ALL SELECT "evidence_start", "evidence_end" FROM "event" WHERE "evidence_start" IS NOT NULL
      UNION ALL SELECT "start", "end" FROM "mention" WHERE NOT "implied"`;
    const documented = new Set(evidenceIn(seedJson).map((e) => `${e.start}:${e.end}:${e.text}`));
    expect(spans.length).toBeGreaterThan(100);
    for (const { s, e } of spans) expect(documented).toContain(`${s}:${e}:${body.slice(s, e)}`);
  });

  it('answers who met the Turkish delegation on 27 September 2021', async () => {
    await writeDocument(db(), variant());
    const rows = await db().$queryRaw<Array<{ slug: string }>>`
      SELECT DISTINCT p."slug" FROM "event" e
      JOIN "event_participant" ep ON ep."event_id" = e."id" JOIN "person" p ON p."id" = ep."person_id"
      WHERE e."kind" = 'MEETING' AND e."occurred_on" = '2021-09-27' AND ep."role" = 'host'
        AND EXISTS (SELECT 1 FROM "event_participant" d JOIN "organization" o ON o."id" = d."organization_id"
                    WHERE d."event_id" = e."id" AND o."slug" = 'turkish-defence-delegation')
      ORDER BY p."slug"`;
    expect(rows.map((r) => r.slug)).toEqual(['karim-valiyev', 'nizam-osmanov', 'zakir-hasanov']);
  });

  it('stores partial dates with their precision, and parents and countries', async () => {
    await writeDocument(db(), variant());
    const shusha = await db().declaration.findUniqueOrThrow({ where: { slug: 'shusha-declaration' }, include: { place: true } });
    expect([shusha.signedOn?.toISOString().slice(0, 10), shusha.signedPrecision, shusha.place?.slug]).toEqual(['2021-01-01', 'YEAR', 'shusha']);
    const memo = await db().declaration.findUniqueOrThrow({ where: { slug: 'azerbaijan-turkey-memorandum-of-alliance' } });
    expect([memo.signedOn?.toISOString().slice(0, 10), memo.signedPrecision]).toEqual(['2021-06-15', 'DAY']);
    const dept = await db().organization.findUniqueOrThrow({
      where: { slug: 'azerbaijani-defence-ministry-main-logistics-department' },
      include: { parent: true, country: true },
    });
    expect([dept.kind, dept.parent?.slug, dept.country?.slug]).toEqual(['DEPARTMENT', 'azerbaijani-defence-ministry', 'azerbaijan']);
    const kars = await db().place.findUniqueOrThrow({ where: { slug: 'kars' }, include: { parent: true } });
    expect(kars.parent?.slug).toBe('turkey');
    const article = await db().article.findFirstOrThrow({ include: { authors: { include: { person: true } }, source: true } });
    expect(article.publishedAt.toISOString()).toBe('2021-09-28T00:00:00.000Z');
    expect(article.authors.map((a) => a.person.slug)).toEqual(['vugar-khalilov']);
    expect(article.source).toMatchObject({ slug: 'azernews', domain: 'azernews.az' });
  });
});

describe('writeDocument: updates', () => {
  it('updates a changed document in place, without duplicates', async () => {
    const { articleId } = await writeDocument(db(), variant());
    const before = await rowCounts();
    const changed = variant((d) => {
      d.article.title = 'A corrected headline';
      d.people.find((p: Json) => p.slug === 'zakir-hasanov').mentions.pop();
      d.events[0].topics.push('defence industry');
    });
    expect(await writeDocument(db(), changed)).toEqual({ status: 'updated', articleId });
    expect(await rowCounts()).toEqual({ ...before, mention: before.mention - 1 });
    expect((await db().article.findUniqueOrThrow({ where: { id: articleId } })).title).toBe('A corrected headline');
    expect(await writeDocument(db(), changed)).toEqual({ status: 'unchanged', articleId });
  });

  it('moves every fact’s evidence along when the body changes', async () => {
    const { articleId } = await writeDocument(db(), variant());
    const before = await rowCounts();
    const prefix = 'Updated 29 September: a correction was made.\n\n';
    expect((await writeDocument(db(), withPrefix(prefix))).status).toBe('updated');
    expect(await rowCounts()).toEqual(before);
    const body = await articleBody(articleId);
    const hasanov = await db().affiliation.findFirstOrThrow({ where: { title: 'Defence Minister' } });
    expect(body.slice(hasanov.evidenceStart!, hasanov.evidenceEnd!)).toBe('Defence Minister Zakir Hasanov');
    const provisions = await db().declarationProvision.findMany({ orderBy: { position: 'asc' } });
    expect(provisions.map((p) => body.slice(p.evidenceStart!, p.evidenceEnd!))[0]).toBe(
      'It affirms joint efforts by the two armies in the face of foreign threats.',
    );
    const relation = await db().declarationRelation.findFirstOrThrow();
    expect(body.slice(relation.evidenceStart!, relation.evidenceEnd!)).toMatch(/^the Shusha Declaration is as important as the Treaty of Kars/);
    const declaration = await db().declaration.findUniqueOrThrow({ where: { slug: 'treaty-of-kars' } });
    expect(body.slice(declaration.evidenceStart!, declaration.evidenceEnd!)).toBe('the Treaty of Kars signed 100 years ago');
  });

  it('drops what a new version no longer states, keeping shared facts without its provenance', async () => {
    const { articleId } = await writeDocument(db(), variant());
    await writeDocument(
      db(),
      variant((d) => {
        d.affiliations = d.affiliations.filter((a: Json) => a.person !== 'cahit-bagci');
        const shusha = d.declarations.find((x: Json) => x.slug === 'shusha-declaration');
        shusha.provisions.pop();
        shusha.signatories.pop();
        d.quotes.pop();
      }),
    );
    const bagci = await db().affiliation.findFirstOrThrow({ where: { person: { slug: 'cahit-bagci' } } });
    expect([bagci.articleId, bagci.evidenceStart]).toEqual([null, null]);
    const shusha = await db().declaration.findUniqueOrThrow({
      where: { slug: 'shusha-declaration' },
      include: { provisions: true, signatories: true },
    });
    expect(shusha.provisions).toHaveLength(4);
    expect(shusha.signatories).toHaveLength(1);
    expect(shusha.articleId).toBe(articleId);
    expect(await db().quote.count()).toBe(1);
  });
});

describe('writeDocument: shared entities and provenance', () => {
  it('fills in entities instead of overwriting them; names and aliases accumulate', async () => {
    await writeDocument(db(), variant());
    await writeDocument(
      db(),
      otherArticle({
        mutate: (d) => {
          d.people[0].name = 'Zakir Hasanov Akif oglu';
          d.people[0].aliases = ['Z. Hasanov'];
          d.people[0].description = 'Something else.';
        },
      }),
    );
    const hasanov = await db().person.findUniqueOrThrow({ where: { slug: 'zakir-hasanov' } });
    expect(hasanov.name).toBe('Zakir Hasanov');
    expect(hasanov.description).toBe('Defence Minister of Azerbaijan.');
    expect(hasanov.aliases).toEqual(['Zakir Həsənov', 'Z. Hasanov', 'Zakir Hasanov Akif oglu']);
    const ministry = await db().organization.findUniqueOrThrow({ where: { slug: 'azerbaijani-defence-ministry' } });
    expect(ministry.name).toBe('Ministry of Defence of Azerbaijan');
    expect(ministry.aliases.filter((a) => a === 'Azerbaijani Defence Ministry')).toHaveLength(1);
    expect(await db().person.count({ where: { slug: 'zakir-hasanov' } })).toBe(1);
  });

  it('gives a shared fact’s provenance to the first article stating it, and passes it on when that one goes', async () => {
    const seed = await writeDocument(db(), variant());
    const other = await writeDocument(db(), otherArticle());
    const role = () => db().affiliation.findFirstOrThrow({ where: { title: 'Defence Minister', person: { slug: 'zakir-hasanov' } } });
    expect((await role()).articleId).toBe(seed.articleId);
    expect(await db().affiliation.count({ where: { title: 'Defence Minister' } })).toBe(1);

    await deleteArticle(db(), seed.articleId);
    expect((await role()).articleId).toBeNull();
    const rewritten = otherArticle({ mutate: (d) => (d.article.title = 'Another article, revised') });
    expect((await writeDocument(db(), rewritten)).status).toBe('updated');
    const claimed = await role();
    expect(claimed.articleId).toBe(other.articleId);
    expect((await articleBody(other.articleId)).slice(claimed.evidenceStart!, claimed.evidenceEnd!)).toBe('Defence Minister Zakir Hasanov');
  });

  it('refines a year-precise signing date with a day inside it, but does not contradict it', async () => {
    await writeDocument(db(), variant());
    const statesShusha = (url: string, signed: string) => {
      const body = 'The Shusha Declaration was signed in Shusha.';
      return parse({
        version: 1,
        article: { url, title: 'Shusha', body, publishedAt: '2021-10-01', language: 'en', source: { slug: 'example-news', name: 'Example' } },
        places: [{ slug: 'shusha', name: 'Shusha', mentions: [{ start: body.lastIndexOf('Shusha'), end: body.lastIndexOf('Shusha') + 6, text: 'Shusha' }] }],
        declarations: [
          { slug: 'shusha-declaration', title: 'Shusha Declaration', signed, place: 'shusha', mentions: [span(body, 'The Shusha Declaration')] },
        ],
      });
    };
    await writeDocument(db(), statesShusha('https://example.test/a', '2020-05-05'));
    let shusha = await db().declaration.findUniqueOrThrow({ where: { slug: 'shusha-declaration' } });
    expect([shusha.signedOn?.toISOString().slice(0, 10), shusha.signedPrecision]).toEqual(['2021-01-01', 'YEAR']);
    await writeDocument(db(), statesShusha('https://example.test/b', '2021-06-15'));
    shusha = await db().declaration.findUniqueOrThrow({ where: { slug: 'shusha-declaration' } });
    expect([shusha.signedOn?.toISOString().slice(0, 10), shusha.signedPrecision]).toEqual(['2021-06-15', 'DAY']);
    expect(shusha.title).toBe('Shusha Declaration on Allied Relations');
  });

  it('does not resurrect a person merged away: their slug leads to the survivor', async () => {
    const { articleId } = await writeDocument(db(), variant());
    const survivor = await db().person.create({ data: { slug: 'erdogan', name: 'Recep Tayyip Erdoğan' } });
    const merged = await db().person.findUniqueOrThrow({ where: { slug: 'recep-tayyip-erdogan' } });
    const result = await mergeEntities(db(), { type: 'person', survivorId: survivor.id, mergedId: merged.id, actor: 'test', apiKeyId: null });
    expect(result.ok).toBe(true);
    const people = await db().person.count();

    expect((await writeDocument(db(), variant((d) => (d.article.title = 'Re-imported')))).status).toBe('updated');
    expect(await db().person.count()).toBe(people);
    expect(await db().person.findUnique({ where: { slug: 'recep-tayyip-erdogan' } })).toBeNull();
    const mentions = await db().mention.count({ where: { articleId, personId: survivor.id } });
    expect(mentions).toBe(1);
    const signatory = await db().declarationSignatory.findFirstOrThrow({ where: { role: 'President of Turkey' } });
    expect(signatory.personId).toBe(survivor.id);
  });
});

describe('writeDocument: concurrency', () => {
  it('stores the same document written many times at once exactly once', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => writeDocument(db(), variant())));
    expect(results.map((r) => r.status).sort()).toEqual(['inserted', 'unchanged', 'unchanged', 'unchanged']);
    expect(new Set(results.map((r) => r.articleId)).size).toBe(1);
    const counts = await rowCounts();
    await resetDatabase();
    await writeDocument(db(), variant());
    expect(await rowCounts()).toEqual(counts);
  });

  it('writes overlapping documents at once without duplicate entities or facts', async () => {
    for (let round = 0; round < 3; round++) {
      await resetDatabase();
      const docs = [
        variant(),
        // The same entities under another URL and source, listed in reverse order.
        variant((d) => {
          d.article.url = 'https://example.test/copy';
          d.article.source = { slug: 'copycat', name: 'Copycat' };
          for (const list of ['places', 'people', 'organizations', 'declarations']) d[list].reverse();
        }),
        otherArticle({ url: 'https://example.test/1', source: 'one' }),
        otherArticle({ url: 'https://example.test/2', source: 'two' }),
      ];
      const results = await Promise.all(docs.map((doc) => writeDocument(db(), doc)));
      expect(results.map((r) => r.status)).toEqual(['inserted', 'inserted', 'inserted', 'inserted']);
      const seed = docs[0];
      const counts = await rowCounts();
      expect(counts).toMatchObject({
        article: 4,
        source: 4,
        person: seed.people.length,
        organization: seed.organizations.length,
        place: seed.places.length,
        declaration: seed.declarations.length,
        affiliation: seed.affiliations.length,
        declaration_relation: 1,
        // Provisions and signatories are recorded once, by whichever article came first.
        declaration_provision: seed.declarations.reduce((n, d) => n + d.provisions.length, 0),
        declaration_signatory: seed.declarations.reduce((n, d) => n + d.signatories.length, 0),
        quote: 2 * seed.quotes.length,
        event: 2 * seed.events.length,
      });
    }
  });
});

describe('writeDocument: atomicity', () => {
  it('leaves nothing behind when a write fails midway (a unique Wikidata id taken)', async () => {
    await db().person.create({ data: { slug: 'someone-else', name: 'Someone Else', wikidataId: 'Q999999' } });
    const before = await rowCounts();
    // People are written after places and organizations, and zakir-hasanov last of them.
    const doc = variant((d) => (d.people.find((p: Json) => p.slug === 'zakir-hasanov').wikidataId = 'Q999999'));
    const error = await writeDocument(db(), doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentConflictError);
    expect(error).toMatchObject({ constraint: 'person_wikidata_id_key', message: expect.stringMatching(/person Wikidata id/) });
    expect(await rowCounts()).toEqual(before);
  });

  it('leaves nothing behind when the article itself conflicts (feed and external id taken)', async () => {
    const src = await db().source.create({ data: { slug: 'elsewhere', name: 'Elsewhere' } });
    await db().article.create({
      data: { url: 'https://example.test/x', title: 'x', publishedAt: new Date(), sourceId: src.id, externalId: 'azernews-184035' },
    });
    const before = await rowCounts();
    await expect(writeDocument(db(), variant((d) => (d.article.externalId = 'azernews-184035')))).rejects.toThrow(
      /article feed and externalId/,
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('keeps the previous version intact when an update fails', async () => {
    const { articleId } = await writeDocument(db(), variant());
    const stored = await db().article.findUniqueOrThrow({ where: { id: articleId } });
    const before = await rowCounts();
    await db().declaration.create({ data: { slug: 'another-treaty', title: 'Another treaty', wikidataId: 'Q888888' } });
    const bad = variant((d) => {
      d.article.title = 'Should not be stored';
      d.people.pop();
      d.article.authors = [];
      d.affiliations = d.affiliations.filter((a: Json) => a.person !== 'vugar-khalilov');
      d.declarations[3].wikidataId = 'Q888888';
    });
    await expect(writeDocument(db(), bad)).rejects.toThrow();
    expect(await rowCounts()).toEqual({ ...before, declaration: before.declaration + 1 });
    expect(await db().article.findUniqueOrThrow({ where: { id: articleId } })).toEqual(stored);
  });
});
