/** One document in, validated, then written: what articleUpsert and the JSON importer share. */
import type { Db } from '../../db/client.js';
import { parseArticleDocument } from '../../ingest/document.js';
import { DocumentConflictError, writeDocument } from './writeDocument.js';

export type UpsertResult =
  | { ok: true; articleId: number; status: 'inserted' | 'updated' | 'unchanged' }
  | { ok: false; code: 'INVALID' | 'CONFLICT'; issues: Array<{ path: string; message: string }> };

export async function upsertArticleDocument(db: Db, json: unknown): Promise<UpsertResult> {
  const parsed = parseArticleDocument(json);
  if (!parsed.ok) return { ok: false, code: 'INVALID', issues: parsed.issues };
  try {
    const { status, articleId } = await writeDocument(db, parsed.document);
    return { ok: true, articleId, status };
  } catch (err) {
    // A valid document that clashes with stored data (a Wikidata id another entity holds) is the
    // caller's to resolve, not a server fault; nothing was written (one transaction).
    if (err instanceof DocumentConflictError) return { ok: false, code: 'CONFLICT', issues: [{ path: '', message: err.message }] };
    throw err;
  }
}
