/**
 * API keys: `ng_<prefix><secret>`, shown once at creation; only a SHA-256 of the whole key is
 * stored. A fast hash is enough here: keys are 190 bits of randomness, not user passwords.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Reader } from '../db/reader.js';
import type { Db } from '../db/client.js';

export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  scopes: Scope[];
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Whether a key with these scopes may act with `needed` (admin implies write implies read). */
export function allows(scopes: readonly string[], needed: Scope): boolean {
  const rank = (s: string) => SCOPES.indexOf(s as Scope);
  return scopes.some((s) => rank(s) >= rank(needed));
}

export async function createApiKey(db: Db, name: string, scopes: Scope[]): Promise<{ key: string; info: ApiKeyInfo }> {
  const key = `ng_${randomBytes(24).toString('base64url')}`;
  const prefix = key.slice(0, 11);
  const row = await db.apiKey.create({ data: { name, prefix, hash: hashKey(key), scopes } });
  return { key, info: { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes as Scope[] } };
}

/**
 * The key's record when it exists and is not revoked; null otherwise. Looked up through the read
 * path (a replica, when there are replicas), so keyed clients keep reading while the primary is
 * away; a revocation then takes effect within the replicas' lag.
 */
export async function verifyApiKey(db: Db, key: string, reader: Reader = db): Promise<ApiKeyInfo | null> {
  if (!/^ng_[A-Za-z0-9_-]{32}$/.test(key)) return null;
  const [row] = await reader.$queryRaw<Array<{ id: number; name: string; prefix: string; scopes: string[]; revokedAt: Date | null }>>`
    SELECT id, name, prefix, scopes, revoked_at AS "revokedAt" FROM api_key WHERE hash = ${hashKey(key)}`;
  if (!row || row.revokedAt) return null;
  // Best effort: a failed bookkeeping write must not fail the request.
  db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes as Scope[] };
}

export async function listApiKeys(db: Db) {
  return db.apiKey.findMany({
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: { id: 'asc' },
  });
}

export async function revokeApiKey(db: Db, prefix: string): Promise<boolean> {
  const { count } = await db.apiKey.updateMany({ where: { prefix, revokedAt: null }, data: { revokedAt: new Date() } });
  return count > 0;
}
