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
import type { MODEL } from '../model/registry.js';

type ColumnsOf<T extends keyof typeof MODEL> = keyof (typeof MODEL)[T]['columns'];

export type ArticleRow = Pick<Article, ColumnsOf<'Article'>>;
export type PersonRow = Pick<Person, ColumnsOf<'Person'>>;
export type OrganizationRow = Pick<Organization, ColumnsOf<'Organization'>>;
export type PlaceRow = Pick<Place, ColumnsOf<'Place'>>;
export type DeclarationRow = Pick<Declaration, ColumnsOf<'Declaration'>>;
export type QuoteRow = Pick<Quote, ColumnsOf<'Quote'>>;
export type EventRow = Pick<Event, ColumnsOf<'Event'>>;
export type AffiliationRow = Pick<Affiliation, ColumnsOf<'Affiliation'>>;
export type SourceRow = Pick<Source, ColumnsOf<'Source'>>;

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
