/** Messages between the parse workers (worker.ts) and the main thread (reader.ts). */
import type { ArticleDocument } from '../../document/document.js';
import type { RecordIssue, RecordResult, SourceRecord } from '../records.js';

/** Whole lines of one input: the main thread cuts the text after a line break. */
export interface Block {
  /** Order of the block in the import: replies are put back in this order. */
  seq: number;
  file: string;
  /** The 1-based line number of the block's first line in its input. */
  firstLine: number;
  bytes: Uint8Array;
}

/**
 * A record as it crosses threads: a valid document as its canonical JSON text (already built for
 * its hash), not as objects. postMessage copies a string as it is, where an object graph is
 * serialized and rebuilt field by field: 28 µs a record in the worker and 55 in the main thread,
 * against 2 and 9 + 27 for JSON.parse (2,500 generated records, `v8.serialize`, 2026-12-06).
 */
export type WireRecord = Omit<SourceRecord, 'result'> & {
  result: Extract<RecordResult, { ok: false }> | { ok: true; json: string; warnings: RecordIssue[] };
};

export interface Parsed {
  seq: number;
  records: WireRecord[];
  error?: { message: string; stack?: string };
}

/** The record as the importer takes it. */
export function fromWire(record: WireRecord): SourceRecord {
  const { result } = record;
  if (!result.ok) return record as SourceRecord;
  return { ...record, result: { ok: true, document: JSON.parse(result.json) as ArticleDocument, warnings: result.warnings } };
}
