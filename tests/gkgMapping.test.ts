/**
 * GDELT GKG 2.1 records → article documents, without a database: field parsing, the mapping table
 * of docs/ingest.md, rejection messages, name normalization, and the document-format extension
 * (evidence without text when there is no body).
 */
import { describe, expect, it } from 'vitest';
import { parseArticleDocument } from '../src/document/document.js';
import { gkgLineToRecord } from '../src/import/gkg/toDocument.js';
import { displayName, nameKey, slugify } from '../src/import/names.js';
import { formatIssue } from '../src/import/records.js';
import { gkgColumns, gkgLine, gkgLines } from './helpers/gkg.js';

function documentOf(line: string) {
  const r = gkgLineToRecord(line);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.document;
}

function issuesOf(line: string) {
  const r = gkgLineToRecord(line);
  if (r.ok) throw new Error('expected a rejection');
  return r.issues;
}

describe('the GDELT sample batch', () => {
  it('maps every one of its 856 records to a valid document, warning about the one garbled location', () => {
    const results = gkgLines().map((l) => gkgLineToRecord(l));
    expect(results).toHaveLength(856);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const warnings = results.flatMap((r) => r.warnings.map((w) => `${r.label}: ${w.field}`));
    expect(warnings).toEqual(['GKGRECORDID 20230702153000-844: V2Locations[10]']);
  });

  it('maps the first record field by field', () => {
    const doc = documentOf(gkgLines()[0]);
    expect(doc.article).toMatchObject({
      url: 'https://www.thewestmorlandgazette.co.uk/news/national/23627957.hunt-suspects-shooting-street-party-leaves-two-dead/',
      title: 'Hunt for suspects after shooting at street party leaves two dead',
      body: '',
      publishedAt: '2023-07-02T15:30:00Z',
      language: 'en',
      source: { slug: 'thewestmorlandgazette-co-uk', name: 'thewestmorlandgazette.co.uk', domain: 'thewestmorlandgazette.co.uk' },
      feed: 'gdelt-gkg',
      externalId: '20230702153000-0',
      tone: {
        tone: -5.99078341013825, positive: 1.38248847926267, negative: 7.37327188940092, polarity: 8.75576036866359,
        activityDensity: 23.5023041474654, selfGroupDensity: 2.61136712749616, wordCount: 613,
      },
    });
    expect(doc.article.topics!.slice(0, 3)).toEqual(['LEADER', 'TAX_FNCACT_MAYOR', 'USPEC_POLITICS_GENERAL1']);
    expect(new Set(doc.article.topics).size).toBe(doc.article.topics!.length);
    expect(doc.people.map((p) => [p.slug, p.name, p.mentions])).toEqual([
      ['richard-worley', 'Richard Worley', [{ start: 109, end: 123 }]],
      ['brandon-scott', 'Brandon Scott', [{ start: 1321, end: 1334 }]],
      ['julio-cortez', 'Julio Cortez', [{ start: 506, end: 518 }]],
      ['lakell-nelson', 'Lakell Nelson', [{ start: 1763, end: 1776 }]],
    ]);
    expect(doc.organizations.map((o) => o.name)).toEqual(['Baltimore Baltimore Police Department', 'Mass Shooting Baltimore Police']);
    // Kansas (a US state) and its country, listed as its parent though the article never names it.
    expect(doc.places).toEqual([
      { slug: 'united-states', name: 'United States', aliases: [], kind: 'COUNTRY', countryCode: 'US', mentions: [] },
      {
        slug: 'kansas-united-states', name: 'Kansas, United States', aliases: [], kind: 'REGION', countryCode: 'US',
        featureId: 'adm1:USKS', parent: 'united-states', latitude: 38.5111, longitude: -96.8005,
        mentions: [{ start: 625, end: 631 }],
      },
    ]);
  });

  it('keeps quotes with their verb and offsets, the speaker unknown', () => {
    const line = gkgLines().find((l) => gkgColumns(l).Quotations !== '')!;
    const doc = documentOf(gkgLine({ Quotations: '538|33|said|I\'ve NEVER seen scenes like that!#12|5||Yes' }, line));
    expect(doc.quotes).toEqual([
      { text: "I've NEVER seen scenes like that!", verb: 'said', evidence: { start: 538, end: 571 } },
      { text: 'Yes', evidence: { start: 12, end: 17 } },
    ]);
    expect(doc.quotes.every((q) => q.speaker === undefined && q.speakerName === undefined)).toBe(true);
  });

  it('decodes HTML entities in titles, and falls back to the URL without one', () => {
    expect(documentOf(gkgLine({ Extras: '<PAGE_TITLE>RTE witnesses &#x2013; chairman &amp; co</PAGE_TITLE>' })).article.title).toBe(
      'RTE witnesses \u2013 chairman & co',
    );
    const doc = documentOf(gkgLine({ Extras: '<PAGE_PRECISEPUBTIMESTAMP>20230702150100</PAGE_PRECISEPUBTIMESTAMP>' }));
    expect(doc.article.title).toBe(doc.article.url);
  });

  it('takes the language from TranslationInfo, else English', () => {
    expect(documentOf(gkgLine({ TranslationInfo: 'srclc:fra;eng:GT-FRA 1.0' })).article.language).toBe('fr');
    expect(documentOf(gkgLine({ TranslationInfo: 'srclc:aze;eng:GT-AZE 1.0' })).article.language).toBe('az');
    expect(documentOf(gkgLine({ TranslationInfo: '' })).article.language).toBe('en');
  });

  it('names countries from their FIPS code, not the article word, with ISO codes', () => {
    const doc = documentOf(gkgLine({ V2Locations: '1#Azerbaijani#AJ#AJ##40.5#47.5#AJ#10;1#Brits#UK#UK##54#-2#UK#40;1#Turkish#TU#TU##39#35#TU#80' }));
    expect(doc.places.map((p) => [p.slug, p.name, p.countryCode, p.mentions])).toEqual([
      ['azerbaijan', 'Azerbaijan', 'AZ', [{ start: 10, end: 21 }]],
      ['united-kingdom', 'United Kingdom', 'GB', [{ start: 40, end: 45 }]],
      ['turkey', 'Turkey', 'TR', [{ start: 80, end: 87 }]],
    ]);
  });

  it('makes one place of two spellings of one feature, the second an alias', () => {
    const doc = documentOf(gkgLine({
      V2Locations: '4#Bengaluru, Karnataka, India#IN#IN19#17688#12.9833#77.5833#-2090174#5;4#Bangalore, Karnataka, India#IN#IN19#17688#12.9833#77.5833#-2090174#90',
    }));
    const city = doc.places.find((p) => p.featureId === 'gns:-2090174')!;
    expect(city).toMatchObject({ slug: 'bengaluru-karnataka-india', aliases: ['Bangalore, Karnataka, India'], parent: 'india' });
    expect(city.mentions).toEqual([{ start: 5, end: 14 }, { start: 90, end: 99 }]);
  });

  it('keeps bylines that name people, and drops agencies and roles', () => {
    const authors = (value: string) => documentOf(gkgLine({ Extras: `<PAGE_AUTHORS>${value}</PAGE_AUTHORS><PAGE_TITLE>T</PAGE_TITLE>` })).article.authors;
    expect(authors('Sam Metz | AP')).toEqual(['sam-metz']);
    expect(authors('Mala Bhattacharjee;Terry Zeller')).toEqual(['mala-bhattacharjee', 'terry-zeller']);
    expect(authors('Kalea Hall - The Detroit News (TNS)')).toEqual(['kalea-hall']);
    expect(authors('HOLLY RAMER')).toEqual(['holly-ramer']);
    expect(authors('admin')).toEqual([]);
    expect(authors('Associated Press')).toEqual([]);
    expect(authors('Senior Correspondent')).toEqual([]);
    expect(authors('(Image: National Highways / SWNS)')).toEqual([]);
    const doc = documentOf(gkgLine({ Extras: '<PAGE_AUTHORS>HOLLY RAMER</PAGE_AUTHORS><PAGE_TITLE>T</PAGE_TITLE>' }));
    expect(doc.people.find((p) => p.slug === 'holly-ramer')).toMatchObject({ name: 'Holly Ramer', mentions: [] });
  });
});

describe('GKG records that cannot be imported are rejected, naming the field', () => {
  it('V2Tone without 7 numbers', () => {
    const line = gkgLine({ GKGRECORDID: '20230702153000-16', V2Tone: '-5.9,1.3,7.3' });
    const r = gkgLineToRecord(line);
    expect(r.ok).toBe(false);
    expect(formatIssue({ file: 'data.tsv', line: 17, label: r.label }, (r as { issues: any[] }).issues[0])).toBe(
      'data.tsv:17 (GKGRECORDID 20230702153000-16): V2Tone: expected 7 comma-separated numbers, got "-5.9,1.3,7.3"',
    );
  });

  it('a wrong number of columns, a bad date, a bad record id, a document identifier that is no URL', () => {
    expect(issuesOf('20230702153000-1\tonly\tthree')).toEqual([{ field: 'record', message: 'expected 27 tab-separated columns, got 3' }]);
    expect(issuesOf(gkgLine({ DATE: '20230231153000' }))[0]).toMatchObject({ field: 'DATE', message: expect.stringMatching(/not a real date/) });
    expect(issuesOf(gkgLine({ GKGRECORDID: 'abc' }))[0]).toMatchObject({ field: 'GKGRECORDID' });
    expect(issuesOf(gkgLine({ DocumentIdentifier: 'The Times, page 4' }))[0]).toMatchObject({ field: 'DocumentIdentifier' });
    expect(issuesOf(gkgLine({ SourceCollectionIdentifier: '2' }))[0]).toMatchObject({ field: 'SourceCollectionIdentifier' });
  });

  it('document rules are reported as the GKG field they came from', () => {
    expect(issuesOf(gkgLine({ DocumentIdentifier: 'https://exa mple.com/x' }))[0].field).toMatch(/^DocumentIdentifier/);
    expect(issuesOf(gkgLine({ V2Tone: '-500,1,1,1,1,1,10' }))[0].field).toBe('V2Tone (article.tone.tone)');
  });

  it('skips a malformed entry of a list with a warning, and keeps the record', () => {
    const r = gkgLineToRecord(gkgLine({ V2Persons: 'Richard Worley,109;no offset here;Brandon Scott,x' }));
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.field)).toEqual(['V2Persons[1]', 'V2Persons[2]']);
  });
});

describe('names', () => {
  it('fold case, accents, punctuation and spacing into one key and slug', () => {
    expect(nameKey('Recep Tayyip Erdoğan')).toBe(nameKey('recep  tayyip ERDOGAN'));
    expect(slugify('Recep Tayyip Erdoğan')).toBe('recep-tayyip-erdogan');
    expect(nameKey("Rosie O'Donnell")).toBe(nameKey('Rosie Odonnell'));
    expect(slugify('Łukasz Żak-Øberg')).toBe('lukasz-zak-oberg');
    expect(slugify('नरेंद्र मोदी')).toMatch(/^n-[0-9a-f]{12}$/);
  });

  it('title-case lowercase and all-capital names, and keep mixed case as given', () => {
    expect(displayName('richard worley')).toBe('Richard Worley');
    expect(displayName('HOLLY RAMER')).toBe('Holly Ramer');
    expect(displayName('Ron DeSantis')).toBe('Ron DeSantis');
    expect(displayName('ludwig van beethoven')).toBe('Ludwig van Beethoven');
  });
});

describe('documents without a body (the GKG extension of the format)', () => {
  const base = {
    version: 1,
    article: {
      url: 'https://example.test/a', title: 'A', body: '', publishedAt: '2023-07-02', language: 'en',
      source: { slug: 'example', name: 'Example' },
    },
  };

  it('accept evidence with offsets and no text when the body is empty', () => {
    const r = parseArticleDocument({ ...base, people: [{ slug: 'a-b', name: 'A B', mentions: [{ start: 5, end: 8 }] }] });
    expect(r.ok).toBe(true);
  });

  it('reject evidence with a text when the body is empty, and without one when it is not', () => {
    const withText = parseArticleDocument({ ...base, people: [{ slug: 'a-b', name: 'A B', mentions: [{ start: 0, end: 1, text: 'x' }] }] });
    expect(withText).toMatchObject({ ok: false, issues: [{ path: 'people[0].mentions[0]', message: expect.stringMatching(/body is empty/) }] });
    const noText = parseArticleDocument({
      ...base,
      article: { ...base.article, body: 'A B met.' },
      people: [{ slug: 'a-b', name: 'A B', mentions: [{ start: 0, end: 3 }] }],
    });
    expect(noText).toMatchObject({ ok: false, issues: [{ path: 'people[0].mentions[0]', message: expect.stringMatching(/text is required/) }] });
  });
});
