/**
 * Select lists that read each table into the shape of its Prisma model (camelCase fields), so rows
 * from raw SQL and from Prisma's typed queries are interchangeable in loaders and resolvers.
 */
import { Prisma } from '../../db/client.js';

function columns(alias: string, cols: Record<string, string>): Prisma.Sql {
  const list = Object.entries(cols).map(([field, col]) => `${alias}."${col}" AS "${field}"`);
  return Prisma.raw(list.join(', '));
}

export const ARTICLE_COLUMNS = {
  id: 'id',
  url: 'url',
  title: 'title',
  // No body: lists of articles rarely need it and it is most of a row's size. See articleBodies().
  publishedAt: 'published_at',
  language: 'language',
  sourceId: 'source_id',
  feed: 'feed',
  externalId: 'external_id',
};
export const PERSON_COLUMNS = {
  id: 'id',
  slug: 'slug',
  name: 'name',
  aliases: 'aliases',
  description: 'description',
  nationalityId: 'nationality_id',
  wikidataId: 'wikidata_id',
};
export const ORGANIZATION_COLUMNS = {
  id: 'id',
  slug: 'slug',
  name: 'name',
  aliases: 'aliases',
  kind: 'kind',
  description: 'description',
  countryId: 'country_id',
  parentId: 'parent_id',
  wikidataId: 'wikidata_id',
};
export const PLACE_COLUMNS = {
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
};
export const DECLARATION_COLUMNS = {
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
  articleId: 'article_id',
  evidenceStart: 'evidence_start',
  evidenceEnd: 'evidence_end',
};
export const QUOTE_COLUMNS = {
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
};
export const EVENT_COLUMNS = {
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
};
export const AFFILIATION_COLUMNS = {
  id: 'id',
  personId: 'person_id',
  organizationId: 'organization_id',
  title: 'title',
  validFrom: 'valid_from',
  validFromPrecision: 'valid_from_precision',
  validTo: 'valid_to',
  validToPrecision: 'valid_to_precision',
  articleId: 'article_id',
  evidenceStart: 'evidence_start',
  evidenceEnd: 'evidence_end',
};
export const SIGNATORY_COLUMNS = {
  id: 'id',
  declarationId: 'declaration_id',
  personId: 'person_id',
  organizationId: 'organization_id',
  placeId: 'place_id',
  role: 'role',
  articleId: 'article_id',
  evidenceStart: 'evidence_start',
  evidenceEnd: 'evidence_end',
};
export const SOURCE_COLUMNS = { id: 'id', slug: 'slug', name: 'name', domain: 'domain' };

/**
 * A row of a related table as one JSON value, in its Prisma shape, for reads that bring a to-one
 * relation along (an affiliation's organization) so the loader can prime it instead of asking for
 * it in another round trip. Only for tables whose selected columns are JSON-safe (no dates).
 */
function jsonRow(alias: string, cols: Record<string, string>): Prisma.Sql {
  const pairs = Object.entries(cols).map(([field, col]) => `'${field}', ${alias}."${col}"`);
  return Prisma.raw(`CASE WHEN ${alias}."id" IS NULL THEN NULL ELSE json_build_object(${pairs.join(', ')}) END`);
}

export const related = {
  person: (a = 'p') => jsonRow(a, PERSON_COLUMNS),
  organization: (a = 'o') => jsonRow(a, ORGANIZATION_COLUMNS),
  place: (a = 'pl') => jsonRow(a, PLACE_COLUMNS),
};

export const select = {
  article: (a = 'a') => columns(a, ARTICLE_COLUMNS),
  person: (a = 'p') => columns(a, PERSON_COLUMNS),
  organization: (a = 'o') => columns(a, ORGANIZATION_COLUMNS),
  place: (a = 'pl') => columns(a, PLACE_COLUMNS),
  declaration: (a = 'd') => columns(a, DECLARATION_COLUMNS),
  quote: (a = 'q') => columns(a, QUOTE_COLUMNS),
  event: (a = 'e') => columns(a, EVENT_COLUMNS),
  affiliation: (a = 'af') => columns(a, AFFILIATION_COLUMNS),
  source: (a = 's') => columns(a, SOURCE_COLUMNS),
};
