/**
 * GKG records parsed in worker threads, so that parsing (the import's largest CPU cost) runs
 * beside the main thread and Postgres, which write the previous batch.
 *
 * The main thread still opens and decompresses the inputs (progress, `.zip`, `.gz` and stdin stay
 * as they are), cuts the text into blocks of whole lines and hands them to the workers in turn;
 * the records come back, are put back in input order, and are the ones readRecords would give,
 * each with its content hash. Memory stays bounded: at most MAX_BLOCKS_PER_WORKER blocks per
 * worker are out, and no more text is read while `maxQueued` parsed records wait for the importer.
 */
import os from 'node:os';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Input } from '../inputs.js';
import type { SourceRecord } from '../records.js';
import { fromWire, type Block, type Parsed, type WireRecord } from './protocol.js';

/** A block is at least this much text (~25 GKG records), cut after the next line break. */
const BLOCK_BYTES = 256 * 1024;
/** Blocks sent to a worker and not yet answered: one being parsed, one waiting, one in the post. */
const MAX_BLOCKS_PER_WORKER = 3;

export class ParseWorkerError extends Error {
  override name = 'ParseWorkerError';
  readonly code = 'PARSE_WORKER_FAILED';
}

const parseWorkerError = (message: string, cause?: unknown) => new ParseWorkerError(`parse worker: ${message}`, { cause });

/** Parse workers by default: one core is left to the main thread and Postgres, and at least one worker. */
export function defaultParseWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

/** tsx's ESM API (import.meta.resolve where the runtime has it; vitest's transform may not). */
function tsxApi(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
}

/**
 * The worker runs from source under tsx, as the CLI does; a worker's main module does not get
 * the parent's `--import tsx` hooks in time, so it is loaded through tsx's API from a bootstrap.
 */
function startWorker(): Worker {
  const entry = new URL('./worker.ts', import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
  const code = `import(${JSON.stringify(tsxApi())}).then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true, execArgv: [] });
}

/** Worker threads for a whole import, reading its inputs one after another. */
export class ParsePool {
  private readonly workers: Worker[];
  private nextSeq = 0;
  private run: Run | undefined;
  private failure: Error | undefined;
  private closing = false;

  /**
   * @param maxQueued parsed records held for the importer before reading pauses (about one batch).
   * @param size worker threads.
   */
  constructor(
    private readonly maxQueued = 2000,
    size = defaultParseWorkers(),
  ) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => {
      const worker = startWorker();
      worker.on('message', (m: Parsed) => this.run?.receive(m));
      worker.on('error', (err) => this.fail(parseWorkerError(err.message, err)));
      worker.on('exit', (code) => this.fail(parseWorkerError(`exited with code ${code}`)));
      return worker;
    });
  }

  /** The records of one input, in order (as readRecords gives them, plus each document's hash). */
  async *read(input: Input, onBytes: (n: number) => void = () => {}): AsyncGenerator<SourceRecord> {
    const stream = await input.open(onBytes);
    const run = new Run(input.name, lineBlocks(stream), this.nextSeq, this.maxQueued, this.workers.length * MAX_BLOCKS_PER_WORKER, (block) => {
      this.nextSeq = block.seq + 1;
      this.workers[block.seq % this.workers.length].postMessage(block, [block.bytes.buffer as ArrayBuffer]);
    });
    this.run = run;
    if (this.failure) run.fail(this.failure);
    try {
      yield* run.records();
    } finally {
      this.run = undefined;
      stream.destroy();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(err: Error): void {
    if (this.closing) return;
    this.failure ??= err;
    this.run?.fail(err);
  }
}

/**
 * The input as blocks of whole lines (the last may end without a line break), each a buffer of
 * its own, so it can be transferred to a worker rather than copied.
 */
async function* lineBlocks(stream: Readable): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    parts.push(buf);
    size += buf.length;
    const cut = size >= BLOCK_BYTES ? buf.lastIndexOf(0x0a) : -1;
    if (cut < 0) continue;
    const end = size - buf.length + cut + 1;
    const all = ownBuffer(parts, size);
    const rest = Buffer.from(all.subarray(end));
    parts = rest.length ? [rest] : [];
    size = rest.length;
    yield all.subarray(0, end);
  }
  if (size) yield ownBuffer(parts, size);
}

/** The parts in one buffer that owns its memory (never Node's shared pool, which must not be transferred). */
function ownBuffer(parts: readonly Buffer[], size: number): Buffer {
  const out = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const p of parts) at += p.copy(out, at);
  return out;
}

/** Line breaks as readline counts them (crlfDelay: Infinity): LF, and CR not followed by LF. */
function lineBreaks(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(0x0a); i >= 0; i = b.indexOf(0x0a, i + 1)) n++;
  for (let i = b.indexOf(0x0d); i >= 0; i = b.indexOf(0x0d, i + 1)) if (b[i + 1] !== 0x0a) n++;
  return n;
}

/** One input's trip through the workers: sending blocks (with backpressure), and putting the replies back in order. */
class Run {
  private readonly parsed = new Map<number, WireRecord[]>();
  private nextToSend: number;
  private nextToYield: number;
  private firstLine = 1;
  private queued = 0;
  private inputDone = false;
  private pumping = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly file: string,
    private readonly blocks: AsyncGenerator<Buffer>,
    private readonly firstSeq: number,
    private readonly maxQueued: number,
    private readonly maxOut: number,
    private readonly send: (block: Block) => void,
  ) {
    this.nextToSend = firstSeq;
    this.nextToYield = firstSeq;
  }

  receive(m: Parsed): void {
    if (m.seq < this.firstSeq || m.seq >= this.nextToSend) return;
    if (m.error) {
      const err = parseWorkerError(m.error.message);
      if (m.error.stack) err.stack = m.error.stack;
      this.fail(err);
      return;
    }
    this.parsed.set(m.seq, m.records);
    this.queued += m.records.length;
    this.notify();
  }

  fail(err: Error): void {
    this.failure ??= err;
    this.notify();
  }

  async *records(): AsyncGenerator<SourceRecord> {
    this.pump();
    for (;;) {
      if (this.failure) throw this.failure;
      const records = this.parsed.get(this.nextToYield);
      if (records) {
        this.parsed.delete(this.nextToYield++);
        this.queued -= records.length;
        this.pump();
        for (const record of records) yield fromWire(record);
        continue;
      }
      if (this.inputDone && this.nextToYield === this.nextToSend) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
    this.pump();
  }

  /** Sends blocks while the workers have room and the importer is keeping up; one pump at a time. */
  private pump(): void {
    if (this.pumping || this.inputDone || this.failure) return;
    this.pumping = true;
    this.feed().then(
      () => (this.pumping = false),
      (err: unknown) => {
        this.pumping = false;
        this.fail(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  private async feed(): Promise<void> {
    while (!this.inputDone && !this.failure && this.nextToSend - this.nextToYield - this.parsed.size < this.maxOut && this.queued < this.maxQueued) {
      const next = await this.blocks.next();
      if (next.done) {
        this.inputDone = true;
        this.notify();
        return;
      }
      const bytes = next.value;
      const firstLine = this.firstLine;
      // Counted before sending: the block's memory goes to the worker.
      this.firstLine += lineBreaks(bytes);
      this.send({ seq: this.nextToSend++, file: this.file, firstLine, bytes });
    }
  }
}
