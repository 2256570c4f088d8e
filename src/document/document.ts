/**
 * The newsgraph article document: one JSON document holding one article and everything it states
 * (people, organizations, places, declarations, roles, quotes, events), each fact pinned to the
 * words of the article body that state it. Guide: docs/document-format.md.
 *
 * A document is self-contained: every slug it references names an entity listed in the same
 * document. Validation is two layers: the zod shape (types, patterns, enums, no unknown keys), then
 * one whole-document pass (`checkDocument`) for what a field cannot check alone: references,
 * duplicate slugs, parent cycles, and evidence that must equal `article.body.slice(start, end)`.
 */
import { z } from 'zod';
import {
  DeclarationKind,
  DeclarationRelationKind,
  EventKind,
  OrganizationKind,
  PlaceKind,
} from '../generated/prisma/enums.js';
import { isPartialDate, parsePartialDate, PARTIAL_DATE_PATTERN } from '../lib/partialDate.js';
import { locateText, nearestOccurrences } from './spans.js';

export const DOCUMENT_VERSION = 1;

/** Lowercase kebab-case: `zakir-hasanov`, `shusha-declaration`, `azerbaijan`. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

const slug = z
  .string()
  .max(120)
  .regex(SLUG_PATTERN, { message: 'must be a lowercase kebab-case slug (a-z, 0-9, single hyphens), e.g. "zakir-hasanov"' })
  .meta({ description: 'Lowercase kebab-case identifier, unique per entity type across all documents.' });

/** A reference to an entity of this document, by slug. */
const ref = (what: string) => slug.meta({ description: `Slug of ${what} listed in this document.` });

/** A label's pattern: non-empty, no leading or trailing whitespace. */
export const LABEL_PATTERN = /^\S(?:[\s\S]*\S)?$/;

/** A non-empty string without leading or trailing whitespace (names, titles). */
const label = z
  .string()
  .min(1)
  .max(1000)
  .regex(LABEL_PATTERN, { message: 'must be non-empty, without leading or trailing whitespace' });

/** Free text that must say something. */
const prose = z.string().regex(/\S/, { message: 'must not be blank' }).max(20_000);

const wikidataId = z
  .string()
  .regex(/^Q[1-9]\d*$/, { message: 'must be a Wikidata item id like "Q227"' })
  .meta({ description: 'Wikidata item id (Q-number). Give it only when certain: it is unique across the database.' });

const partialDate = z
  .string()
  .regex(PARTIAL_DATE_PATTERN, { message: 'must be a partial date: YYYY, YYYY-MM or YYYY-MM-DD' })
  .refine(isPartialDate, { message: 'is not a real calendar date' })
  .meta({ description: 'A date known to the day, month or year: YYYY-MM-DD, YYYY-MM or YYYY. The form is the precision.' });

/**
 * The words of the article body that state a fact: half-open UTF-16 offsets, as JavaScript's
 * `body.slice(start, end)`; `text` repeats those words so a document can be checked (and read) by eye.
 * Feeds that carry no body (GDELT GKG) give offsets only: `text` is required exactly when the body
 * is there to check it against (see checkEvidence). A person may give the words alone
 * (`{ "text": "Zakir Hasanov" }`, with `occurrence` when they occur more than once): parsing
 * computes the offsets (locateSpans), and the document then holds them as if they had been given.
 */
export const evidenceSchema = z
  .strictObject({
    start: z.int().min(0).optional().meta({ description: 'Offset of the first UTF-16 code unit (inclusive). Give start and end together, or neither (then the text locates the span).' }),
    end: z.int().min(0).optional().meta({ description: 'Offset after the last UTF-16 code unit (exclusive).' }),
    text: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Exactly article.body.slice(start, end). Required when article.body is not empty; absent when it is. Alone (without offsets), it locates the span: its only occurrence in the body, or the one `occurrence` names.' }),
    occurrence: z
      .int()
      .min(1)
      .optional()
      .meta({ description: 'With text and no offsets: which occurrence of the text in the body, 1 for the first (needed when it occurs more than once).' }),
  })
  .superRefine((e, ctx) => {
    const offsets = e.start !== undefined || e.end !== undefined;
    if (e.start === undefined && e.end !== undefined) ctx.addIssue({ code: 'custom', path: ['start'], message: 'start is missing: give start and end together' });
    if (e.start !== undefined && e.end === undefined) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end is missing: give start and end together' });
    if (e.start !== undefined && e.end !== undefined && e.end <= e.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be greater than start' });
    if (!offsets && e.text === undefined) ctx.addIssue({ code: 'custom', message: 'a span needs its text, or start and end (or all three)' });
    if (offsets && e.occurrence !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['occurrence'], message: 'occurrence picks a span given by its text alone: drop it, or drop start and end' });
    }
  })
  .meta({
    id: 'Evidence',
    description: 'Where the article body states this: body.slice(start, end) === text; or the text alone (with occurrence when it repeats), located by the importer.',
  });

const mentions = z
  .array(evidenceSchema)
  .default([])
  .meta({ description: 'Every place in the article body that names or clearly refers to this entity.' });

const aliases = z.array(label).default([]).meta({ description: 'Other names, spellings and short forms.' });

// ---------------------------------------------------------------------------------------------
// The article
// ---------------------------------------------------------------------------------------------

/** A source's domain: a lowercase host name. */
export const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** BCP 47, as far as the format checks it. */
export const LANGUAGE_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
export const COUNTRY_CODE_PATTERN = /^[A-Z]{2}$/;
export const FEATURE_ID_PATTERN = /^[a-z0-9]+:\S{1,100}$/;

const sourceSchema = z.strictObject({
  slug,
  name: label,
  domain: z
    .string()
    .regex(DOMAIN_PATTERN, { message: 'must be a lowercase host name like "azernews.az"' })
    .optional(),
}).meta({ id: 'Source' });

/** The emotional tone a feed scored the article with: GDELT GKG's V2Tone, in its order. */
const toneSchema = z.strictObject({
  tone: z.number().min(-100).max(100).meta({ description: 'Average tone: positive minus negative, -100 to +100.' }),
  positive: z.number().min(0).max(100).meta({ description: 'Percentage of words with a positive connotation.' }),
  negative: z.number().min(0).max(100).meta({ description: 'Percentage of words with a negative connotation.' }),
  polarity: z.number().min(0).max(100).meta({ description: 'Percentage of words found in the tonal dictionary.' }),
  activityDensity: z.number().min(0).max(100).meta({ description: 'Percentage of active words.' }),
  selfGroupDensity: z.number().min(0).max(100).meta({ description: 'Percentage of pronouns (self/group references).' }),
  wordCount: z.int().min(0).meta({ description: 'Words in the article.' }),
}).meta({ id: 'Tone' });

const articleSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, hostname: z.regexes.domain, message: 'must be an absolute http(s) URL' })
    .max(2000)
    .meta({ description: 'Canonical URL; identifies the article (re-importing the same URL updates it).' }),
  title: label,
  body: z.string().meta({
    description: 'The full text. Evidence offsets index into it. Empty when the feed carries no text (GDELT GKG): evidence then has offsets but no text.',
  }),
  publishedAt: z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], {
      error: 'must be an ISO 8601 date (2021-09-28) or date-time with offset (2021-09-28T10:00:00Z)',
    })
    .meta({ description: 'Publication date (midnight UTC) or date-time with offset.' }),
  language: z
    .string()
    .regex(LANGUAGE_PATTERN, { message: 'must be a BCP 47 language tag like "en" or "az-Latn"' }),
  source: sourceSchema,
  authors: z.array(ref('a person')).default([]).meta({ description: 'The byline, in order: slugs of people.' }),
  feed: z.string().min(1).max(100).default('newsgraph').meta({ description: 'Where the document came from.' }),
  externalId: z.string().min(1).max(500).optional().meta({ description: 'The id of the article in its feed.' }),
  topics: z
    .array(label)
    .max(1000)
    .optional()
    .meta({ description: 'Topics (themes), in order of first mention, e.g. GDELT GKG themes like "WB_2433_CONFLICT_AND_VIOLENCE".' }),
  tone: toneSchema.optional(),
}).meta({ id: 'Article' });

/**
 * The article fields whose checks are more than a pattern (URL parsing, ISO dates), for
 * validators that check a known document shape directly (src/import/gkg/checked.ts).
 */
export const articleUrlSchema = articleSchema.shape.url;
export const publishedAtSchema = articleSchema.shape.publishedAt;

// ---------------------------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------------------------

const placeSchema = z.strictObject({
  slug,
  name: label,
  aliases,
  kind: z.enum(PlaceKind).optional(),
  countryCode: z.string().regex(COUNTRY_CODE_PATTERN, { message: 'must be an ISO 3166-1 alpha-2 code like "AZ"' }).optional(),
  parent: ref('a place').optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  wikidataId: wikidataId.optional(),
  featureId: z
    .string()
    .regex(FEATURE_ID_PATTERN, { message: 'must be "<gazetteer>:<id>", e.g. "gns:-2601889" or "adm1:USKS"' })
    .optional()
    .meta({ description: 'A gazetteer id identifying the place across spellings (unique across the database).' }),
  mentions,
}).meta({ id: 'Place' });

const personSchema = z.strictObject({
  slug,
  name: label,
  aliases,
  description: prose.optional(),
  nationality: ref('a place').optional(),
  wikidataId: wikidataId.optional(),
  mentions,
}).meta({ id: 'Person' });

const organizationSchema = z.strictObject({
  slug,
  name: label,
  aliases,
  kind: z.enum(OrganizationKind).optional(),
  description: prose.optional(),
  country: ref('a place').optional(),
  parent: ref('an organization').optional(),
  wikidataId: wikidataId.optional(),
  mentions,
}).meta({ id: 'Organization' });

const provisionSchema = z.strictObject({
  text: prose.meta({ description: 'The commitment, in words close to the article’s.' }),
  evidence: evidenceSchema.optional(),
}).meta({ id: 'Provision' });

const signatorySchema = z
  .strictObject({
    person: ref('a person').optional(),
    organization: ref('an organization').optional(),
    place: ref('a place (a country signing)').optional(),
    role: label.optional().meta({ description: 'In what capacity, e.g. "President of Azerbaijan".' }),
    evidence: evidenceSchema.optional(),
  })
  .refine((s) => s.person !== undefined || s.organization !== undefined || s.place !== undefined, {
    message: 'a signatory needs at least one party: person, organization or place',
  }).meta({ id: 'Signatory' });

const declarationSchema = z.strictObject({
  slug,
  title: label,
  aliases,
  kind: z.enum(DeclarationKind).optional(),
  signed: partialDate.optional(),
  place: ref('a place').optional().meta({ description: 'Where it was signed.' }),
  summary: prose.optional(),
  evidence: evidenceSchema.optional().meta({ description: 'The words that state the declaration itself.' }),
  provisions: z.array(provisionSchema).default([]).meta({ description: 'Its commitments, in order.' }),
  signatories: z.array(signatorySchema).default([]),
  wikidataId: wikidataId.optional(),
  mentions,
}).meta({ id: 'Declaration' });

// ---------------------------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------------------------

const declarationRelationSchema = z.strictObject({
  from: ref('a declaration'),
  to: ref('a declaration'),
  kind: z.enum(DeclarationRelationKind),
  description: prose.optional(),
  evidence: evidenceSchema.optional(),
}).meta({ id: 'DeclarationRelation' });

const affiliationSchema = z.strictObject({
  person: ref('a person'),
  organization: ref('an organization'),
  title: label.meta({ description: 'The role, e.g. "Defence Minister". Identifies the affiliation with person and organization.' }),
  validFrom: partialDate.optional(),
  validTo: partialDate.optional(),
  evidence: evidenceSchema.optional(),
}).meta({ id: 'Affiliation' });

const quoteSchema = z.strictObject({
  speaker: ref('a person').optional(),
  speakerName: label.optional().meta({ description: 'Who spoke, as printed, when the speaker is not a listed person.' }),
  text: prose.meta({ description: 'The words said, as the article prints them (inside the quotation marks).' }),
  saidOn: partialDate.optional(),
  setting: label.optional().meta({ description: 'Where or how it was said, e.g. "interview with Anadolu Agency".' }),
  verb: label.max(100).optional().meta({ description: 'The verb introducing the quote, e.g. "said", "retorted".' }),
  settingOrganization: ref('an organization').optional(),
  evidence: evidenceSchema.optional(),
}).meta({ id: 'Quote' });

const participantSchema = z
  .strictObject({
    person: ref('a person').optional(),
    organization: ref('an organization').optional(),
    role: label.optional().meta({ description: 'e.g. "host", "delegation head", "recipient".' }),
  })
  .refine((p) => p.person !== undefined || p.organization !== undefined, {
    message: 'a participant needs a person or an organization',
  }).meta({ id: 'Participant' });

const eventSchema = z.strictObject({
  kind: z.enum(EventKind),
  title: label,
  summary: prose.optional(),
  occurredOn: partialDate.optional(),
  place: ref('a place').optional(),
  topics: z.array(label).default([]),
  award: label.optional().meta({ description: 'The award conferred (AWARD events only).' }),
  participants: z.array(participantSchema).default([]),
  evidence: evidenceSchema.optional(),
}).meta({ id: 'Event' });

// ---------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------

const documentShape = z.strictObject({
  $schema: z.string().optional().meta({ description: 'Optional pointer to the JSON Schema, for editors. Ignored.' }),
  version: z.literal(DOCUMENT_VERSION, {
    error: (iss) =>
      iss.input === undefined
        ? `version is missing: a document starts with "version": ${DOCUMENT_VERSION}`
        : `must be ${DOCUMENT_VERSION} (the only version of the format), not ${JSON.stringify(iss.input)}`,
  }),
  article: articleSchema,
  places: z.array(placeSchema).default([]),
  people: z.array(personSchema).default([]),
  organizations: z.array(organizationSchema).default([]),
  declarations: z.array(declarationSchema).default([]),
  declarationRelations: z.array(declarationRelationSchema).default([]),
  affiliations: z.array(affiliationSchema).default([]),
  quotes: z.array(quoteSchema).default([]),
  events: z.array(eventSchema).default([]),
});

/** The shape of a document; parseArticleDocument adds the whole-document checks. */
export const articleDocumentSchema = documentShape.meta({
  title: 'newsgraph article document',
  description: 'One news article and everything it states, with evidence offsets into its body. See docs/document-format.md.',
});

/** A span as written: offsets and text, offsets only (no body), or text alone (to be located). */
export type SpanInput = z.output<typeof evidenceSchema>;
/** Evidence as stored in a document: located, so always with offsets; `text` is absent when the article has no body. */
export interface EvidenceSpan {
  start: number;
  end: number;
  text?: string;
}
/** Evidence into a body that is there: the words are always repeated. */
export type Evidence = EvidenceSpan & { text: string };

type Shape = z.output<typeof documentShape>;
type IsSpan<T> = [keyof T] extends [keyof SpanInput] ? ([keyof SpanInput] extends [keyof T] ? true : false) : false;
/** A parsed document's type with every span located (offsets filled in). */
type LocatedSpans<T> = T extends readonly (infer U)[]
  ? LocatedSpans<U>[]
  : T extends object
    ? IsSpan<T> extends true
      ? EvidenceSpan
      : { [K in keyof T]: LocatedSpans<T[K]> }
    : T;

export type ArticleDocument = LocatedSpans<Shape>;
export type ArticleDocumentInput = z.input<typeof articleDocumentSchema>;
export type Tone = z.output<typeof toneSchema>;
export type ArticleMeta = ArticleDocument['article'];
export type PlaceEntity = ArticleDocument['places'][number];
export type PersonEntity = ArticleDocument['people'][number];
export type OrganizationEntity = ArticleDocument['organizations'][number];
export type DeclarationEntity = ArticleDocument['declarations'][number];
export type Provision = DeclarationEntity['provisions'][number];
export type Signatory = DeclarationEntity['signatories'][number];
export type DeclarationRelationFact = ArticleDocument['declarationRelations'][number];
export type AffiliationFact = ArticleDocument['affiliations'][number];
export type QuoteFact = ArticleDocument['quotes'][number];
export type EventFact = ArticleDocument['events'][number];
export type Participant = EventFact['participants'][number];

export interface DocumentIssue {
  /** Where, as `quotes[1].evidence` (empty for the document itself). */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; document: ArticleDocument } | { ok: false; issues: DocumentIssue[] };

/** A missing field says so, rather than zod's "expected string, received undefined". */
const missingIsRequired = (iss: { code: string; input?: unknown }) => (iss.code === 'invalid_type' && iss.input === undefined ? 'is required' : undefined);

/**
 * Validates an untrusted JSON value as an article document; never throws. Shape errors come
 * first and alone: the whole-document checks (references, evidence against the body) run on a
 * document whose shape is valid, so a broken entity produces its own errors and no follow-on ones.
 */
export function parseArticleDocument(json: unknown): ParseResult {
  const result = documentShape.safeParse(json, { error: missingIsRequired });
  if (!result.success) return { ok: false, issues: result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  const { document, issues } = locateSpans(result.data);
  issues.push(...checkDocument(document));
  if (issues.length) return { ok: false, issues: issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  return { ok: true, document };
}

/** `['quotes', 1, 'evidence']` → `quotes[1].evidence`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Whole-document checks
// ---------------------------------------------------------------------------------------------

type Path = Array<string | number>;
interface RawIssue {
  path: Path;
  message: string;
}
type Lists = Pick<Shape, 'places' | 'people' | 'organizations' | 'declarations'>;
type EntityList = keyof Lists;

/** Everything a single field cannot check: runs on a document whose shape is already valid. */
function checkDocument(doc: ArticleDocument): RawIssue[] {
  const issues: RawIssue[] = [];
  const slugs = {
    places: uniqueSlugs(doc.places, 'places', issues),
    people: uniqueSlugs(doc.people, 'people', issues),
    organizations: uniqueSlugs(doc.organizations, 'organizations', issues),
    declarations: uniqueSlugs(doc.declarations, 'declarations', issues),
  };
  for (const list of ['places', 'people', 'organizations', 'declarations'] as const) {
    uniqueWikidataIds(doc[list], list, issues);
  }
  checkReferences(doc, slugs, issues);
  checkParentCycles(doc.places, 'places', issues);
  checkParentCycles(doc.organizations, 'organizations', issues);
  checkFacts(doc, issues);
  checkStorable(doc, [], issues);
  checkEvidence(doc, doc.article.body, issues);
  return issues;
}

export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Strings Postgres cannot store as text: U+0000, and lone surrogates (which the driver would
 * silently replace, shifting what evidence offsets point at).
 */
function checkStorable(value: unknown, path: Path, issues: RawIssue[]): void {
  // `path` is one stack, pushed and popped on the way down and copied only into an issue: this
  // runs over every value of every imported document.
  if (typeof value === 'string') {
    if (value.includes('\u0000')) issues.push({ path: [...path], message: 'contains U+0000 (NUL), which cannot be stored' });
    else if (LONE_SURROGATE.test(value)) issues.push({ path: [...path], message: 'is not well-formed Unicode (a lone surrogate)' });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkStorable(value[i], path, issues);
      path.pop();
    }
    return;
  }
  for (const k of Object.keys(value)) {
    path.push(k);
    checkStorable((value as Record<string, unknown>)[k], path, issues);
    path.pop();
  }
}

function uniqueSlugs(items: ReadonlyArray<{ slug: string }>, list: EntityList, issues: RawIssue[]): Set<string> {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.slug);
    if (first !== undefined) {
      issues.push({ path: [list, i, 'slug'], message: `duplicate slug "${item.slug}" (also ${list}[${first}])` });
    } else seen.set(item.slug, i);
  });
  return new Set(seen.keys());
}

function uniqueWikidataIds(items: ReadonlyArray<{ wikidataId?: string }>, list: EntityList, issues: RawIssue[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (item.wikidataId === undefined) return;
    const first = seen.get(item.wikidataId);
    if (first !== undefined) {
      issues.push({ path: [list, i, 'wikidataId'], message: `Wikidata id ${item.wikidataId} is also on ${list}[${first}]` });
    } else seen.set(item.wikidataId, i);
  });
}

const LIST_NOUN: Record<EntityList, string> = {
  places: 'place',
  people: 'person',
  organizations: 'organization',
  declarations: 'declaration',
};

/** Every slug reference must name an entity of the right type listed in this document. */
function checkReferences(doc: ArticleDocument, slugs: Record<EntityList, Set<string>>, issues: RawIssue[]): void {
  const check = (value: string | undefined, list: EntityList, path: Path) => {
    if (value === undefined || slugs[list].has(value)) return;
    issues.push({
      path,
      message: `unknown ${LIST_NOUN[list]} "${value}": a document must list every entity it references (add it to ${list})`,
    });
  };
  doc.article.authors.forEach((a, i) => check(a, 'people', ['article', 'authors', i]));
  doc.places.forEach((p, i) => check(p.parent, 'places', ['places', i, 'parent']));
  doc.people.forEach((p, i) => check(p.nationality, 'places', ['people', i, 'nationality']));
  doc.organizations.forEach((o, i) => {
    check(o.country, 'places', ['organizations', i, 'country']);
    check(o.parent, 'organizations', ['organizations', i, 'parent']);
  });
  doc.declarations.forEach((d, i) => {
    check(d.place, 'places', ['declarations', i, 'place']);
    d.signatories.forEach((s, j) => {
      check(s.person, 'people', ['declarations', i, 'signatories', j, 'person']);
      check(s.organization, 'organizations', ['declarations', i, 'signatories', j, 'organization']);
      check(s.place, 'places', ['declarations', i, 'signatories', j, 'place']);
    });
  });
  doc.declarationRelations.forEach((r, i) => {
    check(r.from, 'declarations', ['declarationRelations', i, 'from']);
    check(r.to, 'declarations', ['declarationRelations', i, 'to']);
  });
  doc.affiliations.forEach((a, i) => {
    check(a.person, 'people', ['affiliations', i, 'person']);
    check(a.organization, 'organizations', ['affiliations', i, 'organization']);
  });
  doc.quotes.forEach((q, i) => {
    check(q.speaker, 'people', ['quotes', i, 'speaker']);
    check(q.settingOrganization, 'organizations', ['quotes', i, 'settingOrganization']);
  });
  doc.events.forEach((e, i) => {
    check(e.place, 'places', ['events', i, 'place']);
    e.participants.forEach((p, j) => {
      check(p.person, 'people', ['events', i, 'participants', j, 'person']);
      check(p.organization, 'organizations', ['events', i, 'participants', j, 'organization']);
    });
  });
}

/** A place inside itself, or an organization its own parent, cannot be stored sensibly. */
function checkParentCycles(items: ReadonlyArray<{ slug: string; parent?: string }>, list: EntityList, issues: RawIssue[]): void {
  const parentOf = new Map(items.map((item) => [item.slug, item.parent]));
  items.forEach((item, i) => {
    const seen = new Set<string>([item.slug]);
    for (let p = item.parent; p !== undefined; p = parentOf.get(p)) {
      if (seen.has(p)) {
        if (p === item.slug) issues.push({ path: [list, i, 'parent'], message: `"${item.slug}" is its own ancestor (parent cycle)` });
        return;
      }
      seen.add(p);
    }
  });
}

/** Consistency rules between fields of one fact, and duplicate facts. */
function checkFacts(doc: ArticleDocument, issues: RawIssue[]): void {
  doc.places.forEach((p, i) => {
    if ((p.latitude === undefined) !== (p.longitude === undefined)) {
      issues.push({ path: ['places', i], message: 'latitude and longitude go together: give both or neither' });
    }
  });
  doc.article.authors.forEach((a, i) => {
    if (doc.article.authors.indexOf(a) !== i) issues.push({ path: ['article', 'authors', i], message: `author "${a}" is listed twice` });
  });
  duplicates(doc.affiliations, (a) => `${a.person}|${a.organization}|${a.title}`, 'affiliations', 'the same person, organization and title', issues);
  duplicates(doc.declarationRelations, (r) => `${r.from}|${r.to}|${r.kind}`, 'declarationRelations', 'the same from, to and kind', issues);
  doc.affiliations.forEach((a, i) => {
    // Guarded: zod runs this pass even when a date failed its own (non-fatal) check.
    if (!isPartialDate(a.validFrom) || !isPartialDate(a.validTo)) return;
    if (parsePartialDate(a.validFrom).date > parsePartialDate(a.validTo).date) {
      issues.push({ path: ['affiliations', i, 'validTo'], message: `validTo ${a.validTo} is before validFrom ${a.validFrom}` });
    }
  });
  doc.declarationRelations.forEach((r, i) => {
    if (r.from === r.to) issues.push({ path: ['declarationRelations', i, 'to'], message: 'a declaration cannot relate to itself' });
  });
  doc.events.forEach((e, i) => {
    if (e.award !== undefined && e.kind !== 'AWARD') {
      issues.push({ path: ['events', i, 'award'], message: `award is only meaningful on AWARD events (this one is ${e.kind})` });
    }
  });
  doc.quotes.forEach((q, i) => {
    // The evidence of a quote covers the words said (it may be wider, e.g. include the marks).
    if (q.evidence?.text !== undefined && !q.evidence.text.includes(q.text)) {
      issues.push({ path: ['quotes', i, 'text'], message: 'the quote text must appear within its evidence text' });
    }
  });
}

function duplicates<T>(items: readonly T[], key: (t: T) => string, list: string, what: string, issues: RawIssue[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) issues.push({ path: [list, i], message: `duplicates ${list}[${first}] (${what})` });
    else seen.set(k, i);
  });
}

// ---------------------------------------------------------------------------------------------
// Spans: located, then checked against the body
// ---------------------------------------------------------------------------------------------

/** Spans given by text that could not be located: their error is reported once, by locateSpans. */
const unlocated = new WeakSet<object>();

/**
 * Gives every span written as text alone the offsets of that text in the body, as if the writer
 * had given them; a text that is missing or ambiguous is an issue listing where it does occur.
 */
export function locateSpans(doc: Shape): { document: ArticleDocument; issues: RawIssue[] } {
  const body = doc.article.body;
  const issues: RawIssue[] = [];
  const { article, ...rest } = doc;
  const located = mapSpans(rest, [], (span, path): EvidenceSpan => {
    if (span.start !== undefined && span.end !== undefined) return span.text === undefined ? { start: span.start, end: span.end } : { start: span.start, end: span.end, text: span.text };
    const text = span.text!;
    if (body === '') {
      issues.push({ path, message: 'a span given by its text needs article.body, and this article has none: give start and end only' });
    } else {
      const found = locateText(body, text, span.occurrence);
      if (found.ok) return { start: found.start, end: found.end, text };
      issues.push({ path, message: found.message });
    }
    const placeholder = { start: 0, end: 0 };
    unlocated.add(placeholder);
    return placeholder;
  }) as Omit<ArticleDocument, 'article'>;
  return { document: { article, ...located }, issues };
}

/** A copy of `value` with every span (fields named `evidence`, items of `mentions`) replaced by `fn`'s. */
export function mapSpans(value: unknown, path: Path, fn: (span: SpanInput, path: Path) => EvidenceSpan): unknown {
  if (Array.isArray(value)) return value.map((v, i) => mapSpans(v, [...path, i], fn));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'evidence' && v !== undefined) out[key] = fn(v as SpanInput, [...path, key]);
    else if (key === 'mentions' && Array.isArray(v)) out[key] = v.map((m, i) => fn(m as SpanInput, [...path, key, i]));
    else out[key] = mapSpans(v, [...path, key], fn);
  }
  return out;
}

/**
 * Every evidence object anywhere in the document (fields named `evidence`, items of `mentions`)
 * must point into the body and repeat exactly the words it points at.
 */
function checkEvidence(doc: ArticleDocument, body: string, issues: RawIssue[]): void {
  const { article: _article, ...rest } = doc;
  mapSpans(rest, [], (evidence, path) => {
    const span = evidence as EvidenceSpan;
    const problem = unlocated.has(span) ? null : evidenceProblem(span, body);
    if (problem) issues.push({ path, message: problem });
    return span;
  });
}

/** Why this evidence does not match the body, or null when it does. */
export function evidenceProblem(e: EvidenceSpan, body: string): string | null {
  // Without a body there is nothing to check offsets against, and a text could not be verified.
  if (body === '') return e.text === undefined ? null : 'evidence has a text but article.body is empty: give offsets only';
  if (e.text === undefined) return 'evidence text is required when article.body is given (it must equal body.slice(start, end))';
  if (e.end > body.length) {
    return `evidence [${e.start}, ${e.end}) runs past the end of article.body (length ${body.length})`;
  }
  if (splitsSurrogatePair(body, e.start) || splitsSurrogatePair(body, e.end)) {
    return `evidence [${e.start}, ${e.end}) cuts a character in half (a UTF-16 surrogate pair)`;
  }
  const actual = body.slice(e.start, e.end);
  if (actual === e.text) return null;
  const hint = nearestOccurrences(body, e.text, e.start);
  return (
    `evidence text does not match article.body.slice(${e.start}, ${e.end}): ` +
    `expected ${quoteFor(actual)} but the document says ${quoteFor(e.text)}${hint}`
  );
}

function splitsSurrogatePair(s: string, at: number): boolean {
  if (at <= 0 || at >= s.length) return false;
  const before = s.charCodeAt(at - 1);
  const after = s.charCodeAt(at);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

function quoteFor(s: string): string {
  return JSON.stringify(s.length > 120 ? `${s.slice(0, 117)}...` : s);
}
