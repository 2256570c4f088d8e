/**
 * Lookups by primary key, slug or URL, for every table that loaders fetch by key. Each takes many
 * keys and sends one statement.
 */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { MODEL, NODE_TYPES } from '../model/registry.js';
import { select } from '../plan/sql/columns.js';
import type {
  AffiliationRow,
  ArticleRow,
  DeclarationRow,
  EventRow,
  OrganizationRow,
  PersonRow,
  PlaceRow,
  QuoteRow,
  SourceRow,
} from './types.js';

export interface RowsByTable {
  article: ArticleRow;
  person: PersonRow;
  organization: OrganizationRow;
  place: PlaceRow;
  declaration: DeclarationRow;
  quote: QuoteRow;
  event: EventRow;
  affiliation: AffiliationRow;
  source: SourceRow;
}
export type Table = keyof RowsByTable;

// Each table under the alias the model registry gives it.
const ALIAS = Object.fromEntries(NODE_TYPES.map((type) => [MODEL[type].table, MODEL[type].alias])) as Record<Table, string>;

function selectFrom(t: Table): Prisma.Sql {
  return Prisma.sql`SELECT ${select[t](ALIAS[t])} FROM ${Prisma.raw(`"${t}" ${ALIAS[t]}`)}`;
}

export async function rowsByIds<T extends Table>(db: Reader, t: T, ids: readonly number[]): Promise<RowsByTable[T][]> {
  if (!ids.length) return [];
  return db.$queryRaw<RowsByTable[T][]>(
    Prisma.sql`${selectFrom(t)} WHERE ${Prisma.raw(ALIAS[t])}."id" = ANY(${[...ids]}::int[])`,
  );
}

type SluggedTable = 'person' | 'organization' | 'place' | 'declaration' | 'source';

export async function rowsBySlugs<T extends SluggedTable>(
  db: Reader,
  t: T,
  slugs: readonly string[],
): Promise<RowsByTable[T][]> {
  if (!slugs.length) return [];
  return db.$queryRaw<RowsByTable[T][]>(
    Prisma.sql`${selectFrom(t)} WHERE ${Prisma.raw(ALIAS[t])}."slug" = ANY(${[...slugs]}::text[])`,
  );
}

/** Article bodies, fetched only when a client asks for a body or for evidence text. */
export async function articleBodies(db: Reader, ids: readonly number[]): Promise<Array<{ id: number; body: string }>> {
  return db.$queryRaw`SELECT a."id", a."body" FROM "article" a WHERE a."id" = ANY(${[...ids]}::int[])`;
}
