/**
 * One GDELT GKG 2.1 record → one newsgraph article document (mapping table: docs/ingest.md).
 *
 * GKG carries no article text, so the body is empty and every mention, and every quote, has
 * offsets (GDELT's approximate character offsets into the original article) but no text.
 */
import type { RecordIssue, RecordResult } from '../records.js';
import { validateDocument } from '../records.js';
import { checkedGkgDocument } from './checked.js';
import { displayName, isMultiWord, nameKey, slugify } from '../names.js';
import { countryFromFips } from './countries.js';
import {
  clean,
  FieldError,
  parseDate,
  parseExtras,
  parseLanguage,
  parseLocations,
  parseNamesWithOffsets,
  parseQuotations,
  parseRecordId,
  parseTone,
  splitRow,
  type GkgLocation,
  type NameAt,
} from './fields.js';

export const GKG_FEED = 'gdelt-gkg';

type Json = Record<string, unknown>;
type Span = { start: number; end: number };

/** Parses and validates one line of a GKG file; never throws. */
export function gkgLineToRecord(line: string): RecordResult & { label?: string } {
  const label = /^\d{14}-T?\d+(?=\t)/.exec(line)?.[0];
  const warnings: RecordIssue[] = [];
  try {
    const json = gkgLineToDocumentJson(line, warnings);
    // The schema only for what the direct check does not recognise as valid: it says why.
    const document = checkedGkgDocument(json);
    const result: RecordResult = document ? { ok: true, document, warnings } : validateDocument(json, warnings, gkgFieldOf);
    return { ...result, label: label && `GKGRECORDID ${label}` };
  } catch (err) {
    if (!(err instanceof FieldError)) throw err;
    return { ok: false, issues: [{ field: err.field, message: err.message }], warnings, label: label && `GKGRECORDID ${label}` };
  }
}

/** The document JSON for one GKG line (not yet validated); throws FieldError on a field it needs. */
export function gkgLineToDocumentJson(line: string, warnings: RecordIssue[]): Json {
  const row = splitRow(line);
  const id = parseRecordId(row.GKGRECORDID);
  const publishedAt = parseDate(row.DATE);
  if (row.SourceCollectionIdentifier !== '1') {
    throw new FieldError('SourceCollectionIdentifier', `only 1 (WEB, a URL) is supported, got ${JSON.stringify(row.SourceCollectionIdentifier)}`);
  }
  const url = row.DocumentIdentifier.trim();
  if (!/^https?:\/\/\S+$/.test(url)) throw new FieldError('DocumentIdentifier', `expected an http(s) URL, got ${JSON.stringify(url.slice(0, 100))}`);
  const extras = parseExtras(row.Extras);
  const people = entities(parseNamesWithOffsets(row.V2Persons, 'V2Persons', warnings));
  const authors = authorsFrom(extras.get('PAGE_AUTHORS') ?? '', people);
  const tone = parseTone(row.V2Tone);
  const topics = topicsFrom(row, warnings);
  return {
    version: 1,
    article: {
      url,
      title: (extras.get('PAGE_TITLE') || url).slice(0, 1000).trim(),
      body: '',
      publishedAt,
      language: parseLanguage(row.TranslationInfo),
      source: sourceFrom(row.SourceCommonName, url),
      authors: authors.map((a) => a.slug),
      feed: GKG_FEED,
      externalId: id,
      ...(topics.length ? { topics } : {}),
      ...(tone ? { tone } : {}),
    },
    places: placesFrom(parseLocations(row.V2Locations, warnings)),
    people: [...people.values()].map(entityJson),
    organizations: [...entities(parseNamesWithOffsets(row.V2Organizations, 'V2Organizations', warnings)).values()].map(entityJson),
    quotes: parseQuotations(row.Quotations, warnings).map((q) => ({
      text: q.text,
      ...(q.verb ? { verb: q.verb } : {}),
      ...(q.length > 0 ? { evidence: { start: q.offset, end: q.offset + q.length } } : {}),
    })),
  };
}

/** Document paths → the GKG field the value came from, for rejection messages. */
function gkgFieldOf(path: string): string {
  const rules: Array<[RegExp, string]> = [
    [/^article\.url/, 'DocumentIdentifier'],
    [/^article\.title/, 'Extras PAGE_TITLE'],
    [/^article\.publishedAt/, 'DATE'],
    [/^article\.source/, 'SourceCommonName'],
    [/^article\.language/, 'TranslationInfo'],
    [/^article\.topics/, 'V2Themes'],
    [/^article\.tone/, 'V2Tone'],
    [/^article\.authors/, 'Extras PAGE_AUTHORS'],
    [/^article\.externalId/, 'GKGRECORDID'],
    [/^people/, 'V2Persons'],
    [/^organizations/, 'V2Organizations'],
    [/^places/, 'V2Locations'],
    [/^quotes/, 'Quotations'],
  ];
  const rule = rules.find(([re]) => re.test(path));
  return rule ? `${rule[1]} (${path})` : path || 'record';
}

// ---------------------------------------------------------------------------------------------
// Article fields
// ---------------------------------------------------------------------------------------------

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The publisher, by its domain: GKG's SourceCommonName, else the URL's host. */
function sourceFrom(commonName: string, url: string): Json {
  let name = commonName.trim().toLowerCase();
  if (!name) name = new URL(url).hostname.replace(/^www\./, '');
  return { slug: slugify(name.replace(/\./g, ' ')), name, ...(DOMAIN.test(name) ? { domain: name } : {}) };
}

/** Distinct themes in order of first mention (V2Themes; the offset-less V1 Themes when empty). */
function topicsFrom(row: { V2Themes: string; Themes: string }, warnings: RecordIssue[]): string[] {
  const themes = row.V2Themes
    ? parseNamesWithOffsets(row.V2Themes, 'V2Themes', warnings).map((t) => t.name)
    : row.Themes.split(';').map((t) => t.trim());
  return [...new Set(themes.filter((t) => t && t.length <= 1000))].slice(0, 1000);
}

// ---------------------------------------------------------------------------------------------
// People and organizations
// ---------------------------------------------------------------------------------------------

interface Entity {
  slug: string;
  name: string;
  aliases: string[];
  mentions: Span[];
}

/** Names grouped by slug (one entity per normalized name), mentions in the order given. */
function entities(names: readonly NameAt[]): Map<string, Entity> {
  const bySlug = new Map<string, Entity>();
  for (const { name, offset } of names) {
    const cleaned = clean(name).slice(0, 1000);
    if (!nameKey(cleaned)) continue;
    const slug = slugify(cleaned);
    const display = displayName(cleaned);
    let e = bySlug.get(slug);
    if (!e) bySlug.set(slug, (e = { slug, name: display, aliases: [], mentions: [] }));
    else if (display !== e.name && !e.aliases.includes(display)) e.aliases.push(display);
    e.mentions.push({ start: offset, end: offset + cleaned.length });
  }
  return bySlug;
}

function entityJson(e: Entity): Json {
  return { slug: e.slug, name: e.name, ...(e.aliases.length ? { aliases: e.aliases } : {}), mentions: e.mentions };
}

/** Bylines that name no person: wire services, roles, CMS defaults. */
const NOT_A_PERSON = /\b(admin|administrator|staff|press|news|newsroom|associated|agency|wire|reuters|afp|ap|pti|ians|ani|editor|editors|editorial|desk|team|correspondent|reporter|contributor|writer|image|photo|report|service|media|online|digital|web|bureau|tns|content|syndicated|sponsored|partner|guest|newswire|the|and)\b/i;

/**
 * PAGE_AUTHORS as people. Bylines are free text ("Sam Metz | AP", "Kalea Hall - The Detroit News
 * (TNS)", "admin"): an author is kept only when what is left looks like a personal name, two to
 * four capitalized words; agencies and roles are not people.
 */
function authorsFrom(value: string, people: Map<string, Entity>): Entity[] {
  const out: Entity[] = [];
  for (const raw of value.split(/;|\band\b|&/)) {
    const name = clean(raw.replace(/^by\s+/i, '').split(/\s+[|–—-]\s+|\s*\(|,/)[0]);
    const words = name.split(' ');
    if (words.length < 2 || words.length > 4 || NOT_A_PERSON.test(name)) continue;
    if (!words.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w))) continue;
    const slug = slugify(name);
    if (!isMultiWord(nameKey(name)) || out.some((a) => a.slug === slug)) continue;
    let person = people.get(slug);
    if (!person) people.set(slug, (person = { slug, name: displayName(name), aliases: [], mentions: [] }));
    out.push(person);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------------

const KIND_OF_TYPE: Record<number, string> = { 1: 'COUNTRY', 2: 'REGION', 3: 'CITY', 4: 'CITY', 5: 'REGION' };

interface Place {
  slug: string;
  name: string;
  aliases: string[];
  kind: string;
  countryCode?: string;
  featureId?: string;
  parent?: string;
  latitude?: number;
  longitude?: number;
  mentions: Span[];
}

/**
 * One place per gazetteer identity: a country per FIPS code (named from the table: GKG gives the
 * article's word, "Americans"), a state or province per ADM1 code, a city or landmark per feature
 * id. Cities and regions get their country as parent, listed even when the article does not name it.
 */
function placesFrom(locations: readonly GkgLocation[]): Json[] {
  const byIdentity = new Map<string, Place>();
  const slugs = new Set<string>();
  const country = (fips: string): Place | undefined => {
    const c = countryFromFips(fips);
    if (!c) return undefined;
    return upsertPlace(byIdentity, slugs, `country:${fips}`, {
      slug: slugify(c.name), name: c.name, aliases: [], kind: 'COUNTRY', mentions: [], ...(c.iso ? { countryCode: c.iso } : {}),
    });
  };
  for (const loc of locations) {
    const mentioned = loc.fullName.split(',')[0].trim();
    const span = { start: loc.offset, end: loc.offset + Math.max(1, mentioned.length) };
    if (loc.type === 1) {
      const place = country(loc.countryCode) ?? upsertPlace(byIdentity, slugs, `name:${loc.fullName}`, {
        slug: slugify(loc.fullName), name: loc.fullName, aliases: [], kind: 'COUNTRY', mentions: [],
      });
      place.mentions.push(span);
      continue;
    }
    const parent = country(loc.countryCode);
    const featureId = loc.type === 2 || loc.type === 5 ? (loc.adm1 ? `adm1:${loc.adm1}` : undefined) : loc.featureId ? `gns:${loc.featureId}` : undefined;
    const place = upsertPlace(byIdentity, slugs, featureId ?? `name:${loc.fullName}`, {
      slug: slugify(loc.fullName),
      name: loc.fullName.slice(0, 1000),
      aliases: [],
      kind: KIND_OF_TYPE[loc.type],
      mentions: [],
      ...(featureId && /^\S{1,100}$/.test(featureId.split(':')[1]) ? { featureId } : {}),
      ...(parent ? { parent: parent.slug, ...(parent.countryCode ? { countryCode: parent.countryCode } : {}) } : {}),
      ...(loc.latitude !== undefined ? { latitude: loc.latitude, longitude: loc.longitude } : {}),
    });
    if (place.name !== loc.fullName && !place.aliases.includes(loc.fullName)) place.aliases.push(loc.fullName);
    place.mentions.push(span);
  }
  return [...byIdentity.values()].map((p) => ({ ...p, ...(p.aliases.length ? {} : { aliases: undefined }) }));
}

/** The place with this identity, created on first sight; a slug two identities share gets a suffix. */
function upsertPlace(byIdentity: Map<string, Place>, slugs: Set<string>, identity: string, fresh: Place): Place {
  const found = byIdentity.get(identity);
  if (found) return found;
  if (slugs.has(fresh.slug)) fresh.slug = `${fresh.slug}-${slugify(identity)}`.slice(0, 120).replace(/-+$/, '');
  slugs.add(fresh.slug);
  byIdentity.set(identity, fresh);
  return fresh;
}
