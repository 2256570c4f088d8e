/** Who is calling: the API key presented with `Authorization: Bearer …`, if any, and its scopes. */
import type { Db } from '../db/client.js';
import { forbidden, unauthenticated } from '../lib/errors.js';
import type { Reader } from '../db/reader.js';
import { allows, verifyApiKey, type ApiKeyInfo, type Scope } from './apiKeys.js';

export interface Viewer {
  apiKey: ApiKeyInfo | null;
}

export const ANONYMOUS: Viewer = Object.freeze({ apiKey: null });

/**
 * Resolves the Authorization header to a viewer. No header is an anonymous viewer; a header with
 * a wrong, malformed or revoked key is refused outright (401), never silently downgraded.
 */
export async function authenticate(db: Db, authorization: string | undefined, reader: Reader = db): Promise<Viewer> {
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw withStatus(unauthenticated('The Authorization header must be "Bearer <API key>"'), 401);
  const apiKey = await verifyApiKey(db, match[1], reader);
  if (!apiKey) throw withStatus(unauthenticated('The API key is not valid or has been revoked'), 401);
  return { apiKey };
}

/** Throws UNAUTHENTICATED without a key, FORBIDDEN when the key lacks `scope`. */
export function requireScope(viewer: Viewer, scope: Scope): ApiKeyInfo {
  if (!viewer.apiKey) throw unauthenticated(`This operation needs an API key with the "${scope}" scope`);
  if (!allows(viewer.apiKey.scopes, scope)) {
    throw forbidden(`This operation needs the "${scope}" scope; the key has: ${viewer.apiKey.scopes.join(', ') || 'none'}`);
  }
  return viewer.apiKey;
}

function withStatus<E extends { extensions: Record<string, unknown> }>(err: E, status: number): E {
  (err.extensions).http = { status };
  return err;
}
