/**
 * The entities a batch of documents names, with everything they point at (a person's
 * nationality, an organization's country and parent chain, a place's parents, where a declaration
 * was signed): a document is self-contained, so each must list them. Read in rounds, one
 * statement per entity type and round, until nothing new is referenced; a round is one more
 * level of parents, so a batch costs a few statements whatever its size.
 */
import type { Db } from '../db/client.js';
import {
  declarationsById,
  organizationsById,
  peopleById,
  placesById,
  type DeclarationRow,
  type OrganizationRow,
  type PersonRow,
  type PlaceRow,
} from './queries.js';

export type EntityType = 'place' | 'person' | 'organization' | 'declaration';

export interface EntityRows {
  place: Map<number, PlaceRow>;
  person: Map<number, PersonRow>;
  organization: Map<number, OrganizationRow>;
  declaration: Map<number, DeclarationRow>;
}

export type IdSets = Record<EntityType, Set<number>>;

export const emptyIds = (): IdSets => ({ place: new Set(), person: new Set(), organization: new Set(), declaration: new Set() });

/** What an entity row points at, as ids of other entities. */
export function referencesOf(type: EntityType, row: PlaceRow | PersonRow | OrganizationRow | DeclarationRow): Array<[EntityType, number]> {
  const refs: Array<[EntityType, number | null]> = [];
  if (type === 'place') refs.push(['place', (row as PlaceRow).parent_id]);
  if (type === 'person') refs.push(['place', (row as PersonRow).nationality_id]);
  if (type === 'organization') refs.push(['place', (row as OrganizationRow).country_id], ['organization', (row as OrganizationRow).parent_id]);
  if (type === 'declaration') refs.push(['place', (row as DeclarationRow).place_id]);
  return refs.filter((r): r is [EntityType, number] => r[1] !== null);
}

/** Loads `wanted` and, round by round, every entity they reference. */
export async function loadEntities(db: Db, wanted: IdSets): Promise<EntityRows> {
  const rows: EntityRows = { place: new Map(), person: new Map(), organization: new Map(), declaration: new Map() };
  let missing = wanted;
  for (let round = 0; round < 100 && Object.values(missing).some((s) => s.size); round++) {
    const [places, people, organizations, declarations] = await Promise.all([
      missing.place.size ? placesById(db, [...missing.place]) : [],
      missing.person.size ? peopleById(db, [...missing.person]) : [],
      missing.organization.size ? organizationsById(db, [...missing.organization]) : [],
      missing.declaration.size ? declarationsById(db, [...missing.declaration]) : [],
    ]);
    const next = emptyIds();
    const add = <T extends PlaceRow | PersonRow | OrganizationRow | DeclarationRow>(type: EntityType, list: T[]) => {
      for (const r of list) (rows[type] as Map<number, T>).set(r.id, r);
      for (const r of list) for (const [t, id] of referencesOf(type, r)) if (!rows[t].has(id)) next[t].add(id);
    };
    add('place', places);
    add('person', people);
    add('organization', organizations);
    add('declaration', declarations);
    // A reference loaded in this same round is not missing any more.
    for (const t of Object.keys(next) as EntityType[]) for (const id of next[t]) if (rows[t].has(id)) next[t].delete(id);
    missing = next;
  }
  return rows;
}

/** `direct` and everything it references through `rows`: the entities one document must list. */
export function closure(direct: IdSets, rows: EntityRows): IdSets {
  const out = emptyIds();
  const stack: Array<[EntityType, number]> = [];
  for (const t of Object.keys(direct) as EntityType[]) for (const id of direct[t]) stack.push([t, id]);
  while (stack.length) {
    const [t, id] = stack.pop()!;
    const row = rows[t].get(id);
    if (!row || out[t].has(id)) continue;
    out[t].add(id);
    stack.push(...referencesOf(t, row));
  }
  return out;
}
