/** Messages between the parse workers (worker.ts) and the main thread (reader.ts). */
import type { SourceRecord } from '../records.js';

/** Whole lines of one input: the main thread cuts the text after a line break. */
export interface Block {
  /** Order of the block in the import: replies are put back in this order. */
  seq: number;
  file: string;
  /** The 1-based line number of the block's first line in its input. */
  firstLine: number;
  bytes: Uint8Array;
}

export interface Parsed {
  seq: number;
  records: SourceRecord[];
  error?: { message: string; stack?: string };
}
