/**
 * Arguments that name an entity by global id or by slug (`mentionsPerson: "zakir-hasanov"`),
 * resolved to a row id. An unknown reference is a client error naming the argument.
 */
import type { Reader } from '../db/reader.js';
import { badUserInput } from '../lib/errors.js';
import { decodeGlobalId, truncate } from '../lib/globalId.js';
import { MODEL, NODE_TYPES, type NodeType } from '../model/registry.js';
import { rowsBySlugs } from './lookup.js';
import { survivorsOfSlugs } from './merge.js';

type RefTable = 'person' | 'organization' | 'place' | 'declaration' | 'source';

// A table's node type, from the model registry.
const NODE_TYPE = Object.fromEntries(NODE_TYPES.map((t) => [MODEL[t].table, t])) as Record<RefTable, NodeType>;

/** The entity a slug names: a live one, else, for mergeable types, the one it was merged into. */
async function idOfSlug(db: Reader, table: RefTable, slug: string): Promise<number | null> {
  const [row] = await rowsBySlugs(db, table, [slug]);
  if (row) return row.id;
  if (!MODEL[NODE_TYPE[table]].mergeable || (table !== 'person' && table !== 'organization')) return null;
  return (await survivorsOfSlugs(db, table, [slug])).get(slug)?.id ?? null;
}

/** Ids and slugs are short printable text; anything else is refused before it reaches SQL. */
function checkRefText(value: string, argument: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (typeof value !== 'string' || value.length === 0 || value.length > 512 || /[\u0000-\u001f]/.test(value)) {
    throw badUserInput(argument, 'is not an id or slug (empty, too long, or holding control characters)');
  }
}

export async function resolveRef(db: Reader, table: RefTable, value: string, argument: string): Promise<number> {
  checkRefText(value, argument);
  const decoded = decodeGlobalId(value);
  if (decoded) {
    if (decoded.type !== NODE_TYPE[table]) {
      throw badUserInput(argument, `expected a ${NODE_TYPE[table]} id or slug but got a ${decoded.type} id`);
    }
    return decoded.id;
  }
  const id = await idOfSlug(db, table, value);
  if (id == null) throw badUserInput(argument, `no ${table} with slug "${truncate(value)}"`);
  return id;
}

/** Resolves a reference that may name any of several kinds (a signatory: person, organization or place). */
export async function resolveAnyRef(
  db: Reader,
  tables: RefTable[],
  value: string,
  argument: string,
): Promise<{ table: RefTable; id: number }> {
  checkRefText(value, argument);
  const decoded = decodeGlobalId(value);
  if (decoded) {
    const table = tables.find((t) => NODE_TYPE[t] === decoded.type);
    if (!table) throw badUserInput(argument, `a ${decoded.type} id cannot be used here`);
    return { table, id: decoded.id };
  }
  for (const table of tables) {
    const id = await idOfSlug(db, table, value);
    if (id != null) return { table, id };
  }
  throw badUserInput(argument, `nothing with slug "${truncate(value)}"`);
}
