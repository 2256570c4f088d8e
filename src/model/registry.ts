/**
 * The model registry: every type newsgraph reads from a table, defined once. Its table and alias,
 * the columns a row carries (GraphQL/Prisma field → SQL column), which fields hold dates, what
 * computed fields need, its global-id type, its unique text keys, whether search finds it, which
 * `mention` column points at it, and whether merges apply to it.
 *
 * Everything else derives from here: the row select lists (src/plan/sql/columns.ts), the
 * planner's tables (src/plan/catalog.ts), key lookups and loaders (src/services/lookup.ts),
 * `node(id:)`, search result typing, mention targets and slug references (src/services/refs.ts).
 * Adding a column to a type means adding it here (and to schema.graphql and a test).
 *
 * This module imports nothing: every layer may read it.
 */

/** Field → column; rows read with these keys look like Prisma's models. */
type Columns = Readonly<Record<string, string>>;

export interface ModelType {
  /** The SQL table. */
  table: string;
  /** The alias SQL built from the registry gives the table. */
  alias: string;
  columns: Columns;
  /** Fields holding dates: JSON carries them as strings, rows as Date. */
  dates: readonly string[];
  /**
   * Columns a computed field's resolver reads (by row field name), for fields not named after a
   * column; `[]` for fields answered from the row's id alone (through loaders).
   */
  needs: Readonly<Record<string, readonly string[]>>;
  /** Has a global id (implements Node). */
  node: boolean;
  /** Unique text columns a client may look it up by. */
  keys: readonly ('slug' | 'url')[];
  /** The `SearchType` value that finds it, when search does. */
  search?: 'ARTICLE' | 'QUOTE' | 'PERSON' | 'ORGANIZATION' | 'PLACE' | 'DECLARATION';
  /** When articles mention it: the `mention.kind` value and the `mention` column pointing at it. */
  mention?: { kind: 'PERSON' | 'ORGANIZATION' | 'PLACE' | 'DECLARATION'; column: string; nameColumn: string };
  /** Duplicates of it can be merged (personMerge, organizationMerge); references follow merges. */
  mergeable: boolean;
}

const EVIDENCE = ['articleId', 'evidenceStart', 'evidenceEnd'] as const;
const EVIDENCE_COLUMNS = { articleId: 'article_id', evidenceStart: 'evidence_start', evidenceEnd: 'evidence_end' } as const;
/** Fields answered from the row's id alone (through loaders). */
const byId = (...fields: string[]): Record<string, readonly string[]> => Object.fromEntries(fields.map((f) => [f, []]));

export const MODEL = {
  Article: {
    table: 'article',
    alias: 'a',
    columns: {
      id: 'id',
      url: 'url',
      title: 'title',
      // No body: lists of articles rarely need it and it is most of a row's size (see articleBodies).
      publishedAt: 'published_at',
      language: 'language',
      sourceId: 'source_id',
      feed: 'feed',
      externalId: 'external_id',
    },
    dates: ['publishedAt'],
    needs: byId('body', 'mentions', 'events', 'meetings', 'topics', 'tone'),
    node: true,
    keys: ['url'],
    search: 'ARTICLE',
    mergeable: false,
  },
  Source: {
    table: 'source',
    alias: 's',
    columns: { id: 'id', slug: 'slug', name: 'name', domain: 'domain' },
    dates: [],
    needs: {},
    node: true,
    keys: ['slug'],
    mergeable: false,
  },
  Person: {
    table: 'person',
    alias: 'p',
    columns: {
      id: 'id',
      slug: 'slug',
      name: 'name',
      aliases: 'aliases',
      description: 'description',
      nationalityId: 'nationality_id',
      wikidataId: 'wikidata_id',
    },
    dates: [],
    needs: byId('events', 'merges', 'coMentioned', 'mentionTimeline'),
    node: true,
    keys: ['slug'],
    search: 'PERSON',
    mention: { kind: 'PERSON', column: 'person_id', nameColumn: 'name' },
    mergeable: true,
  },
  Organization: {
    table: 'organization',
    alias: 'o',
    columns: {
      id: 'id',
      slug: 'slug',
      name: 'name',
      aliases: 'aliases',
      kind: 'kind',
      description: 'description',
      countryId: 'country_id',
      parentId: 'parent_id',
      wikidataId: 'wikidata_id',
    },
    dates: [],
    needs: byId('merges', 'coMentioned', 'mentionTimeline'),
    node: true,
    keys: ['slug'],
    search: 'ORGANIZATION',
    mention: { kind: 'ORGANIZATION', column: 'organization_id', nameColumn: 'name' },
    mergeable: true,
  },
  Place: {
    table: 'place',
    alias: 'pl',
    columns: {
      id: 'id',
      slug: 'slug',
      name: 'name',
      aliases: 'aliases',
      kind: 'kind',
      countryCode: 'country_code',
      parentId: 'parent_id',
      latitude: 'latitude',
      longitude: 'longitude',
      wikidataId: 'wikidata_id',
    },
    dates: [],
    needs: byId('mentionTimeline'),
    node: true,
    keys: ['slug'],
    search: 'PLACE',
    mention: { kind: 'PLACE', column: 'place_id', nameColumn: 'name' },
    mergeable: false,
  },
  Declaration: {
    table: 'declaration',
    alias: 'd',
    columns: {
      id: 'id',
      slug: 'slug',
      title: 'title',
      aliases: 'aliases',
      kind: 'kind',
      signedOn: 'signed_on',
      signedPrecision: 'signed_precision',
      placeId: 'place_id',
      summary: 'summary',
      wikidataId: 'wikidata_id',
      ...EVIDENCE_COLUMNS,
    },
    dates: ['signedOn'],
    needs: {
      ...byId('provisions', 'relatedDeclarations', 'mentionTimeline'),
      signedOn: ['signedOn', 'signedPrecision'],
      signedOnPrecision: ['signedOn', 'signedPrecision'],
      evidence: EVIDENCE,
    },
    node: true,
    keys: ['slug'],
    search: 'DECLARATION',
    mention: { kind: 'DECLARATION', column: 'declaration_id', nameColumn: 'title' },
    mergeable: false,
  },
  Quote: {
    table: 'quote',
    alias: 'q',
    columns: {
      id: 'id',
      articleId: 'article_id',
      speakerId: 'speaker_id',
      speakerName: 'speaker_name',
      text: 'text',
      saidOn: 'said_on',
      saidPrecision: 'said_precision',
      setting: 'setting',
      verb: 'verb',
      settingOrganizationId: 'setting_organization_id',
      evidenceStart: 'evidence_start',
      evidenceEnd: 'evidence_end',
    },
    dates: ['saidOn'],
    needs: {
      saidOn: ['saidOn', 'saidPrecision'],
      evidence: EVIDENCE,
      speakerRole: ['speakerId', 'saidOn', 'articleId'],
    },
    node: true,
    keys: [],
    search: 'QUOTE',
    mergeable: false,
  },
  Event: {
    table: 'event',
    alias: 'e',
    columns: {
      id: 'id',
      articleId: 'article_id',
      kind: 'kind',
      title: 'title',
      summary: 'summary',
      occurredOn: 'occurred_on',
      occurredPrecision: 'occurred_precision',
      placeId: 'place_id',
      topics: 'topics',
      award: 'award',
      evidenceStart: 'evidence_start',
      evidenceEnd: 'evidence_end',
    },
    dates: ['occurredOn'],
    needs: {},
    node: true,
    keys: [],
    mergeable: false,
  },
  Affiliation: {
    table: 'affiliation',
    alias: 'af',
    columns: {
      id: 'id',
      personId: 'person_id',
      organizationId: 'organization_id',
      title: 'title',
      validFrom: 'valid_from',
      validFromPrecision: 'valid_from_precision',
      validTo: 'valid_to',
      validToPrecision: 'valid_to_precision',
      ...EVIDENCE_COLUMNS,
    },
    dates: ['validFrom', 'validTo'],
    needs: {
      validFrom: ['validFrom', 'validFromPrecision'],
      validTo: ['validTo', 'validToPrecision'],
      evidence: EVIDENCE,
    },
    node: true,
    keys: [],
    mergeable: false,
  },
  Signatory: {
    table: 'declaration_signatory',
    alias: 'sg',
    columns: {
      id: 'id',
      declarationId: 'declaration_id',
      personId: 'person_id',
      organizationId: 'organization_id',
      placeId: 'place_id',
      role: 'role',
      ...EVIDENCE_COLUMNS,
    },
    dates: [],
    needs: { evidence: EVIDENCE, roleAtSigning: ['declarationId', 'personId'] },
    node: false,
    keys: [],
    mergeable: false,
  },
} as const satisfies Record<string, ModelType>;

/** A type in the registry. */
export type ModelName = keyof typeof MODEL;

/** The types with global ids, in a fixed order. */
export const NODE_TYPES = ['Article', 'Source', 'Person', 'Organization', 'Place', 'Declaration', 'Quote', 'Event', 'Affiliation'] as const satisfies readonly ModelName[];
export type NodeType = (typeof NODE_TYPES)[number];

/** The tables of node types, by name (what loaders and references are keyed by). */
export type NodeTable = (typeof MODEL)[NodeType]['table'];

/** The types articles mention, by the `mention.kind` value pointing at them. */
export type MentionKind = 'PERSON' | 'ORGANIZATION' | 'PLACE' | 'DECLARATION';
export type MentionedType = 'Person' | 'Organization' | 'Place' | 'Declaration';
export const MENTIONED_TYPES = ['Person', 'Organization', 'Place', 'Declaration'] as const satisfies readonly MentionedType[];
export const MENTIONED = Object.fromEntries(MENTIONED_TYPES.map((t) => [MODEL[t].mention.kind, t])) as Record<MentionKind, MentionedType>;

/** The node type stored in `table`. */
export function typeOfTable(table: string): NodeType | undefined {
  return NODE_TYPES.find((t) => MODEL[t].table === table);
}

/** The node type search answers for a `SearchType` value. */
export function typeOfSearchKind(kind: string): NodeType | undefined {
  return NODE_TYPES.find((t) => (MODEL[t] as ModelType).search === kind);
}

/** `alias."column" AS "field", …` for a type's columns. */
export function selectList(type: ModelName, alias: string = MODEL[type].alias): string {
  return Object.entries(MODEL[type].columns)
    .map(([field, column]) => `${alias}."${column}" AS "${field}"`)
    .join(', ');
}
