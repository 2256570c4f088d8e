/**
 * The one way a document enters the graph. The seed, the importer (CLI and bench) and the
 * `articleUpsert` mutation all store through here: validate (unless a reader already did), write
 * in one transaction, and report a conflict with stored data as the caller's to resolve.
 */
import type { Db } from '../db/client.js';
import { parseArticleDocument, type ArticleDocument } from '../document/document.js';
import { DocumentConflictError, writeDocument, type WriteStatus } from './write/index.js';

export type StoreResult =
  | { ok: true; articleId: number; status: WriteStatus }
  | { ok: false; code: 'INVALID' | 'CONFLICT'; issues: Array<{ path: string; message: string }> };

/** Validates JSON as an article document, then stores it. */
export async function storeDocument(db: Db, json: unknown): Promise<StoreResult> {
  const parsed = parseArticleDocument(json);
  if (!parsed.ok) return { ok: false, code: 'INVALID', issues: parsed.issues };
  return storeValidDocument(db, parsed.document);
}

/** Stores a document that has passed parseArticleDocument. */
export async function storeValidDocument(db: Db, document: ArticleDocument): Promise<StoreResult> {
  try {
    const { status, articleId } = await writeDocument(db, document);
    return { ok: true, articleId, status };
  } catch (err) {
    // A valid document that clashes with stored data (a Wikidata id another entity holds) is the
    // caller's to resolve, not a server fault; nothing was written (one transaction).
    if (err instanceof DocumentConflictError) return { ok: false, code: 'CONFLICT', issues: [{ path: '', message: err.message }] };
    throw err;
  }
}
