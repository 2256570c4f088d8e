/**
 * Deterministic synthetic data for benchmarks: `npm run db:generate -- --articles 100000`.
 *
 * The same --articles and --seed always give the same rows (a seeded PRNG, no clock, no
 * Math.random). Shape, per article: ~5 person mentions (people drawn from a Zipf distribution, so
 * a few people appear in a large share of articles; a person is sometimes mentioned twice), ~3
 * organization mentions, 1 place mention, ~1 quote (mostly by a mentioned person), one author, and
 * now and then a declaration mention and an event. Around them: places (countries and cities),
 * organizations with parents and countries, people's affiliations, declarations with 2-20
 * signatories, provisions and relations. Mention, quote and affiliation offsets point at the words
 * in the article body.
 *
 * Steps: migrate (src/db/migrate.ts), write each table to a COPY text file under a temp dir,
 * TRUNCATE every data table, drop secondary indexes, COPY the files (FK triggers off when we are
 * superuser: the rows are consistent by construction), rebuild the indexes, reset the id
 * sequences (setval), VACUUM ANALYZE. Prints generation time and load time.
 *
 * Flags: --articles N (default 10000), --seed S (default 1), --database-url URL (else
 * DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/newsgraph_bench, created if missing),
 * --keep-files (leave the COPY files), --quiet.
 *
 * `--format gkg --records N [--out DIR]` writes GDELT GKG 2.1 files instead (scripts/generate/gkg.ts).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrate } from '../src/db/migrate.js';
import { int, pick, prng, zipf } from './generate/random.js';
import { runGkgCli } from './generate/gkg.js';

export { prng } from './generate/random.js';

export const DEFAULT_BENCH_URL = 'postgresql://postgres@127.0.0.1:5432/newsgraph_bench';

// ------------------------------------------------------------------------------------------------
// COPY text files
// ------------------------------------------------------------------------------------------------

type Cell = string | number | boolean | null | undefined | Date;

function cell(v: Cell): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'string') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

class TableFile {
  rows = 0;
  private out: WriteStream;
  private buf: string[] = [];
  private pending = 0;
  constructor(
    readonly table: string,
    readonly columns: string[],
    readonly file: string,
  ) {
    this.out = createWriteStream(file);
  }
  async add(...cells: Cell[]): Promise<void> {
    this.buf.push(cells.map(cell).join('\t'));
    this.rows++;
    if (++this.pending >= 2000) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.buf.length) return;
    const chunk = this.buf.join('\n') + '\n';
    this.buf = [];
    this.pending = 0;
    if (!this.out.write(chunk)) await new Promise<void>((r) => this.out.once('drain', () => r()));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

// ------------------------------------------------------------------------------------------------
// Vocabulary
// ------------------------------------------------------------------------------------------------

const FIRST = [
  'Ilham', 'Recep', 'Zakir', 'Hulusi', 'Mevlüt', 'Jeyhun', 'Mehriban', 'Emine', 'Ali', 'Kerim', 'Leyla', 'Aylin',
  'Murat', 'Elnur', 'Farid', 'Nigar', 'Orhan', 'Selin', 'Tural', 'Vugar', 'Anar', 'Rashad', 'Sevda', 'Ayşe',
  'Mikayil', 'Gunel', 'Hikmet', 'Ramil', 'Samir', 'Zeynep', 'Hakan', 'Emre', 'Nazim', 'Ulviyya', 'Kamran', 'Elif',
  'Javid', 'Lala', 'Ruslan', 'Tamerlan', 'Yusif', 'Aysel', 'Burak', 'Cem', 'Deniz', 'Ebru', 'Fuad', 'Gülnar',
];
const LAST = [
  'Aliyev', 'Erdoğan', 'Hasanov', 'Akar', 'Çavuşoğlu', 'Bayramov', 'Mammadov', 'Yilmaz', 'Kaya', 'Demir', 'Guliyev',
  'Huseynov', 'Ismayilov', 'Abbasov', 'Karimov', 'Najafov', 'Rzayev', 'Safarov', 'Valiyev', 'Zeynalov', 'Özdemir',
  'Şahin', 'Çelik', 'Aydın', 'Öztürk', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özkan',
  'Şimşek', 'Polat', 'Quliyev', 'Jafarov', 'Nasirov', 'Babayev', 'Ahmadov', 'Orujov', 'Hajiyev', 'Musayev',
];
const COUNTRY_NAMES = [
  ['Azerbaijan', 'AZ'], ['Turkey', 'TR'], ['Georgia', 'GE'], ['Russia', 'RU'], ['Iran', 'IR'], ['Kazakhstan', 'KZ'],
  ['Uzbekistan', 'UZ'], ['Turkmenistan', 'TM'], ['Pakistan', 'PK'], ['Ukraine', 'UA'], ['Hungary', 'HU'],
  ['Germany', 'DE'], ['France', 'FR'], ['Italy', 'IT'], ['United Kingdom', 'GB'], ['United States', 'US'],
  ['China', 'CN'], ['Japan', 'JP'], ['India', 'IN'], ['Israel', 'IL'], ['Egypt', 'EG'], ['Saudi Arabia', 'SA'],
  ['Qatar', 'QA'], ['United Arab Emirates', 'AE'], ['Kyrgyzstan', 'KG'], ['Tajikistan', 'TJ'], ['Moldova', 'MD'],
  ['Romania', 'RO'], ['Bulgaria', 'BG'], ['Greece', 'GR'], ['Serbia', 'RS'], ['Poland', 'PL'], ['Lithuania', 'LT'],
  ['Latvia', 'LV'], ['Estonia', 'EE'], ['Finland', 'FI'], ['Sweden', 'SE'], ['Norway', 'NO'], ['Spain', 'ES'],
  ['Portugal', 'PT'], ['Netherlands', 'NL'], ['Belgium', 'BE'], ['Austria', 'AT'], ['Switzerland', 'CH'],
  ['Czechia', 'CZ'], ['Slovakia', 'SK'], ['Croatia', 'HR'], ['Albania', 'AL'], ['Belarus', 'BY'], ['Armenia', 'AM'],
  ['Afghanistan', 'AF'], ['Iraq', 'IQ'], ['Syria', 'SY'], ['Jordan', 'JO'], ['Lebanon', 'LB'], ['Kuwait', 'KW'],
  ['Oman', 'OM'], ['Bahrain', 'BH'], ['Malaysia', 'MY'], ['Indonesia', 'ID'],
] as const;
const CITY_PARTS = ['Gan', 'Sha', 'Ler', 'Bak', 'Ist', 'Kar', 'Nak', 'Sum', 'Min', 'Tov', 'Zag', 'Qub', 'Ord', 'Ala'];
const CITY_ENDS = ['ja', 'si', 'kan', 'bul', 'ara', 'chivan', 'gait', 'gachevir', 'uz', 'tala', 'ba', 'lar', 'abad'];
const ORG_KINDS = ['GOVERNMENT', 'MINISTRY', 'DEPARTMENT', 'ARMED_FORCES', 'DELEGATION', 'MEDIA', 'COMPANY',
  'INTERNATIONAL_BODY', 'POLITICAL_PARTY', 'OTHER'] as const;
const ORG_WORDS = ['Defence', 'Foreign Affairs', 'Energy', 'Economy', 'Transport', 'Education', 'Health', 'Culture',
  'Digital Development', 'Agriculture', 'Emergency Situations', 'Finance', 'Justice', 'Ecology', 'Youth and Sports'];
const ORG_FORMS: Record<(typeof ORG_KINDS)[number], string[]> = {
  GOVERNMENT: ['Government of {c}', 'Cabinet of {c}'],
  MINISTRY: ['Ministry of {w} of {c}', '{c} {w} Ministry'],
  DEPARTMENT: ['{w} Department', 'Directorate of {w}'],
  ARMED_FORCES: ['{c} Armed Forces', '{c} Land Forces', '{c} Naval Forces', '{c} Air Force'],
  DELEGATION: ['{c} delegation on {w}'],
  MEDIA: ['{c} News Agency', '{w} Daily', '{c} Television'],
  COMPANY: ['{c} {w} Company', '{w} Holding', '{c} State Oil Company'],
  INTERNATIONAL_BODY: ['Council on {w}', 'Organization for {w} Cooperation', 'Union of {w}'],
  POLITICAL_PARTY: ['{c} {w} Party', 'New {c} Party'],
  OTHER: ['{c} {w} Foundation', 'Institute of {w}'],
};
const TITLES = ['Minister', 'Deputy Minister', 'President', 'Prime Minister', 'Chief of General Staff', 'Ambassador',
  'Spokesperson', 'Chairman', 'Director', 'Adviser', 'Commander', 'Head of Department', 'Member of Parliament'];
const VERBS = ['met', 'spoke with', 'received', 'held talks with', 'visited', 'called', 'welcomed', 'thanked'];
const TOPICS = ['military cooperation', 'energy security', 'trade', 'transport corridors', 'education', 'tourism',
  'regional security', 'humanitarian demining', 'culture', 'investment', 'digital development', 'agriculture'];
const DECL_KINDS = ['TREATY', 'MEMORANDUM', 'DECLARATION', 'AGREEMENT', 'JOINT_STATEMENT', 'OTHER'] as const;
const REL_KINDS = ['COMPARED_TO', 'FORMALIZES', 'SUPERSEDES', 'AMENDS', 'IMPLEMENTS', 'REFERENCES'] as const;
const EVENT_KINDS = ['MEETING', 'AWARD', 'VISIT', 'INTERVIEW', 'STATEMENT', 'SIGNING', 'EXERCISE', 'OTHER'] as const;
const QUOTE_LINES = [
  'Our cooperation is stronger than ever',
  'We will continue to support each other',
  'This agreement opens a new chapter',
  'The region needs peace and stability',
  'We discussed all issues on the agenda',
  'Our brotherhood is eternal',
  'Joint exercises strengthen our capabilities',
  'We are ready to expand trade',
];
const PRECISIONS = ['DAY', 'DAY', 'DAY', 'MONTH', 'YEAR'] as const;

const slugify = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

// ------------------------------------------------------------------------------------------------
// Generation
// ------------------------------------------------------------------------------------------------

export interface Scale {
  articles: number;
  sources: number;
  countries: number;
  cities: number;
  people: number;
  organizations: number;
  declarations: number;
  journalists: number;
}

export function scaleFor(articles: number): Scale {
  return {
    articles,
    sources: Math.max(5, Math.min(50, Math.round(articles / 5_000))),
    countries: COUNTRY_NAMES.length,
    cities: Math.max(60, Math.min(3_000, Math.round(articles / 200))),
    people: Math.max(500, Math.round(articles / 5)),
    organizations: Math.max(100, Math.round(articles / 50)),
    declarations: Math.max(20, Math.round(articles / 500)),
    journalists: Math.max(20, Math.round(articles / 1_000)),
  };
}

const TABLES: Record<string, string[]> = {
  source: ['id', 'slug', 'name', 'domain'],
  place: ['id', 'slug', 'name', 'kind', 'country_code', 'parent_id', 'latitude', 'longitude'],
  organization: ['id', 'slug', 'name', 'kind', 'description', 'country_id', 'parent_id'],
  person: ['id', 'slug', 'name', 'description', 'nationality_id'],
  article: ['id', 'url', 'title', 'body', 'published_at', 'language', 'source_id', 'feed', 'external_id'],
  article_author: ['article_id', 'person_id', 'position'],
  affiliation: ['id', 'person_id', 'organization_id', 'title', 'valid_from', 'valid_from_precision', 'valid_to',
    'valid_to_precision', 'article_id', 'evidence_start', 'evidence_end'],
  declaration: ['id', 'slug', 'title', 'kind', 'signed_on', 'signed_precision', 'place_id', 'summary', 'article_id',
    'evidence_start', 'evidence_end'],
  declaration_provision: ['id', 'declaration_id', 'position', 'text', 'article_id'],
  declaration_signatory: ['id', 'declaration_id', 'person_id', 'organization_id', 'place_id', 'role', 'article_id'],
  declaration_relation: ['id', 'from_id', 'to_id', 'kind', 'description', 'article_id'],
  mention: ['id', 'article_id', 'kind', 'person_id', 'organization_id', 'place_id', 'declaration_id', 'start', 'end'],
  quote: ['id', 'article_id', 'speaker_id', 'speaker_name', 'text', 'said_on', 'said_precision', 'evidence_start',
    'evidence_end'],
  event: ['id', 'article_id', 'kind', 'title', 'summary', 'occurred_on', 'occurred_precision', 'place_id', 'topics'],
  event_participant: ['id', 'event_id', 'person_id', 'organization_id', 'role'],
};
/** COPY order: every table after the tables it references. */
const LOAD_ORDER = ['source', 'place', 'organization', 'person', 'article', 'article_author', 'affiliation',
  'declaration', 'declaration_provision', 'declaration_signatory', 'declaration_relation', 'mention', 'quote',
  'event', 'event_participant'];
/** Every table the API reads or writes, emptied before loading. */
const DATA_TABLES = [...LOAD_ORDER, 'api_key', 'merge_record'];

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function generate(dir: string, articles: number, seed: number): Promise<Record<string, TableFile>> {
  const r = prng(seed);
  const sc = scaleFor(articles);
  const files = Object.fromEntries(
    Object.entries(TABLES).map(([t, cols]) => [t, new TableFile(t, cols, path.join(dir, `${t}.tsv`))]),
  ) as Record<string, TableFile>;
  const T = files;

  // Sources
  for (let i = 1; i <= sc.sources; i++) {
    const name = i === 1 ? 'Azernews' : i === 2 ? 'Anadolu Agency' : `${pick(r, CITY_PARTS)}${pick(r, CITY_ENDS)} Post ${i}`;
    await T.source.add(i, `${slugify(name)}-${i}`, name, `${slugify(name)}-${i}.example`);
  }

  // Places: countries, then cities in them.
  const placeNames: string[] = [''];
  let placeId = 0;
  const countryIds: number[] = [];
  for (const [name, code] of COUNTRY_NAMES) {
    placeId++;
    countryIds.push(placeId);
    placeNames.push(name);
    await T.place.add(placeId, slugify(name), name, 'COUNTRY', code, null, int(r, -40, 60), int(r, -120, 140));
  }
  for (let i = 0; i < sc.cities; i++) {
    placeId++;
    const country = r() < 0.4 ? countryIds[int(r, 0, 2)] : pick(r, countryIds);
    const name = `${pick(r, CITY_PARTS)}${pick(r, CITY_ENDS)}`;
    placeNames.push(name);
    const lat = Math.round((r() * 100 - 40) * 1e4) / 1e4;
    const lon = Math.round((r() * 260 - 120) * 1e4) / 1e4;
    await T.place.add(placeId, `${slugify(name)}-${placeId}`, name, 'CITY', COUNTRY_NAMES[country - 1][1], country, lat, lon);
  }
  const places = placeId;
  const placeZipf = zipf(r, places, 1.0);

  // Organizations: a country each; about a third are part of an earlier organization.
  const orgNames: string[] = [''];
  for (let id = 1; id <= sc.organizations; id++) {
    const kind = pick(r, ORG_KINDS);
    const country = r() < 0.5 ? countryIds[int(r, 0, 2)] : pick(r, countryIds);
    const name = pick(r, ORG_FORMS[kind]).replace('{c}', placeNames[country]).replace('{w}', pick(r, ORG_WORDS));
    orgNames.push(name);
    const parent = id > 10 && r() < 0.35 ? int(r, 1, id - 1) : null;
    await T.organization.add(id, `${slugify(name)}-${id}`, name, kind, r() < 0.3 ? `${name}, ${placeNames[country]}` : null, r() < 0.95 ? country : null, parent);
  }
  const orgZipf = zipf(r, sc.organizations, 0.9);

  // People, and their roles in organizations.
  const personNames: string[] = [''];
  let affiliationId = 0;
  const affiliationsOf: Array<Array<{ org: number; title: string }>> = [[]];
  for (let id = 1; id <= sc.people; id++) {
    const name = `${pick(r, FIRST)} ${pick(r, LAST)}`;
    personNames.push(name);
    const nationality = r() < 0.85 ? (r() < 0.6 ? countryIds[int(r, 0, 1)] : pick(r, countryIds)) : null;
    await T.person.add(id, `${slugify(name)}-${id}`, name, r() < 0.2 ? `${pick(r, TITLES)} from ${placeNames[nationality ?? 1]}` : null, nationality);
    const roles: Array<{ org: number; title: string }> = [];
    const count = r() < 0.15 ? 0 : int(r, 1, 3);
    for (let k = 0; k < count; k++) {
      const org = orgZipf();
      const title = pick(r, TITLES);
      if (roles.some((x) => x.org === org && x.title === title)) continue;
      roles.push({ org, title });
    }
    affiliationsOf.push(roles);
  }
  const personZipf = zipf(r, sc.people, 1.0);

  // Declarations (rows are written after the articles that state them).
  interface Decl {
    id: number;
    title: string;
    kind: string;
    signedOn: Date | null;
    precision: string | null;
    place: number | null;
    articleId: number | null;
  }
  const decls: Decl[] = [];
  for (let id = 1; id <= sc.declarations; id++) {
    const a = pick(r, countryIds);
    const b = pick(r, countryIds);
    const kind = pick(r, DECL_KINDS);
    const city = `${pick(r, CITY_PARTS)}${pick(r, CITY_ENDS)}`;
    const title = `${city} ${kind === 'TREATY' ? 'Treaty' : kind === 'MEMORANDUM' ? 'Memorandum' : kind === 'AGREEMENT' ? 'Agreement' : kind === 'JOINT_STATEMENT' ? 'Joint Statement' : 'Declaration'} between ${placeNames[a]} and ${placeNames[b]} ${id}`;
    const signed = r() < 0.9 ? new Date(Date.UTC(1990 + int(r, 0, 35), int(r, 0, 11), int(r, 1, 28))) : null;
    decls.push({ id, title, kind, signedOn: signed, precision: signed ? pick(r, PRECISIONS) : null, place: r() < 0.8 ? int(r, 1, places) : null, articleId: null });
  }
  const declZipf = zipf(r, sc.declarations, 1.1);

  // Articles, with their mentions, quotes, authors and events.
  const base = Date.UTC(2015, 0, 1);
  const step = Math.floor((Date.UTC(2025, 0, 1) - base) / articles / 1000) * 1000; // ms between articles
  let mentionId = 0;
  let quoteId = 0;
  let eventId = 0;
  let participantId = 0;
  const affiliationEvidence = new Map<string, { articleId: number; start: number; end: number; on: Date }>();
  for (let id = 1; id <= articles; id++) {
    const source = r() < 0.5 ? int(r, 1, 2) : int(r, 1, sc.sources);
    // Unique instants: whole seconds with jitter of up to 5 steps, plus id % 1000 ms.
    const publishedAt = new Date(base + id * step + Math.floor((r() * 5 * step) / 1000) * 1000 + (id % 1000));

    const people: number[] = [];
    const nPeople = int(r, 3, 7);
    while (people.length < nPeople) {
      const p = personZipf();
      if (!people.includes(p)) people.push(p);
    }
    const orgs: number[] = [];
    const nOrgs = int(r, 1, 5);
    while (orgs.length < nOrgs) {
      const o = orgZipf();
      if (!orgs.includes(o)) orgs.push(o);
    }
    const place = placeZipf();
    const decl = r() < 0.05 ? declZipf() : null;

    // The body: sentences naming each entity, with offsets recorded as they are written.
    let body = '';
    const mentions: Array<[string, number, number, number]> = []; // kind, entity, start, end
    const write = (s: string) => (body += s);
    const name = (kind: string, entity: number, text: string) => {
      mentions.push([kind, entity, body.length, body.length + text.length]);
      body += text;
    };
    write(`${placeNames[place]}, ${day(publishedAt)}. `);
    mentions.push(['PLACE', place, 0, placeNames[place].length]);
    name('PERSON', people[0], personNames[people[0]]);
    write(` ${pick(r, VERBS)} `);
    name('PERSON', people[1], personNames[people[1]]);
    write(` of the `);
    name('ORGANIZATION', orgs[0], orgNames[orgs[0]]);
    write(` to discuss ${pick(r, TOPICS)} and ${pick(r, TOPICS)}. `);
    for (let k = 2; k < people.length; k++) {
      write(k % 2 ? 'Also present was ' : 'The talks were attended by ');
      name('PERSON', people[k], personNames[people[k]]);
      if (k - 1 < orgs.length) {
        write(', representing the ');
        name('ORGANIZATION', orgs[k - 1], orgNames[orgs[k - 1]]);
      }
      write('. ');
    }
    for (let k = Math.max(1, people.length - 1); k < orgs.length; k++) {
      write('Representatives of the ');
      name('ORGANIZATION', orgs[k], orgNames[orgs[k]]);
      write(' took part. ');
    }
    if (decl) {
      write('The sides recalled the ');
      const d = decls[decl - 1];
      const start = body.length;
      name('DECLARATION', decl, d.title);
      if (d.articleId === null) {
        d.articleId = id;
        (d as Decl & { ev?: [number, number] }).ev = [start, body.length];
      }
      write('. ');
    }
    // A second mention of the first person, as articles do.
    if (r() < 0.3) {
      write('According to ');
      name('PERSON', people[0], personNames[people[0]]);
      write(', further meetings are planned. ');
    }
    // The quote, by a mentioned person most of the time.
    const quotes: Array<{ speaker: number | null; speakerName: string | null; text: string; start: number; end: number }> = [];
    const nQuotes = r() < 0.15 ? 0 : r() < 0.82 ? 1 : 2;
    for (let k = 0; k < nQuotes; k++) {
      const speaker = r() < 0.9 ? people[k % people.length] : null;
      const text = `${pick(r, QUOTE_LINES)}, ${pick(r, TOPICS)} remains our priority`;
      write(`"`);
      const start = body.length;
      write(text);
      const end = body.length;
      write(`," ${speaker ? personNames[speaker] : 'an official'} said. `);
      quotes.push({ speaker, speakerName: speaker ? null : 'an official', text, start, end });
    }
    write(`The ${pick(r, TOPICS)} agenda will be reviewed again next year.`);

    const title = `${personNames[people[0]]} ${pick(r, VERBS)} ${personNames[people[1]]} on ${pick(r, TOPICS)}`;
    await T.article.add(id, `https://news.example/${source}/${id}`, title, body, publishedAt, 'en', source, 'newsgraph', `gen-${id}`);
    await T.article_author.add(id, sc.people - int(r, 0, sc.journalists - 1), 0);
    for (const [kind, entity, start, end] of mentions) {
      mentionId++;
      await T.mention.add(mentionId, id, kind, kind === 'PERSON' ? entity : null, kind === 'ORGANIZATION' ? entity : null,
        kind === 'PLACE' ? entity : null, kind === 'DECLARATION' ? entity : null, start, end);
    }
    for (const q of quotes) {
      quoteId++;
      const said = r() < 0.5 ? publishedAt : null;
      await T.quote.add(quoteId, id, q.speaker, q.speakerName, q.text, said ? day(said) : null, said ? 'DAY' : null, q.start, q.end);
    }
    // The first time an article names a person next to an organization they belong to, it is the
    // evidence of that role.
    const p1 = people[1];
    for (const role of affiliationsOf[p1]) {
      const key = `${p1}|${role.org}|${role.title}`;
      if (role.org === orgs[0] && !affiliationEvidence.has(key)) {
        const m = mentions.find((x) => x[0] === 'PERSON' && x[1] === p1)!;
        affiliationEvidence.set(key, { articleId: id, start: m[2], end: m[3], on: publishedAt });
      }
    }
    if (r() < 0.1) {
      eventId++;
      const kind = pick(r, EVENT_KINDS);
      const topics = `{${[pick(r, TOPICS), pick(r, TOPICS)].map((t) => `"${t}"`).join(',')}}`;
      await T.event.add(eventId, id, kind, `${personNames[people[0]]} and ${personNames[people[1]]}: ${kind.toLowerCase()}`,
        r() < 0.5 ? `They discussed ${pick(r, TOPICS)}.` : null, day(publishedAt), 'DAY', place, topics);
      const nPart = int(r, 2, 4);
      for (let k = 0; k < nPart; k++) {
        participantId++;
        const person = k < people.length ? people[k] : null;
        await T.event_participant.add(participantId, eventId, person, person === null || r() < 0.4 ? orgs[k % orgs.length] : null,
          k === 0 ? 'host' : pick(r, ['guest', 'delegation', 'recipient', 'speaker']));
      }
    }
  }

  // Affiliations, with evidence where an article states them.
  for (let p = 1; p <= sc.people; p++) {
    for (const role of affiliationsOf[p]) {
      affiliationId++;
      const ev = affiliationEvidence.get(`${p}|${role.org}|${role.title}`);
      const from = r() < 0.7 ? new Date(Date.UTC(2000 + int(r, 0, 22), int(r, 0, 11), 1)) : null;
      const to = from && r() < 0.3 ? new Date(from.getTime() + int(r, 365, 3650) * 86_400_000) : null;
      const fromPrecision = from ? pick(r, ['MONTH', 'YEAR', 'DAY']) : null;
      await T.affiliation.add(affiliationId, p, role.org, role.title, from ? day(from) : null, fromPrecision,
        to ? day(to) : null, to ? 'DAY' : null, ev?.articleId ?? null, ev?.start ?? null, ev?.end ?? null);
    }
  }

  // Declarations, their provisions, 2-20 signatories, and relations between them.
  let provisionId = 0;
  let signatoryId = 0;
  let relationId = 0;
  for (const d of decls) {
    const ev = (d as Decl & { ev?: [number, number] }).ev;
    await T.declaration.add(d.id, `${slugify(d.title)}`, d.title, d.kind, d.signedOn ? day(d.signedOn) : null, d.precision, d.place,
      `A ${d.kind.toLowerCase().replace('_', ' ')} on ${pick(r, TOPICS)} and ${pick(r, TOPICS)}.`, d.articleId, ev?.[0] ?? null, ev?.[1] ?? null);
    const nProv = int(r, 1, 6);
    for (let k = 1; k <= nProv; k++) {
      provisionId++;
      await T.declaration_provision.add(provisionId, d.id, k, `The parties shall cooperate on ${pick(r, TOPICS)}.`, d.articleId);
    }
    const nSign = int(r, 2, 20);
    const signers = new Set<number>();
    for (let k = 0; k < nSign; k++) {
      let person = personZipf();
      while (signers.has(person)) person = int(r, 1, sc.people);
      signers.add(person);
      signatoryId++;
      const roles = affiliationsOf[person];
      const role = roles.length ? roles[0] : null;
      await T.declaration_signatory.add(signatoryId, d.id, person, role ? role.org : null, r() < 0.5 ? pick(r, countryIds) : null,
        role ? `${role.title}, ${orgNames[role.org]}` : null, d.articleId);
    }
  }
  const related = new Set<string>();
  for (let k = 0; k < Math.floor(sc.declarations / 2); k++) {
    const from = int(r, 1, sc.declarations);
    const to = int(r, 1, sc.declarations);
    const kind = pick(r, REL_KINDS);
    if (from === to || related.has(`${from}|${to}|${kind}`)) continue;
    related.add(`${from}|${to}|${kind}`);
    relationId++;
    await T.declaration_relation.add(relationId, from, to, kind, `${kind.toLowerCase().replace('_', ' ')} the other`, decls[from - 1].articleId);
  }

  await Promise.all(Object.values(files).map((f) => f.close()));
  return files;
}

// ------------------------------------------------------------------------------------------------
// Loading
// ------------------------------------------------------------------------------------------------

interface IndexDef {
  name: string;
  def: string;
}

export async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

async function load(url: string, files: Record<string, TableFile>, log: (m: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: su } = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    const superuser = Boolean(su[0]?.rolsuper);
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query(`TRUNCATE ${DATA_TABLES.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
    // Secondary indexes (everything but primary keys) are dropped and rebuilt after the load.
    const { rows: indexes } = await client.query<IndexDef>(
      `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
       WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')`,
      [LOAD_ORDER],
    );
    for (const ix of indexes) await client.query(`DROP INDEX IF EXISTS "${ix.name}"`);
    if (superuser) await client.query(`SET session_replication_role = replica`); // FK triggers off: rows are consistent
    for (const table of LOAD_ORDER) {
      const f = files[table];
      const cols = f.columns.map((c) => `"${c}"`).join(', ');
      const t0 = Date.now();
      await pipeline(createReadStream(f.file), client.query(copyFrom(`COPY "${table}" (${cols}) FROM STDIN`)));
      log(`  ${table}: ${f.rows} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (superuser) await client.query(`SET session_replication_role = DEFAULT`);
    // Rebuild the indexes on two connections (the machine has two cores).
    const t0 = Date.now();
    const second = new pg.Client({ connectionString: url });
    await second.connect();
    try {
      await second.query(`SET maintenance_work_mem = '512MB'`);
      const queue = [...indexes].sort((a, b) => (b.def.includes('gin') ? 1 : 0) - (a.def.includes('gin') ? 1 : 0));
      const worker = async (c: pg.Client) => {
        for (let ix = queue.shift(); ix; ix = queue.shift()) await c.query(ix.def);
      };
      await Promise.all([worker(client), worker(second)]);
    } finally {
      await second.end();
    }
    log(`  ${indexes.length} indexes rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // Sequences follow the explicit ids, so later inserts (articleUpsert, tests) work.
    for (const table of LOAD_ORDER) {
      if (!TABLES[table].includes('id')) continue;
      await client.query(
        `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce((SELECT max("id") FROM "${table}"), 0) + 1, false)`,
      );
    }
    const t1 = Date.now();
    // VACUUM too: it marks the freshly loaded pages all-visible, as autovacuum would soon after a
    // real load, so index-only scans don't visit the heap (benchmarks measure the settled state).
    await client.query('VACUUM (ANALYZE)');
    log(`  VACUUM ANALYZE in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

export interface GenerateResult {
  articles: number;
  generateSeconds: number;
  loadSeconds: number;
  rows: Record<string, number>;
  bytes: number;
}

export async function generateDatabase(opts: {
  url: string;
  articles: number;
  seed?: number;
  keepFiles?: boolean;
  log?: (m: string) => void;
}): Promise<GenerateResult> {
  const log = opts.log ?? (() => {});
  await ensureDatabase(opts.url);
  const applied = await migrate(opts.url);
  if (applied.length) log(`migrated: ${applied.join(', ')}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsgraph-gen-'));
  try {
    const t0 = Date.now();
    const files = await generate(dir, opts.articles, opts.seed ?? 1);
    const generateSeconds = (Date.now() - t0) / 1000;
    const bytes = Object.values(files).reduce((n, f) => n + statSync(f.file).size, 0);
    log(`generated ${opts.articles} articles in ${generateSeconds.toFixed(1)} s (${(bytes / 1e6).toFixed(0)} MB of COPY text in ${dir})`);
    const t1 = Date.now();
    await load(opts.url, files, log);
    const loadSeconds = (Date.now() - t1) / 1000;
    log(`loaded in ${loadSeconds.toFixed(1)} s (COPY + index rebuild + setval + VACUUM ANALYZE)`);
    return {
      articles: opts.articles,
      generateSeconds,
      loadSeconds,
      rows: Object.fromEntries(Object.values(files).map((f) => [f.table, f.rows])),
      bytes,
    };
  } finally {
    if (!opts.keepFiles) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      'database-url': { type: 'string' },
      'keep-files': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      // --format gkg: GDELT GKG 2.1 files instead of a database (scripts/generate/gkg.ts).
      format: { type: 'string', default: 'db' },
      records: { type: 'string' },
      out: { type: 'string' },
      'per-file': { type: 'string' },
      start: { type: 'string' },
    },
  });
  if (values.format === 'gkg') return runGkgCli(values);
  if (values.format !== 'db') throw new Error(`--format: expected gkg (files) or db (the default), got ${values.format}`);
  const articles = Number(values.articles);
  if (!Number.isInteger(articles) || articles < 10) throw new Error('--articles must be an integer >= 10');
  const url = values['database-url'] ?? process.env.DATABASE_URL ?? DEFAULT_BENCH_URL;
  const log = values.quiet ? () => {} : (m: string) => console.log(m);
  const t0 = Date.now();
  const res = await generateDatabase({ url, articles, seed: Number(values.seed), keepFiles: values['keep-files'], log });
  const total = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(
    `db:generate: ${articles} articles -> ${redact(url)}: generate ${res.generateSeconds.toFixed(1)} s, load ${res.loadSeconds.toFixed(1)} s, total ${total} s`,
  );
  console.log(`rows: ${Object.entries(res.rows).map(([t, n]) => `${t}=${n}`).join(' ')}`);
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
