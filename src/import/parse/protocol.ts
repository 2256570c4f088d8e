/** Messages between the parse worker (worker.ts) and the main thread (reader.ts). */
import type { SourceRecord } from '../records.js';

export type ToWorker =
  | { type: 'start'; id: number; file: string }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number };

export type FromWorker =
  | { type: 'ack'; id: number }
  | { type: 'records'; id: number; records: SourceRecord[] }
  | { type: 'done'; id: number }
  | { type: 'error'; id: number; message: string; stack?: string };
