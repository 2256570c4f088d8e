/**
 * The document a GKG record maps to, checked directly instead of by the document schema.
 *
 * The mapper (toDocument.ts) builds one fixed shape, so most of what the zod schema and the
 * whole-document pass check (unknown keys, types, references to listed entities, defaults) holds
 * by construction; what is left is a few patterns, lengths and ranges, checked here field by
 * field at a fraction of the cost (the schema was a third of a parse worker's time per record).
 *
 * It only ever says yes when parseArticleDocument would accept the same JSON and give the same
 * document: anything it does not recognise as plainly valid returns undefined, and the caller
 * validates with the schema as before, so a bad record gets the schema's errors, word for word.
 * tests/gkgChecked.test.ts compares both on the sample batch, generated records and mutated ones.
 *
 * The document is built with every object's keys in sorted order: canonicalJson (the content
 * hash) then serializes it with JSON.stringify in one native call.
 */
import {
  articleUrlSchema,
  COUNTRY_CODE_PATTERN,
  DOCUMENT_VERSION,
  DOMAIN_PATTERN,
  FEATURE_ID_PATTERN,
  LABEL_PATTERN,
  LANGUAGE_PATTERN,
  LONE_SURROGATE,
  publishedAtSchema,
  SLUG_PATTERN,
  type ArticleDocument,
  type EvidenceSpan,
} from '../../document/document.js';
import { PlaceKind } from '../../generated/prisma/enums.js';

type Json = Record<string, unknown>;

const PLACE_KINDS = new Set<unknown>(Object.values(PlaceKind));

/** No NUL, no lone surrogate: what checkStorable asks of every string. */
const storable = (s: string) => !s.includes('\u0000') && !LONE_SURROGATE.test(s);

const isString = (v: unknown): v is string => typeof v === 'string';
const label = (v: unknown, max = 1000): v is string => isString(v) && v.length >= 1 && v.length <= max && LABEL_PATTERN.test(v) && storable(v);
const slug = (v: unknown): v is string => isString(v) && v.length <= 120 && SLUG_PATTERN.test(v);
const between = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const count = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** An evidence span with offsets and no text (the body is empty), as locateSpans leaves it. */
function span(v: unknown): EvidenceSpan | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const { start, end, ...rest } = v as Json;
  if (Object.keys(rest).length || !count(start) || !count(end) || end <= start) return undefined;
  return { end, start };
}

function aliases(v: unknown): string[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((a) => label(a))) return undefined;
  return [...(v)];
}

/** Nothing but these keys (the schemas are strict). */
const only = (o: Json, keys: ReadonlySet<string>) => Object.keys(o).every((k) => keys.has(k));

const ENTITY_KEYS = new Set(['slug', 'name', 'aliases', 'mentions']);
const PLACE_KEYS = new Set(['slug', 'name', 'aliases', 'kind', 'countryCode', 'featureId', 'parent', 'latitude', 'longitude', 'mentions']);
const ARTICLE_KEYS = new Set(['url', 'title', 'body', 'publishedAt', 'language', 'source', 'authors', 'feed', 'externalId', 'topics', 'tone']);
const TONE_KEYS = ['activityDensity', 'negative', 'polarity', 'positive', 'selfGroupDensity', 'tone', 'wordCount'] as const;

type Entity = ArticleDocument['people'][number];
type Place = ArticleDocument['places'][number];
type Quote = ArticleDocument['quotes'][number];
type Article = ArticleDocument['article'];

function entity(v: unknown): Entity | undefined {
  if (v === null || typeof v !== 'object' || !only(v as Json, ENTITY_KEYS)) return undefined;
  const e = v as Json;
  const a = aliases(e.aliases);
  const m = e.mentions === undefined ? [] : list(e.mentions, span);
  if (!slug(e.slug) || !label(e.name) || !a || !m) return undefined;
  return { aliases: a, mentions: m, name: e.name, slug: e.slug };
}

function place(v: unknown): Place | undefined {
  if (v === null || typeof v !== 'object' || !only(v as Json, PLACE_KEYS)) return undefined;
  const p = v as Json;
  const a = aliases(p.aliases);
  const m = p.mentions === undefined ? [] : list(p.mentions, span);
  if (!slug(p.slug) || !label(p.name) || !a || !m) return undefined;
  if (p.kind !== undefined && !PLACE_KINDS.has(p.kind)) return undefined;
  if (p.countryCode !== undefined && !(isString(p.countryCode) && COUNTRY_CODE_PATTERN.test(p.countryCode))) return undefined;
  if (p.featureId !== undefined && !(isString(p.featureId) && FEATURE_ID_PATTERN.test(p.featureId) && storable(p.featureId))) return undefined;
  if (p.parent !== undefined && !slug(p.parent)) return undefined;
  // Both or neither (checkFacts), each in range.
  if ((p.latitude === undefined) !== (p.longitude === undefined)) return undefined;
  if (p.latitude !== undefined && !(between(p.latitude, -90, 90) && between(p.longitude, -180, 180))) return undefined;
  const out: Json = { aliases: a };
  if (p.countryCode !== undefined) out.countryCode = p.countryCode;
  if (p.featureId !== undefined) out.featureId = p.featureId;
  if (p.kind !== undefined) out.kind = p.kind;
  if (p.latitude !== undefined) {
    out.latitude = p.latitude;
    out.longitude = p.longitude;
  }
  out.mentions = m;
  out.name = p.name;
  if (p.parent !== undefined) out.parent = p.parent;
  out.slug = p.slug;
  return out as Place;
}

function quote(v: unknown): Quote | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const { text, verb, evidence, ...rest } = v as Json;
  if (Object.keys(rest).length) return undefined;
  if (!isString(text) || text.length > 20_000 || !/\S/.test(text) || !storable(text)) return undefined;
  if (verb !== undefined && !label(verb, 100)) return undefined;
  const e = evidence === undefined ? undefined : span(evidence);
  if (evidence !== undefined && !e) return undefined;
  const out: Json = {};
  if (e) out.evidence = e;
  out.text = text;
  if (verb !== undefined) out.verb = verb;
  return out as Quote;
}

function tone(v: unknown): Article['tone'] | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const t = v as Json;
  if (Object.keys(t).length !== TONE_KEYS.length) return undefined;
  const out: Json = {};
  for (const k of TONE_KEYS) {
    const ok = k === 'wordCount' ? count(t[k]) : k === 'tone' ? between(t[k], -100, 100) : between(t[k], 0, 100);
    if (!ok) return undefined;
    out[k] = t[k];
  }
  return out as Article['tone'];
}

function source(v: unknown): Article['source'] | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const { slug: s, name, domain, ...rest } = v as Json;
  if (Object.keys(rest).length || !slug(s) || !label(name)) return undefined;
  if (domain !== undefined && !(isString(domain) && DOMAIN_PATTERN.test(domain))) return undefined;
  return domain === undefined ? { name, slug: s } : { domain, name, slug: s };
}

/** What the URL and date schemas say, when they accept the value unchanged. */
function acceptedAsIs(schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }, v: unknown): boolean {
  const r = schema.safeParse(v);
  return r.success && r.data === v;
}

function article(v: unknown, people: ReadonlySet<string>): Article | undefined {
  if (v === null || typeof v !== 'object' || !only(v as Json, ARTICLE_KEYS)) return undefined;
  const a = v as Json;
  if (!isString(a.url) || !storable(a.url) || !acceptedAsIs(articleUrlSchema, a.url)) return undefined;
  if (!label(a.title) || a.body !== '' || !isString(a.publishedAt) || !acceptedAsIs(publishedAtSchema, a.publishedAt)) return undefined;
  if (!isString(a.language) || !LANGUAGE_PATTERN.test(a.language)) return undefined;
  if (!isString(a.feed) || a.feed.length < 1 || a.feed.length > 100 || !storable(a.feed)) return undefined;
  if (!isString(a.externalId) || a.externalId.length < 1 || a.externalId.length > 500 || !storable(a.externalId)) return undefined;
  const src = source(a.source);
  // Every author a listed person, none twice (checkReferences, checkFacts).
  const authors = a.authors;
  if (!src || !Array.isArray(authors) || !authors.every((s, i) => slug(s) && people.has(s) && authors.indexOf(s) === i)) return undefined;
  if (a.topics !== undefined && !(Array.isArray(a.topics) && a.topics.length <= 1000 && a.topics.every((t) => label(t)))) return undefined;
  const t = a.tone === undefined ? undefined : tone(a.tone);
  if (a.tone !== undefined && !t) return undefined;
  const out: Json = { authors: [...(authors as string[])], body: '', externalId: a.externalId, feed: a.feed, language: a.language, publishedAt: a.publishedAt, source: src, title: a.title };
  if (t) out.tone = t;
  if (a.topics !== undefined) out.topics = [...(a.topics)];
  out.url = a.url;
  return out as Article;
}

function list<T>(v: unknown, item: (x: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: T[] = [];
  for (const x of v) {
    const checked = item(x);
    if (!checked) return undefined;
    out.push(checked);
  }
  return out;
}

function uniqueSlugs(items: ReadonlyArray<{ slug: string }>): Set<string> | undefined {
  const slugs = new Set(items.map((i) => i.slug));
  return slugs.size === items.length ? slugs : undefined;
}

/** Every parent a listed place, and no place its own ancestor (checkReferences, checkParentCycles). */
function parentsOk(places: readonly Place[], slugs: ReadonlySet<string>): boolean {
  const parentOf = new Map(places.map((p) => [p.slug, p.parent]));
  return places.every((p) => {
    if (p.parent === undefined) return true;
    if (!slugs.has(p.parent)) return false;
    const seen = new Set([p.slug]);
    for (let up: string | undefined = p.parent; up !== undefined; up = parentOf.get(up)) {
      if (seen.has(up)) return false;
      seen.add(up);
    }
    return true;
  });
}

/**
 * The document parseArticleDocument would make of this mapped GKG JSON, or undefined when the
 * JSON is not plainly valid (then the schema decides, and says why).
 */
export function checkedGkgDocument(json: Json): ArticleDocument | undefined {
  const { version, article: rawArticle, places: rawPlaces, people: rawPeople, organizations: rawOrgs, quotes: rawQuotes, ...rest } = json;
  if (version !== DOCUMENT_VERSION || Object.keys(rest).length) return undefined;
  const places = list(rawPlaces, place);
  const people = list(rawPeople, entity);
  const organizations = list(rawOrgs, entity);
  const quotes = list(rawQuotes, quote);
  if (!places || !people || !organizations || !quotes) return undefined;
  const placeSlugs = uniqueSlugs(places);
  const personSlugs = uniqueSlugs(people);
  if (!placeSlugs || !personSlugs || !uniqueSlugs(organizations) || !parentsOk(places, placeSlugs)) return undefined;
  const a = article(rawArticle, personSlugs);
  if (!a) return undefined;
  return {
    affiliations: [],
    article: a,
    declarationRelations: [],
    declarations: [],
    events: [],
    organizations,
    people,
    places,
    quotes,
    version: DOCUMENT_VERSION,
  };
}
