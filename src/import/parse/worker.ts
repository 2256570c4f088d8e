/**
 * The parse worker's thread (started by reader.ts): GKG text arrives in chunks, is split into
 * lines by the same readline the main thread would use, and each line becomes a record
 * (gkgLineToRecord) with its content hash, sent back in small groups.
 *
 * Each chunk is acknowledged once its text has gone into the line splitter, which holds only a
 * stream buffer's worth: the main thread sends more only on acknowledgements, so the input in
 * flight stays bounded however fast the file is read.
 */
import readline from 'node:readline';
import { PassThrough } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { gkgRecords } from '../inputs.js';
import type { SourceRecord } from '../records.js';
import { documentHash } from '../write/index.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** Records per message: few messages, and records reach the writer soon after they are parsed. */
const GROUP = 64;

const port = parentPort!;
let current: PassThrough | undefined;

function post(message: FromWorker): void {
  port.postMessage(message);
}

async function parse(id: number, file: string, input: PassThrough): Promise<void> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let group: SourceRecord[] = [];
  for await (const record of gkgRecords(file, lines)) {
    if (record.result.ok) record.hash = documentHash(record.result.document);
    group.push(record);
    if (group.length >= GROUP) {
      post({ type: 'records', id, records: group });
      group = [];
    }
  }
  if (group.length) post({ type: 'records', id, records: group });
  post({ type: 'done', id });
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'start') {
    const input = new PassThrough();
    current = input;
    parse(m.id, m.file, input).catch((err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      post({ type: 'error', id: m.id, message: e.message, stack: e.stack });
    });
  } else if (m.type === 'chunk') {
    current!.write(m.bytes, () => post({ type: 'ack', id: m.id }));
  } else {
    current!.end();
  }
});
