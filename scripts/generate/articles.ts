/**
 * The synthetic article database (`npm run db:generate`): its scale per article count, the COPY
 * files' tables and columns, and the generator, in sections that share one seeded random stream
 * (sources, places, organizations, people, declarations, then the articles that name them, then
 * the facts whose evidence the articles hold).
 */
import path from 'node:path';
import { MODEL, type ModelName } from '../../src/model/registry.js';
import { TableFile } from './copyFiles.js';
import { int, pick, prng, zipf, type Rand } from './random.js';
import {
  CITY_ENDS,
  CITY_PARTS,
  COUNTRY_NAMES,
  DECL_KINDS,
  EVENT_KINDS,
  FIRST,
  LAST,
  ORG_FORMS,
  ORG_KINDS,
  ORG_WORDS,
  PRECISIONS,
  QUOTE_LINES,
  REL_KINDS,
  slugify,
  TITLES,
  TOPICS,
  VERBS,
} from './vocabulary.js';

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

/**
 * A model table's COPY columns, named by the registry's fields (src/model/registry.ts), so the
 * generator follows a column the registry renames; `{ column }` names one the registry doesn't
 * map to a field (an article's body, read only by the services that need it).
 */
function modelColumns(type: ModelName, ...fields: Array<string | { column: string }>): string[] {
  const columns: Readonly<Record<string, string>> = MODEL[type].columns;
  return fields.map((f) => {
    if (typeof f !== 'string') return f.column;
    const column = columns[f];
    if (!column) throw new Error(`scripts/generate: the registry has no field ${type}.${f}`);
    return column;
  });
}

/** Each table's COPY columns, in the order the generator writes its cells. */
export const TABLES: Record<string, string[]> = {
  source: modelColumns('Source', 'id', 'slug', 'name', 'domain'),
  place: modelColumns('Place', 'id', 'slug', 'name', 'kind', 'countryCode', 'parentId', 'latitude', 'longitude'),
  organization: modelColumns('Organization', 'id', 'slug', 'name', 'kind', 'description', 'countryId', 'parentId'),
  person: modelColumns('Person', 'id', 'slug', 'name', 'description', 'nationalityId'),
  article: modelColumns('Article', 'id', 'url', 'title', { column: 'body' }, 'publishedAt', 'language', 'sourceId', 'feed', 'externalId'),
  // Join and list tables the registry doesn't define as types.
  article_author: ['article_id', 'person_id', 'position'],
  affiliation: modelColumns('Affiliation', 'id', 'personId', 'organizationId', 'title', 'validFrom', 'validFromPrecision', 'validTo',
    'validToPrecision', 'articleId', 'evidenceStart', 'evidenceEnd'),
  declaration: modelColumns('Declaration', 'id', 'slug', 'title', 'kind', 'signedOn', 'signedPrecision', 'placeId', 'summary', 'articleId',
    'evidenceStart', 'evidenceEnd'),
  declaration_provision: ['id', 'declaration_id', 'position', 'text', 'article_id'],
  declaration_signatory: modelColumns('Signatory', 'id', 'declarationId', 'personId', 'organizationId', 'placeId', 'role', 'articleId'),
  declaration_relation: ['id', 'from_id', 'to_id', 'kind', 'description', 'article_id'],
  mention: ['id', 'article_id', 'kind', 'person_id', 'organization_id', 'place_id', 'declaration_id', 'start', 'end'],
  quote: modelColumns('Quote', 'id', 'articleId', 'speakerId', 'speakerName', 'text', 'saidOn', 'saidPrecision', 'evidenceStart',
    'evidenceEnd'),
  event: modelColumns('Event', 'id', 'articleId', 'kind', 'title', 'summary', 'occurredOn', 'occurredPrecision', 'placeId', 'topics'),
  event_participant: ['id', 'event_id', 'person_id', 'organization_id', 'role'],
};
/** COPY order: every table after the tables it references. */
export const LOAD_ORDER = ['source', 'place', 'organization', 'person', 'article', 'article_author', 'affiliation',
  'declaration', 'declaration_provision', 'declaration_signatory', 'declaration_relation', 'mention', 'quote',
  'event', 'event_participant'];
/** Every table the API reads or writes, emptied before loading. */
export const DATA_TABLES = [...LOAD_ORDER, 'api_key', 'merge_record'];

const day = (d: Date) => d.toISOString().slice(0, 10);

/** What the sections of one generation share: the random stream, the scale, the files, and what earlier sections drew. */
interface World {
  r: Rand;
  sc: Scale;
  T: Record<string, TableFile>;
  placeNames: string[];
  countryIds: number[];
  places: number;
  placeZipf: () => number;
  orgNames: string[];
  orgZipf: () => number;
  personNames: string[];
  affiliationsOf: Role[][];
  personZipf: () => number;
  decls: Decl[];
  declZipf: () => number;
}

interface Role {
  org: number;
  title: string;
}

/** A declaration, drawn before the articles; its rows are written after the articles that state it. */
interface Decl {
  id: number;
  title: string;
  kind: string;
  signedOn: Date | null;
  precision: string | null;
  place: number | null;
  articleId: number | null;
  /** Its evidence in the first article that names it. */
  ev?: [number, number];
}

/** Where an article first states a person's role: that role's evidence. */
type RoleEvidence = Map<string, { articleId: number; start: number; end: number; on: Date }>;

/**
 * Writes every table's COPY file under `dir`. The sections run in a fixed order on one random
 * stream, so the same articles and seed give the same bytes.
 */
export async function generate(dir: string, articles: number, seed: number): Promise<Record<string, TableFile>> {
  const r = prng(seed);
  const sc = scaleFor(articles);
  const T = Object.fromEntries(
    Object.entries(TABLES).map(([t, cols]) => [t, new TableFile(t, cols, path.join(dir, `${t}.tsv`))]),
  ) as Record<string, TableFile>;

  await writeSources(r, sc, T);
  const places = await writePlaces(r, sc, T);
  const orgs = await writeOrganizations(r, sc, T, places);
  const people = await drawPeople(r, sc, T, places, orgs.orgZipf);
  const decls = drawDeclarations(r, sc, places);
  const w: World = { r, sc, T, ...places, ...orgs, ...people, ...decls };
  const evidence = await writeArticles(w, articles);
  await writeAffiliations(w, evidence);
  await writeDeclarations(w);

  await Promise.all(Object.values(T).map((f) => f.close()));
  return T;
}

async function writeSources(r: Rand, sc: Scale, T: World['T']): Promise<void> {
  for (let i = 1; i <= sc.sources; i++) {
    const name = i === 1 ? 'Azernews' : i === 2 ? 'Anadolu Agency' : `${pick(r, CITY_PARTS)}${pick(r, CITY_ENDS)} Post ${i}`;
    await T.source.add(i, `${slugify(name)}-${i}`, name, `${slugify(name)}-${i}.example`);
  }
}

/** Countries, then cities in them. */
async function writePlaces(r: Rand, sc: Scale, T: World['T']): Promise<Pick<World, 'placeNames' | 'countryIds' | 'places' | 'placeZipf'>> {
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
  return { placeNames, countryIds, places: placeId, placeZipf: zipf(r, placeId, 1.0) };
}

/** Organizations: a country each; about a third are part of an earlier organization. */
async function writeOrganizations(
  r: Rand,
  sc: Scale,
  T: World['T'],
  { placeNames, countryIds }: Pick<World, 'placeNames' | 'countryIds'>,
): Promise<Pick<World, 'orgNames' | 'orgZipf'>> {
  const orgNames: string[] = [''];
  for (let id = 1; id <= sc.organizations; id++) {
    const kind = pick(r, ORG_KINDS);
    const country = r() < 0.5 ? countryIds[int(r, 0, 2)] : pick(r, countryIds);
    const name = pick(r, ORG_FORMS[kind]).replace('{c}', placeNames[country]).replace('{w}', pick(r, ORG_WORDS));
    orgNames.push(name);
    const parent = id > 10 && r() < 0.35 ? int(r, 1, id - 1) : null;
    await T.organization.add(id, `${slugify(name)}-${id}`, name, kind, r() < 0.3 ? `${name}, ${placeNames[country]}` : null, r() < 0.95 ? country : null, parent);
  }
  return { orgNames, orgZipf: zipf(r, sc.organizations, 0.9) };
}

/** People, and the roles in organizations each holds (written as affiliations after the articles). */
async function drawPeople(
  r: Rand,
  sc: Scale,
  T: World['T'],
  { placeNames, countryIds }: Pick<World, 'placeNames' | 'countryIds'>,
  orgZipf: () => number,
): Promise<Pick<World, 'personNames' | 'affiliationsOf' | 'personZipf'>> {
  const personNames: string[] = [''];
  const affiliationsOf: Role[][] = [[]];
  for (let id = 1; id <= sc.people; id++) {
    const name = `${pick(r, FIRST)} ${pick(r, LAST)}`;
    personNames.push(name);
    const nationality = r() < 0.85 ? (r() < 0.6 ? countryIds[int(r, 0, 1)] : pick(r, countryIds)) : null;
    await T.person.add(id, `${slugify(name)}-${id}`, name, r() < 0.2 ? `${pick(r, TITLES)} from ${placeNames[nationality ?? 1]}` : null, nationality);
    const roles: Role[] = [];
    const count = r() < 0.15 ? 0 : int(r, 1, 3);
    for (let k = 0; k < count; k++) {
      const org = orgZipf();
      const title = pick(r, TITLES);
      if (roles.some((x) => x.org === org && x.title === title)) continue;
      roles.push({ org, title });
    }
    affiliationsOf.push(roles);
  }
  return { personNames, affiliationsOf, personZipf: zipf(r, sc.people, 1.0) };
}

function drawDeclarations(r: Rand, sc: Scale, { placeNames, countryIds, places }: Pick<World, 'placeNames' | 'countryIds' | 'places'>): Pick<World, 'decls' | 'declZipf'> {
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
  return { decls, declZipf: zipf(r, sc.declarations, 1.1) };
}

/** Row ids of the article-owned tables, counted across articles. */
interface ArticleIds {
  mention: number;
  quote: number;
  event: number;
  participant: number;
}

/** Articles, with their mentions, quotes, authors and events; returns where roles are stated. */
async function writeArticles(w: World, articles: number): Promise<RoleEvidence> {
  const base = Date.UTC(2015, 0, 1);
  const step = Math.floor((Date.UTC(2025, 0, 1) - base) / articles / 1000) * 1000; // ms between articles
  const ids: ArticleIds = { mention: 0, quote: 0, event: 0, participant: 0 };
  const evidence: RoleEvidence = new Map();
  for (let id = 1; id <= articles; id++) {
    const { r, sc } = w;
    const source = r() < 0.5 ? int(r, 1, 2) : int(r, 1, sc.sources);
    // Unique instants: whole seconds with jitter of up to 5 steps, plus id % 1000 ms.
    const publishedAt = new Date(base + id * step + Math.floor((r() * 5 * step) / 1000) * 1000 + (id % 1000));
    await writeArticle(w, ids, evidence, { id, source, publishedAt });
  }
  return evidence;
}

/** Up to `n` distinct ids from `draw`. */
function distinct(draw: () => number, n: number): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const x = draw();
    if (!out.includes(x)) out.push(x);
  }
  return out;
}

type Mention = [string, number, number, number]; // kind, entity, start, end
interface DrawnQuote {
  speaker: number | null;
  speakerName: string | null;
  text: string;
  start: number;
  end: number;
}

async function writeArticle(w: World, ids: ArticleIds, evidence: RoleEvidence, a: { id: number; source: number; publishedAt: Date }): Promise<void> {
  const { r, sc, T, personNames } = w;
  const { id, source, publishedAt } = a;
  const people = distinct(w.personZipf, int(r, 3, 7));
  const orgs = distinct(w.orgZipf, int(r, 1, 5));
  const place = w.placeZipf();
  const decl = r() < 0.05 ? w.declZipf() : null;
  const { body, mentions, quotes } = composeBody(w, { id, publishedAt, people, orgs, place, decl });

  const title = `${personNames[people[0]]} ${pick(r, VERBS)} ${personNames[people[1]]} on ${pick(r, TOPICS)}`;
  await T.article.add(id, `https://news.example/${source}/${id}`, title, body, publishedAt, 'en', source, 'newsgraph', `gen-${id}`);
  await T.article_author.add(id, sc.people - int(r, 0, sc.journalists - 1), 0);
  for (const [kind, entity, start, end] of mentions) {
    ids.mention++;
    await T.mention.add(ids.mention, id, kind, kind === 'PERSON' ? entity : null, kind === 'ORGANIZATION' ? entity : null,
      kind === 'PLACE' ? entity : null, kind === 'DECLARATION' ? entity : null, start, end);
  }
  for (const q of quotes) {
    ids.quote++;
    const said = r() < 0.5 ? publishedAt : null;
    await T.quote.add(ids.quote, id, q.speaker, q.speakerName, q.text, said ? day(said) : null, said ? 'DAY' : null, q.start, q.end);
  }
  // The first time an article names a person next to an organization they belong to, it is the
  // evidence of that role.
  const p1 = people[1];
  for (const role of w.affiliationsOf[p1]) {
    const key = `${p1}|${role.org}|${role.title}`;
    if (role.org === orgs[0] && !evidence.has(key)) {
      const m = mentions.find((x) => x[0] === 'PERSON' && x[1] === p1)!;
      evidence.set(key, { articleId: id, start: m[2], end: m[3], on: publishedAt });
    }
  }
  if (r() < 0.1) await writeEvent(w, ids, { id, publishedAt, people, orgs, place });
}

/** The body: sentences naming each entity, with offsets recorded as they are written. */
function composeBody(
  w: World,
  a: { id: number; publishedAt: Date; people: number[]; orgs: number[]; place: number; decl: number | null },
): { body: string; mentions: Mention[]; quotes: DrawnQuote[] } {
  const { r, placeNames, personNames, orgNames } = w;
  const { id, publishedAt, people, orgs, place, decl } = a;
  let body = '';
  const mentions: Mention[] = [];
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
    const d = w.decls[decl - 1];
    const start = body.length;
    name('DECLARATION', decl, d.title);
    if (d.articleId === null) {
      d.articleId = id;
      d.ev = [start, body.length];
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
  const quotes: DrawnQuote[] = [];
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
  return { body, mentions, quotes };
}

async function writeEvent(w: World, ids: ArticleIds, a: { id: number; publishedAt: Date; people: number[]; orgs: number[]; place: number }): Promise<void> {
  const { r, T, personNames } = w;
  const { id, publishedAt, people, orgs, place } = a;
  ids.event++;
  const kind = pick(r, EVENT_KINDS);
  const topics = `{${[pick(r, TOPICS), pick(r, TOPICS)].map((t) => `"${t}"`).join(',')}}`;
  await T.event.add(ids.event, id, kind, `${personNames[people[0]]} and ${personNames[people[1]]}: ${kind.toLowerCase()}`,
    r() < 0.5 ? `They discussed ${pick(r, TOPICS)}.` : null, day(publishedAt), 'DAY', place, topics);
  const nPart = int(r, 2, 4);
  for (let k = 0; k < nPart; k++) {
    ids.participant++;
    const person = k < people.length ? people[k] : null;
    await T.event_participant.add(ids.participant, ids.event, person, person === null || r() < 0.4 ? orgs[k % orgs.length] : null,
      k === 0 ? 'host' : pick(r, ['guest', 'delegation', 'recipient', 'speaker']));
  }
}

/** Affiliations, with evidence where an article states them. */
async function writeAffiliations(w: World, evidence: RoleEvidence): Promise<void> {
  const { r, sc, T } = w;
  let affiliationId = 0;
  for (let p = 1; p <= sc.people; p++) {
    for (const role of w.affiliationsOf[p]) {
      affiliationId++;
      const ev = evidence.get(`${p}|${role.org}|${role.title}`);
      const from = r() < 0.7 ? new Date(Date.UTC(2000 + int(r, 0, 22), int(r, 0, 11), 1)) : null;
      const to = from && r() < 0.3 ? new Date(from.getTime() + int(r, 365, 3650) * 86_400_000) : null;
      const fromPrecision = from ? pick(r, ['MONTH', 'YEAR', 'DAY']) : null;
      await T.affiliation.add(affiliationId, p, role.org, role.title, from ? day(from) : null, fromPrecision,
        to ? day(to) : null, to ? 'DAY' : null, ev?.articleId ?? null, ev?.start ?? null, ev?.end ?? null);
    }
  }
}

/** Declarations, their provisions, 2-20 signatories, and relations between them. */
async function writeDeclarations(w: World): Promise<void> {
  const { r, T } = w;
  const ids = { provision: 0, signatory: 0 };
  for (const d of w.decls) {
    await T.declaration.add(d.id, `${slugify(d.title)}`, d.title, d.kind, d.signedOn ? day(d.signedOn) : null, d.precision, d.place,
      `A ${d.kind.toLowerCase().replace('_', ' ')} on ${pick(r, TOPICS)} and ${pick(r, TOPICS)}.`, d.articleId, d.ev?.[0] ?? null, d.ev?.[1] ?? null);
    const nProv = int(r, 1, 6);
    for (let k = 1; k <= nProv; k++) {
      ids.provision++;
      await T.declaration_provision.add(ids.provision, d.id, k, `The parties shall cooperate on ${pick(r, TOPICS)}.`, d.articleId);
    }
    await writeSignatories(w, d, ids);
  }
  await writeRelations(w);
}

async function writeSignatories(w: World, d: Decl, ids: { signatory: number }): Promise<void> {
  const { r, sc, T } = w;
  const nSign = int(r, 2, 20);
  const signers = new Set<number>();
  for (let k = 0; k < nSign; k++) {
    let person = w.personZipf();
    while (signers.has(person)) person = int(r, 1, sc.people);
    signers.add(person);
    ids.signatory++;
    const roles = w.affiliationsOf[person];
    const role = roles.length ? roles[0] : null;
    await T.declaration_signatory.add(ids.signatory, d.id, person, role ? role.org : null, r() < 0.5 ? pick(r, w.countryIds) : null,
      role ? `${role.title}, ${w.orgNames[role.org]}` : null, d.articleId);
  }
}

async function writeRelations(w: World): Promise<void> {
  const { r, sc, T } = w;
  const related = new Set<string>();
  let relationId = 0;
  for (let k = 0; k < Math.floor(sc.declarations / 2); k++) {
    const from = int(r, 1, sc.declarations);
    const to = int(r, 1, sc.declarations);
    const kind = pick(r, REL_KINDS);
    if (from === to || related.has(`${from}|${to}|${kind}`)) continue;
    related.add(`${from}|${to}|${kind}`);
    relationId++;
    await T.declaration_relation.add(relationId, from, to, kind, `${kind.toLowerCase().replace('_', ' ')} the other`, w.decls[from - 1].articleId);
  }
}
