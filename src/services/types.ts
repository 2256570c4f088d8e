/** Row shapes read by services: the Prisma models, restricted to the columns we select. */
import type {
  Affiliation,
  Article,
  Declaration,
  Event,
  Organization,
  Person,
  Place,
  Quote,
  Source,
} from '../generated/prisma/client.js';
import type {
  AFFILIATION_COLUMNS,
  ARTICLE_COLUMNS,
  DECLARATION_COLUMNS,
  EVENT_COLUMNS,
  ORGANIZATION_COLUMNS,
  PERSON_COLUMNS,
  PLACE_COLUMNS,
  QUOTE_COLUMNS,
  SOURCE_COLUMNS,
} from './sql/columns.js';

export type ArticleRow = Pick<Article, keyof typeof ARTICLE_COLUMNS>;
export type PersonRow = Pick<Person, keyof typeof PERSON_COLUMNS>;
export type OrganizationRow = Pick<Organization, keyof typeof ORGANIZATION_COLUMNS>;
export type PlaceRow = Pick<Place, keyof typeof PLACE_COLUMNS>;
export type DeclarationRow = Pick<Declaration, keyof typeof DECLARATION_COLUMNS>;
export type QuoteRow = Pick<Quote, keyof typeof QUOTE_COLUMNS>;
export type EventRow = Pick<Event, keyof typeof EVENT_COLUMNS>;
export type AffiliationRow = Pick<Affiliation, keyof typeof AFFILIATION_COLUMNS>;
export type SourceRow = Pick<Source, keyof typeof SOURCE_COLUMNS>;

export interface SignatoryRow {
  id: number;
  declarationId: number;
  personId: number | null;
  organizationId: number | null;
  placeId: number | null;
  role: string | null;
  articleId: number | null;
  evidenceStart: number | null;
  evidenceEnd: number | null;
}

export interface ProvisionRow {
  id: number;
  declarationId: number;
  position: number;
  text: string;
  articleId: number | null;
  evidenceStart: number | null;
  evidenceEnd: number | null;
}

export interface RelationRow {
  id: number;
  fromId: number;
  toId: number;
  kind: string;
  description: string | null;
  articleId: number | null;
  evidenceStart: number | null;
  evidenceEnd: number | null;
}

export interface ParticipantRow {
  id: number;
  eventId: number;
  personId: number | null;
  organizationId: number | null;
  role: string | null;
}

export interface MentionRow {
  id: number;
  articleId: number;
  kind: 'PERSON' | 'ORGANIZATION' | 'PLACE' | 'DECLARATION';
  entityId: number;
  start: number | null;
  end: number | null;
}

/** The row each planner type is read into (src/plan's TypeName → row). */
export interface RowByType {
  Article: ArticleRow;
  Person: PersonRow;
  Organization: OrganizationRow;
  Place: PlaceRow;
  Declaration: DeclarationRow;
  Quote: QuoteRow;
  Affiliation: AffiliationRow;
  Signatory: SignatoryRow;
  Source: SourceRow;
}

/** An entity kind that articles mention. */
export type EntityKind = 'person' | 'organization' | 'place' | 'declaration';
