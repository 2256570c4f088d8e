/**
 * Trusted documents (persisted operations). A manifest maps document ids to document texts, in the
 * JSON GraphQL Code Generator's client preset writes (`persistedDocuments: true` →
 * persisted-documents.json: `{ "<sha256 of the text>": "<text>" }`). A client then sends
 * `{ documentId, variables }` (or Apollo's `extensions.persistedQuery.sha256Hash`) instead of the
 * text, and a GET with the id and variables in its URL is cacheable by any CDN.
 *
 * - `off`: documents are sent as text, as usual.
 * - `allow`: known ids are accepted beside full documents.
 * - `require`: only documents in the manifest run (by id, or as text whose hash is in it); an API
 *   key with the admin scope may still send free documents.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { allows } from '../services/apiKeys.js';
import type { Viewer } from '../services/auth.js';

export type TrustedMode = 'off' | 'allow' | 'require';

export interface TrustedDocuments {
  mode: TrustedMode;
  /** Document id (the text's SHA-256, hex) → text. */
  byId: ReadonlyMap<string, string>;
}

/** Reads and merges manifests; throws naming the file when one is not `{ id: text }` JSON. */
export function loadManifests(paths: readonly string[]): Map<string, string> {
  const byId = new Map<string, string>();
  for (const file of paths) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file}: not a persisted-documents manifest`);
    for (const [id, text] of Object.entries(parsed)) {
      if (typeof text !== 'string') throw new Error(`${file}: document ${id} is not a string`);
      byId.set(normalizeId(id), text);
    }
  }
  return byId;
}

/** Ids may be written `sha256:<hex>` (the GraphQL over HTTP persisted-documents convention). */
function normalizeId(id: string): string {
  return id.startsWith('sha256:') ? id.slice(7) : id;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export type Trusted =
  | { ok: true; body: unknown; search: string }
  | { ok: false; code: 'PERSISTED_QUERY_NOT_FOUND'; message: string };

/**
 * The request with its document resolved from the manifest (POST body or GET query string), or
 * the reason it may not run. Bodies that aren't single JSON operations pass through untouched.
 */
export function resolveTrusted(docs: TrustedDocuments, viewer: Viewer, body: unknown, params: URLSearchParams): Trusted {
  const search = params.size ? `?${params.toString()}` : '';
  if (docs.mode === 'off') return { ok: true, body, search };
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : undefined;
  if (body !== undefined && !fields) return { ok: true, body, search };
  const get = (name: string): unknown => (fields ? fields[name] : params.get(name) ?? undefined);
  const query = get('query');
  const id = idOf(get('documentId'), typeof query === 'string' ? undefined : get('extensions'));
  if (id !== undefined) {
    const text = docs.byId.get(id);
    if (text === undefined) {
      // An unknown APQ hash in `allow` mode is Apollo's to answer (its APQ cache may hold it).
      if (docs.mode === 'allow' && get('documentId') === undefined) return { ok: true, body, search };
      return { ok: false, code: 'PERSISTED_QUERY_NOT_FOUND', message: `No trusted document with id ${id.slice(0, 80)}` };
    }
    if (fields) {
      delete fields.documentId;
      fields.query = text;
      return { ok: true, body: fields, search };
    }
    const next = new URLSearchParams(params);
    next.delete('documentId');
    next.set('query', text);
    return { ok: true, body, search: `?${next.toString()}` };
  }
  if (docs.mode === 'require' && typeof query === 'string' && !docs.byId.has(sha256(query))) {
    if (viewer.apiKey && allows(viewer.apiKey.scopes, 'admin')) return { ok: true, body, search };
    return {
      ok: false,
      code: 'PERSISTED_QUERY_NOT_FOUND',
      message: 'This server runs trusted documents only: send a documentId from its manifest (or use an admin API key)',
    };
  }
  return { ok: true, body, search };
}

function idOf(documentId: unknown, extensions: unknown): string | undefined {
  if (typeof documentId === 'string') return normalizeId(documentId);
  let ext = extensions;
  if (typeof ext === 'string') {
    try {
      ext = JSON.parse(ext);
    } catch {
      return undefined;
    }
  }
  const hash = (ext as { persistedQuery?: { sha256Hash?: unknown } } | null | undefined)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}
