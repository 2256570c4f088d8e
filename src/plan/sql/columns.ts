/**
 * Select lists that read each table into the shape of its Prisma model (camelCase fields), so rows
 * from raw SQL and from Prisma's typed queries are interchangeable in loaders and resolvers. The
 * columns come from the model registry (src/model/registry.ts).
 */
import { Prisma } from '../../db/client.js';
import { MODEL, selectList, type ModelName } from '../../model/registry.js';

const columns = (type: ModelName) => (alias: string = MODEL[type].alias) => Prisma.raw(selectList(type, alias));

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
  person: (a: string = MODEL.Person.alias) => jsonRow(a, MODEL.Person.columns),
  organization: (a: string = MODEL.Organization.alias) => jsonRow(a, MODEL.Organization.columns),
  place: (a: string = MODEL.Place.alias) => jsonRow(a, MODEL.Place.columns),
};

/** Select lists by table name, each aliased as the registry says unless told otherwise. */
export const select = {
  article: columns('Article'),
  person: columns('Person'),
  organization: columns('Organization'),
  place: columns('Place'),
  declaration: columns('Declaration'),
  quote: columns('Quote'),
  event: columns('Event'),
  affiliation: columns('Affiliation'),
  source: columns('Source'),
};
