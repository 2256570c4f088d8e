/**
 * A parse worker's thread (started by reader.ts). Each message is one block of whole GKG lines;
 * the reply is its records, in order, each with its content hash and a valid one's document as
 * JSON text (protocol.ts WireRecord). The worker keeps no state
 * between blocks, so blocks can go to any worker and come back in any order.
 */
import { parentPort } from 'node:worker_threads';
import { gkgLineRecord } from '../inputs.js';
import { hashedDocument } from '../write/index.js';
import type { Block, Parsed, WireRecord } from './protocol.js';

/** readline's line breaks (crlfDelay: Infinity): CRLF, LF, or a CR alone. */
const LINE_BREAK = /\r?\n|\r(?!\n)/;

const port = parentPort!;

function parseBlock({ seq, file, firstLine, bytes }: Block): Parsed {
  // As readline decodes: UTF-8, no BOM stripping, U+FFFD for a broken sequence. A block is cut
  // after a line feed, which is never inside a multi-byte sequence.
  const lines = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split(LINE_BREAK);
  // The text after the last break is a line only if it is not empty (readline's last line).
  if (lines[lines.length - 1] === '') lines.pop();
  const records: WireRecord[] = [];
  lines.forEach((line, i) => {
    const record = gkgLineRecord(file, firstLine + i, line);
    if (!record) return;
    const { result } = record;
    if (!result.ok) return void records.push({ ...record, result });
    const { hash, json } = hashedDocument(result.document);
    records.push({ ...record, hash, result: { ok: true, json, warnings: result.warnings } });
  });
  return { seq, records };
}

port.on('message', (block: Block) => {
  let reply: Parsed;
  try {
    reply = parseBlock(block);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { seq: block.seq, records: [], error: { message: e.message, stack: e.stack } };
  }
  port.postMessage(reply);
});
