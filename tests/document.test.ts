/**
 * The article document format and the seed document. Pure: no database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPath, parseArticleDocument, type ArticleDocument, type DocumentIssue } from '../src/document/document.js';
import { canonicalJson } from '../src/document/format.js';
import { renderDocumentJsonSchema } from '../src/document/jsonSchema.js';

const SEED_FILE = fileURLToPath(
  new URL('../prisma/seed/articles/azernews-2021-09-28-azerbaijan-turkey-military-cooperation.json', import.meta.url),
);
const SOURCE_TEXT = fileURLToPath(
  new URL('./fixtures/seed/azernews-2021-09-28-azerbaijan-turkey-military-cooperation.txt', import.meta.url),
);
const SCHEMA_FILE = fileURLToPath(new URL('../docs/article-document.schema.json', import.meta.url));

// Test data is mutated freely, field by field, to break it: typing it would only get in the way.
type Json = Record<string, any>;

const rawSeed = (): Json => JSON.parse(readFileSync(SEED_FILE, 'utf8'));

function seed(): ArticleDocument {
  const parsed = parseArticleDocument(rawSeed());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues, null, 2));
  return parsed.document;
}

/** The issues of a seed changed by `mutate` (which must make it invalid). */
function issuesOf(mutate: (doc: Json) => void): DocumentIssue[] {
  const doc = rawSeed();
  mutate(doc);
  const parsed = parseArticleDocument(doc);
  if (parsed.ok) throw new Error('expected the document to be rejected');
  return parsed.issues;
}

function expectIssue(issues: DocumentIssue[], path: string, message: RegExp) {
  expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
}

/** Every evidence object in a JSON value: `{ path, start, end, text }`, found independently of the validator. */
function allEvidence(value: unknown, path = ''): Array<{ path: string; start: number; end: number; text: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => allEvidence(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  const obj = value as Json;
  if (typeof obj.start === 'number' && typeof obj.end === 'number' && typeof obj.text === 'string' && Object.keys(obj).length === 3) {
    return [{ path, start: obj.start, end: obj.end, text: obj.text }];
  }
  return Object.entries(obj).flatMap(([k, v]) => allEvidence(v, path ? `${path}.${k}` : k));
}

describe('the seed document', () => {
  const doc = seed();
  const body = doc.article.body;

  it('is a valid article document', () => {
    expect(parseArticleDocument(rawSeed())).toMatchObject({ ok: true });
  });

  it('has evidence whose text is exactly body.slice(start, end), everywhere', () => {
    const evidence = allEvidence(rawSeed());
    expect(evidence.length).toBeGreaterThan(100);
    for (const e of evidence) {
      expect({ path: e.path, text: body.slice(e.start, e.end) }).toEqual({ path: e.path, text: e.text });
    }
  });

  it.skipIf(!existsSync(SOURCE_TEXT))('keeps the article text exactly, minus header and byline', () => {
    const source = readFileSync(SOURCE_TEXT, 'utf8');
    expect(source.startsWith(' date 2021-09-28 By Azernews\n')).toBe(true);
    expect(source.endsWith(body)).toBe(true);
    expect(source.slice(0, source.length - body.length)).toMatch(/^ date 2021-09-28 By Azernews\n+By Vugar Khalilov\n+$/);
    expect(body).toContain('Azerbaijan\u2019s victory');
    expect(body).toContain('\u201cIn fact,');
  });

  it('states the article metadata', () => {
    expect(doc.article).toMatchObject({
      publishedAt: '2021-09-28',
      language: 'en',
      source: { slug: 'azernews', name: 'Azernews', domain: 'azernews.az' },
      authors: ['vugar-khalilov'],
    });
    expect(body.startsWith('Defence Minister Zakir Hasanov has said')).toBe(true);
  });

  it('lists every person, and every occurrence of their names is a mention', () => {
    const names: Record<string, string> = {
      'zakir-hasanov': 'Hasanov',
      'muhsin-dere': 'Dere',
      'karim-valiyev': 'Karim Valiyev',
      'nizam-osmanov': 'Nizam Osmanov',
      'ilham-aliyev': 'Ilham Aliyev',
      'recep-tayyip-erdogan': 'Recep Tayyip Erdogan',
      'cahit-bagci': 'Cahit Bagci',
    };
    expect(doc.people.map((p) => p.slug).sort()).toEqual([...Object.keys(names), 'vugar-khalilov'].sort());
    for (const [slug, name] of Object.entries(names)) {
      const person = doc.people.find((p) => p.slug === slug)!;
      const occurrences = [...body.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].map((m) => m.index);
      const mentioned = person.mentions.filter((m) => m.text!.includes(name)).map((m) => m.start + m.text!.indexOf(name));
      expect(mentioned, slug).toEqual(occurrences);
    }
  });

  it('has mentions for every entity except those named only outside the body', () => {
    const entities = [...doc.places, ...doc.people, ...doc.organizations, ...doc.declarations];
    const unmentioned = entities.filter((e) => e.mentions.length === 0).map((e) => e.slug);
    expect(unmentioned.sort()).toEqual(['azernews', 'turkish-ministry-of-national-defence', 'vugar-khalilov']);
  });

  it('has the organizations, places and aliases the article implies', () => {
    const org = (slug: string) => doc.organizations.find((o) => o.slug === slug)!;
    expect(org('azerbaijani-defence-ministry')).toMatchObject({ kind: 'MINISTRY', country: 'azerbaijan' });
    expect(org('azerbaijani-defence-ministry').aliases).toEqual(expect.arrayContaining(['Defence Ministry']));
    expect(org('azerbaijani-defence-ministry-main-logistics-department')).toMatchObject({ kind: 'DEPARTMENT', parent: 'azerbaijani-defence-ministry' });
    expect(org('turkish-defence-delegation')).toMatchObject({ kind: 'DELEGATION', parent: 'turkish-ministry-of-national-defence' });
    expect(org('anadolu-agency').kind).toBe('MEDIA');
    expect(org('azerbaijani-government').kind).toBe('GOVERNMENT');
    expect(org('turkish-army').kind).toBe('ARMED_FORCES');
    const place = (slug: string) => doc.places.find((p) => p.slug === slug)!;
    expect(place('shusha')).toMatchObject({ kind: 'CITY', parent: 'azerbaijan' });
    expect(place('karabakh')).toMatchObject({ kind: 'REGION', parent: 'azerbaijan' });
    expect(place('kars')).toMatchObject({ kind: 'CITY', parent: 'turkey' });
    expect(place('turkey').aliases).toContain('Türkiye');
    const person = (slug: string) => doc.people.find((p) => p.slug === slug)!;
    expect(person('recep-tayyip-erdogan').aliases).toContain('Erdoğan');
    expect(person('cahit-bagci').aliases).toContain('Cahit Bağcı');
  });

  it('states every role with evidence (but the byline one)', () => {
    const roles = doc.affiliations.map((a) => `${a.person} | ${a.title} | ${a.organization}`);
    expect(roles).toEqual(
      expect.arrayContaining([
        'zakir-hasanov | Defence Minister | azerbaijani-defence-ministry',
        'muhsin-dere | Deputy National Defence Minister | turkish-ministry-of-national-defence',
        'muhsin-dere | head of delegation | turkish-defence-delegation',
        'karim-valiyev | Deputy Defence Minister | azerbaijani-defence-ministry',
        'nizam-osmanov | head of the main logistics department | azerbaijani-defence-ministry-main-logistics-department',
        'ilham-aliyev | President | azerbaijani-government',
        'recep-tayyip-erdogan | President | turkish-government',
        'cahit-bagci | Ambassador | turkish-government',
      ]),
    );
    expect(doc.affiliations.filter((a) => !a.evidence).map((a) => a.person)).toEqual(['vugar-khalilov']);
  });

  it('has the four declarations with their dates, signatories and provisions', () => {
    const decl = (slug: string) => doc.declarations.find((d) => d.slug === slug)!;
    expect(decl('azerbaijan-turkey-1992-military-education-agreement')).toMatchObject({ kind: 'AGREEMENT', signed: '1992' });
    expect(decl('azerbaijan-turkey-1992-military-education-agreement').signatories.map((s) => s.organization)).toEqual([
      'azerbaijani-government',
      'turkish-government',
    ]);
    expect(decl('azerbaijan-turkey-memorandum-of-alliance')).toMatchObject({ kind: 'MEMORANDUM', signed: '2021-06-15' });
    expect(decl('azerbaijan-turkey-memorandum-of-alliance').signatories.map((s) => s.place)).toEqual(['azerbaijan', 'turkey']);
    const shusha = decl('shusha-declaration');
    expect(shusha).toMatchObject({ kind: 'DECLARATION', signed: '2021', place: 'shusha', aliases: ['Shusha Declaration'] });
    expect(shusha.signatories).toEqual([
      expect.objectContaining({ person: 'ilham-aliyev', place: 'azerbaijan', role: 'President of Azerbaijan' }),
      expect.objectContaining({ person: 'recep-tayyip-erdogan', place: 'turkey', role: 'President of Turkey' }),
    ]);
    expect(shusha.provisions).toHaveLength(5);
    expect(shusha.provisions.every((p) => p.evidence)).toBe(true);
    expect(decl('treaty-of-kars')).toMatchObject({ kind: 'TREATY', signed: '1921' });
    expect(doc.declarationRelations).toEqual([expect.objectContaining({ from: 'shusha-declaration', to: 'treaty-of-kars', kind: 'COMPARED_TO' })]);
  });

  it('quotes Aliyev and Bagci verbatim, inside the quotation marks', () => {
    expect(doc.quotes.map((q) => [q.speaker, q.saidOn])).toEqual([
      ['ilham-aliyev', '2021-09-27'],
      ['cahit-bagci', '2021-09-26'],
    ]);
    expect(doc.quotes[0]).toMatchObject({ setting: 'interview with Anadolu Agency', settingOrganization: 'anadolu-agency' });
    for (const q of doc.quotes) {
      expect(q.evidence!.text).toBe(q.text);
      expect(body[q.evidence!.start - 1]).toBe('\u201c');
      expect(body.slice(q.evidence!.end, q.evidence!.end + 2)).toBe(',\u201d');
    }
  });

  it('answers "who met the Turkish delegation on 27 September?" with Hasanov, Valiyev and Osmanov', () => {
    const meetings = doc.events.filter(
      (e) => e.kind === 'MEETING' && e.occurredOn === '2021-09-27' && e.participants.some((p) => p.organization === 'turkish-defence-delegation'),
    );
    const hosts = meetings.flatMap((e) => e.participants.filter((p) => p.role === 'host' && p.person).map((p) => p.person));
    expect(hosts.sort()).toEqual(['karim-valiyev', 'nizam-osmanov', 'zakir-hasanov']);
  });

  it('records the award, the interview, the statement and the signing', () => {
    const award = doc.events.find((e) => e.kind === 'AWARD')!;
    expect(award.award).toBe('For Service in the Field of Military Cooperation');
    expect(award.participants).toEqual([
      { person: 'zakir-hasanov', role: 'awarder' },
      { person: 'muhsin-dere', role: 'recipient' },
    ]);
    expect(doc.events.find((e) => e.kind === 'INTERVIEW')).toMatchObject({ occurredOn: '2021-09-27' });
    expect(doc.events.find((e) => e.kind === 'STATEMENT')).toMatchObject({ occurredOn: '2021-09-26' });
    expect(doc.events.find((e) => e.kind === 'SIGNING' && e.place === 'shusha')).toMatchObject({ occurredOn: '2021' });
  });
});

describe('parseArticleDocument rejects bad documents, naming the path', () => {
  it('evidence whose offsets do not match its text', () => {
    const issues = issuesOf((d) => {
      d.quotes[1].evidence.start += 1;
      d.quotes[1].evidence.end += 1;
    });
    const issue = issues.find((i) => i.path === 'quotes[1].evidence')!;
    expect(issue.message).toMatch(/does not match article\.body\.slice\(\d+, \d+\)/);
    expect(issue.message).toMatch(/expected "he Shusha Declaration is a step/);
    expect(issue.message).toMatch(/the document says "The Shusha Declaration is a step/);
    expect(issue.message).toMatch(/occurs at start \d+/);
  });

  it('a mention whose text is wrong', () => {
    expectIssue(
      issuesOf((d) => {
        d.people[0].mentions[1].text = 'Hasanow';
      }),
      'people[0].mentions[1]',
      /expected "Hasanov" but the document says "Hasanow"/,
    );
  });

  it('evidence past the end of the body, and empty or reversed spans', () => {
    expectIssue(
      issuesOf((d) => {
        const len = d.article.body.length;
        d.events[0].evidence = { start: len - 2, end: len + 5, text: 'xx' };
      }),
      'events[0].evidence',
      /runs past the end of article\.body/,
    );
    // A reversed span is a shape error: reported alone (the whole-document checks wait for a valid shape).
    const issues = issuesOf((d) => {
      d.events[1].evidence = { start: 10, end: 10, text: 'x' };
      d.events[0].evidence = { start: 0, end: 5, text: 'wrong' };
    });
    expect(issues).toEqual([{ path: 'events[1].evidence.end', message: 'end must be greater than start' }]);
  });

  it('evidence that cuts a surrogate pair', () => {
    const issues = issuesOf((d) => {
      d.article.body = `😀${d.article.body}`;
      d.places[0].mentions = [{ start: 1, end: 3, text: '\uDE00D' }];
    });
    expectIssue(issues, 'places[0].mentions[0]', /cuts a character in half/);
  });

  it('references to entities the document does not list', () => {
    const issues = issuesOf((d) => {
      d.affiliations[0].person = 'nobody';
      d.declarations[2].signatories[0].person = 'someone-else';
      d.events[0].participants[1].organization = 'no-such-org';
      d.organizations[3].parent = 'missing-parent';
      d.article.authors = ['ghost-writer'];
      d.quotes[0].settingOrganization = 'azerbaijan'; // a place slug is not an organization
    });
    expectIssue(issues, 'affiliations[0].person', /unknown person "nobody"/);
    expectIssue(issues, 'declarations[2].signatories[0].person', /unknown person "someone-else"/);
    expectIssue(issues, 'events[0].participants[1].organization', /unknown organization "no-such-org"/);
    expectIssue(issues, 'organizations[3].parent', /unknown organization "missing-parent"/);
    expectIssue(issues, 'article.authors[0]', /unknown person "ghost-writer"/);
    expectIssue(issues, 'quotes[0].settingOrganization', /unknown organization "azerbaijan"/);
  });

  it('bad partial dates', () => {
    const issues = issuesOf((d) => {
      d.declarations[0].signed = '2021-02-30';
      d.declarations[1].signed = '21';
      d.quotes[0].saidOn = '2021-09-27T10:00:00Z';
      d.events[0].occurredOn = '2021-13';
    });
    expectIssue(issues, 'declarations[0].signed', /not a real calendar date/);
    expectIssue(issues, 'declarations[1].signed', /YYYY, YYYY-MM or YYYY-MM-DD/);
    expectIssue(issues, 'quotes[0].saidOn', /YYYY, YYYY-MM or YYYY-MM-DD/);
    expectIssue(issues, 'events[0].occurredOn', /not a real calendar date/);
  });

  it('validTo before validFrom', () => {
    expectIssue(
      issuesOf((d) => {
        d.affiliations[0].validFrom = '2021-05';
        d.affiliations[0].validTo = '2020';
      }),
      'affiliations[0].validTo',
      /before validFrom/,
    );
  });

  it('bad slugs, and duplicate slugs', () => {
    const issues = issuesOf((d) => {
      d.people[1].slug = 'Muhsin_Dere';
      d.organizations[0].slug = '-leading-hyphen';
      d.declarations[0].slug = 'double--hyphen';
    });
    expectIssue(issues, 'people[1].slug', /lowercase kebab-case/);
    expectIssue(issues, 'organizations[0].slug', /lowercase kebab-case/);
    expectIssue(issues, 'declarations[0].slug', /lowercase kebab-case/);
    expectIssue(
      issuesOf((d) => {
        d.places[1].slug = 'azerbaijan';
      }),
      'places[1].slug',
      /duplicate slug "azerbaijan" \(also places\[0\]\)/,
    );
  });

  it('reports shape errors first, without follow-on errors from the entities that failed', () => {
    const issues = issuesOf((d) => {
      d.people[1].slug = 'Muhsin_Dere'; // referenced by affiliations, events and mentions' neighbours
      d.people[0].name = '';
    });
    expect([...new Set(issues.map((i) => i.path))].sort()).toEqual(['people[0].name', 'people[1].slug']);
    expect(issues.some((i) => /unknown person/.test(i.message))).toBe(false);
  });

  it('says a missing version is missing, and a wrong one is wrong', () => {
    expect(issuesOf((d) => delete d.version)).toEqual([{ path: 'version', message: 'version is missing: a document starts with "version": 1' }]);
    expect(issuesOf((d) => (d.version = 2))).toEqual([{ path: 'version', message: 'must be 1 (the only version of the format), not 2' }]);
    expectIssue(issuesOf((d) => delete d.article.title), 'article.title', /^is required$/);
  });

  it('bad Wikidata ids, and one id on two entities', () => {
    expectIssue(issuesOf((d) => (d.places[0].wikidataId = 'q227')), 'places[0].wikidataId', /Wikidata item id/);
    expectIssue(issuesOf((d) => (d.places[2].wikidataId = 'Q43')), 'places[2].wikidataId', /Q43 is also on places\[1\]/);
  });

  it('parent cycles', () => {
    const issues = issuesOf((d) => {
      d.places[0].parent = 'shusha'; // azerbaijan inside shusha inside azerbaijan
    });
    expectIssue(issues, 'places[0].parent', /own ancestor/);
    expectIssue(issues, 'places[3].parent', /own ancestor/);
  });

  it('unknown keys, wrong types, missing fields and a wrong version', () => {
    const issues = issuesOf((d) => {
      d.version = 2;
      d.places[0].population = 10_000_000;
      d.people[0].name = 42;
      delete d.article.title;
      d.events[0].kind = 'PARTY';
    });
    expectIssue(issues, 'version', /.+/);
    expectIssue(issues, 'places[0]', /Unrecognized key: "population"/);
    expectIssue(issues, 'people[0].name', /expected string/);
    expectIssue(issues, 'article.title', /.+/);
    expectIssue(issues, 'events[0].kind', /.+/);
  });

  it('article fields: url, publishedAt, language, domain', () => {
    const issues = issuesOf((d) => {
      d.article.url = 'azernews.az/article';
      d.article.publishedAt = '28 September 2021';
      d.article.language = 'English';
      d.article.source.domain = 'https://azernews.az';
    });
    expectIssue(issues, 'article.url', /http\(s\) URL/);
    expectIssue(issues, 'article.publishedAt', /ISO 8601 date/);
    expectIssue(issues, 'article.language', /BCP 47/);
    expectIssue(issues, 'article.source.domain', /host name/);
  });

  it('signatories and participants without a party, awards on the wrong event, self-relations, duplicates', () => {
    const shape = issuesOf((d) => {
      d.declarations[2].signatories.push({ role: 'witness' });
      d.events[0].participants.push({ role: 'observer' });
    });
    expectIssue(shape, 'declarations[2].signatories[2]', /at least one party/);
    expectIssue(shape, 'events[0].participants[4]', /person or an organization/);
    const issues = issuesOf((d) => {
      d.events[0].award = 'A medal';
      d.declarationRelations.push({ from: 'treaty-of-kars', to: 'treaty-of-kars', kind: 'REFERENCES' });
      d.affiliations.push({ ...d.affiliations[0] });
      d.article.authors.push('vugar-khalilov');
    });
    expectIssue(issues, 'events[0].award', /only meaningful on AWARD events/);
    expectIssue(issues, 'declarationRelations[1].to', /cannot relate to itself/);
    expectIssue(issues, `affiliations[${rawSeed().affiliations.length}]`, /duplicates affiliations\[0\]/);
    expectIssue(issues, 'article.authors[1]', /listed twice/);
  });

  it('strings Postgres cannot store', () => {
    const issues = issuesOf((d) => {
      d.article.title = 'Bad\u0000title';
      d.people[0].description = 'half a pair: \uD83D';
    });
    expectIssue(issues, 'article.title', /U\+0000/);
    expectIssue(issues, 'people[0].description', /lone surrogate/);
  });

  it('a quote whose evidence does not contain its text', () => {
    expectIssue(
      issuesOf((d) => {
        d.quotes[0].text = 'Something else entirely.';
      }),
      'quotes[0].text',
      /must appear within its evidence/,
    );
  });

  it('never throws, whatever it is given', () => {
    for (const v of [null, undefined, 42, 'doc', [], {}, { version: 1 }, { version: 1, article: null }]) {
      const parsed = parseArticleDocument(v);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.issues.length).toBeGreaterThan(0);
    }
  });
});

describe('format helpers', () => {
  it('formatPath writes paths as in JavaScript', () => {
    expect(formatPath(['quotes', 1, 'evidence'])).toBe('quotes[1].evidence');
    expect(formatPath(['declarations', 0, 'signatories', 2, 'person'])).toBe('declarations[0].signatories[2].person');
    expect(formatPath([])).toBe('');
  });

  it('canonicalJson ignores key order and layout', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }], u: undefined })).toBe('{"a":[{"c":"x","d":2}],"b":1}');
    expect(canonicalJson(rawSeed())).toBe(canonicalJson(JSON.parse(JSON.stringify(rawSeed(), null, 7))));
  });
});

describe('docs/article-document.schema.json', () => {
  it('is what scripts/export-document-schema.ts generates from the zod schema', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderDocumentJsonSchema());
  });

  it('describes the document shape, evidence and slugs', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['version', 'article']);
    // text is required by parseArticleDocument whenever article.body is not empty (a whole-document rule).
    // Offsets, or the text alone (located by the importer): none of the three is required on its own.
    expect(schema.$defs.Evidence.required).toBeUndefined();
    expect(schema.$defs.Evidence.properties.occurrence.minimum).toBe(1);
    expect(schema.$defs.Evidence.properties.text.description).toMatch(/Required when article\.body is not empty/);
    expect(schema.$defs.Place.properties.slug.pattern).toBe('^[a-z0-9]+(?:-[a-z0-9]+)*$');
    expect(schema.$defs.Declaration.properties.signed.pattern).toBeDefined();
  });
});
