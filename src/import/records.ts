/**
 * What every input reader (JSON, NDJSON, GDELT GKG) hands the importer: one record per article,
 * already turned into a validated document or into the reasons it cannot be one, with where it
 * came from so a rejection can be found in the input.
 */
import { parseArticleDocument, type ArticleDocument, type DocumentIssue } from '../document/document.js';

export interface RecordIssue {
  /** The input field (`V2Tone`, `article.url`); `record` for the record as a whole. */
  field: string;
  message: string;
}

export type RecordResult =
  | { ok: true; document: ArticleDocument; warnings: RecordIssue[] }
  | { ok: false; issues: RecordIssue[]; warnings: RecordIssue[] };

export interface SourceRecord {
  /** The input as named to the importer (`data/x.tsv`, `batch.zip:x.csv`, `-` for stdin). */
  file: string;
  /** 1-based line (NDJSON, GKG) or record number (the n-th document of a JSON array). */
  line: number;
  /** What identifies the record in its feed: `GKGRECORDID 20230702153000-16`, or the article URL. */
  label?: string;
  result: RecordResult;
  /** The document's content hash (write/index.ts documentHash), when the reader computed it: the parse worker does, off the main thread. */
  hash?: string;
}

/** `data.tsv:17 (GKGRECORDID 20230702153000-16): V2Tone: expected 7 comma-separated numbers` */
export function formatIssue(record: Pick<SourceRecord, 'file' | 'line' | 'label'>, issue: RecordIssue): string {
  const where = `${record.file}:${record.line}${record.label ? ` (${record.label})` : ''}`;
  return `${where}: ${issue.field}: ${issue.message}`;
}

/**
 * Validates a document built from a feed record; document paths are reported as the feed's
 * fields through `fieldOf` (so a bad URL is `DocumentIdentifier`, not `article.url`).
 */
export function validateDocument(
  json: unknown,
  warnings: RecordIssue[],
  fieldOf: (path: string) => string = (p) => p || 'document',
): RecordResult {
  const parsed = parseArticleDocument(json);
  if (parsed.ok) return { ok: true, document: parsed.document, warnings };
  return { ok: false, issues: parsed.issues.map((i: DocumentIssue) => ({ field: fieldOf(i.path), message: i.message })), warnings };
}
