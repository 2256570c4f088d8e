/**
 * Opaque global ids: base64 of "Type:localId". Clients must not parse them; we do, strictly.
 */
import { badUserInput } from './errors.js';

import { NODE_TYPES, type NodeType } from '../model/registry.js';

export { NODE_TYPES, type NodeType };

/** Ids already encoded, per type: a response holds many, and base64 through a Buffer is slow. */
const encoded = new Map<string, Map<number, string>>();
const MAX_ENCODED = 10_000; // per type: a few MB at most, and the hot ids stay

export function toGlobalId(type: NodeType, id: number): string {
  let ids = encoded.get(type);
  if (!ids) encoded.set(type, (ids = new Map<number, string>()));
  let global = ids.get(id);
  if (global === undefined) {
    global = Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
    if (ids.size >= MAX_ENCODED) ids.clear();
    ids.set(id, global);
  }
  return global;
}

export interface DecodedId {
  type: NodeType;
  id: number;
}

/** Decodes a global id; null when it isn't one of ours. */
export function decodeGlobalId(globalId: string): DecodedId | null {
  if (globalId.length > 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(globalId)) return null;
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(Buffer.from(globalId, 'base64').toString('utf8'));
  if (!match) return null;
  const type = match[1] as NodeType;
  const id = Number(match[2]);
  if (!NODE_TYPES.includes(type) || id > 2_147_483_647) return null;
  return { type, id };
}

/** Decodes an id that must be of one type; throws BAD_USER_INPUT naming the argument otherwise. */
export function parseGlobalId(globalId: string, expected: NodeType, argument = 'id'): number {
  const decoded = decodeGlobalId(globalId);
  if (!decoded) throw badUserInput(argument, `"${truncate(globalId)}" is not a valid ${expected} id`);
  if (decoded.type !== expected) {
    throw badUserInput(argument, `expected a ${expected} id but got a ${decoded.type} id`);
  }
  return decoded.id;
}

/** Whether a string looks like a global id rather than a slug (slugs are lowercase kebab-case). */
export function looksLikeGlobalId(value: string): boolean {
  return decodeGlobalId(value) !== null;
}

export function truncate(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
