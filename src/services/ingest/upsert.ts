/** One document in, validated, then written: what articleUpsert and the JSON importer share. */
import type { Db } from '../../db/client.js';
import { parseArticleDocument } from '../../ingest/document.js';
import { writeDocument } from './writeDocument.js';

export type UpsertResult =
  | { ok: true; articleId: number; status: 'inserted' | 'updated' | 'unchanged' }
  | { ok: false; issues: Array<{ path: string; message: string }> };

export async function upsertArticleDocument(db: Db, json: unknown): Promise<UpsertResult> {
  const parsed = parseArticleDocument(json);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const { status, articleId } = await writeDocument(db, parsed.document);
  return { ok: true, articleId, status };
}
