/**
 * GKG records parsed in a worker thread, so that parsing (the import's largest CPU cost) runs
 * on one core while the main thread and Postgres write the previous batch on the other.
 *
 * The main thread still opens and decompresses the inputs (progress, `.zip`, `.gz`, stdin stay
 * as they are) and hands the worker the raw text; the worker gives back the same records
 * readRecords would, in the same order, each with its content hash. Memory stays bounded at both
 * ends: at most MAX_CHUNKS chunks of input are unacknowledged, and no more input is sent while
 * `maxQueued` parsed records wait for the importer.
 */
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import type { Input } from '../inputs.js';
import type { SourceRecord } from '../records.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** Unacknowledged input chunks (~64 KB each): enough to keep the worker busy, no more. */
const MAX_CHUNKS = 8;

export class ParseWorkerError extends Error {
  override name = 'ParseWorkerError';
  readonly code = 'PARSE_WORKER_FAILED';
}

const parseWorkerError = (message: string, cause?: unknown) => new ParseWorkerError(`parse worker: ${message}`, { cause });

/**
 * The worker runs from source under tsx, as the CLI does; a worker's main module does not get
 * the parent's `--import tsx` hooks in time, so it is loaded through tsx's API from a bootstrap.
 */
function startWorker(): Worker {
  const entry = new URL('./worker.ts', import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
  const tsx = tsxApi();
  const code = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true, execArgv: [] });
}

/** tsx's ESM API (import.meta.resolve where the runtime has it; vitest's transform may not). */
function tsxApi(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
}

/** One worker thread for a whole import, reading its inputs one after another. */
export class ParseWorker {
  private readonly worker = startWorker();
  private nextId = 0;
  private run: Run | undefined;
  private failure: Error | undefined;
  private closing = false;

  /** @param maxQueued parsed records held for the importer before the input is paused (about one batch). */
  constructor(private readonly maxQueued = 2000) {
    this.worker.on('message', (m: FromWorker) => (m.id === this.run?.id ? this.run.receive(m) : undefined));
    this.worker.on('error', (err) => this.fail(parseWorkerError(err.message, err)));
    this.worker.on('exit', (code) => this.fail(parseWorkerError(`exited with code ${code}`)));
  }

  /** The records of one input, in order (as readRecords gives them, plus each document's hash). */
  async *read(input: Input, onBytes: (n: number) => void = () => {}): AsyncGenerator<SourceRecord> {
    const stream = await input.open(onBytes);
    const run = new Run(this.nextId++, stream, this.maxQueued, (m, transfer) => this.worker.postMessage(m, transfer));
    this.run = run;
    if (this.failure) run.fail(this.failure);
    try {
      run.start(input.name);
      yield* run.records();
    } finally {
      this.run = undefined;
      stream.destroy();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private fail(err: Error): void {
    if (this.closing) return;
    this.failure ??= err;
    this.run?.fail(err);
  }
}

/** One input's trip through the worker: feeding it (with backpressure) and queueing what comes back. */
class Run {
  private readonly chunks: AsyncIterator<Buffer | string>;
  private readonly queue: SourceRecord[][] = [];
  private queued = 0;
  private inFlight = 0;
  private inputDone = false;
  private pumping = false;
  private done = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    readonly id: number,
    stream: Readable,
    private readonly maxQueued: number,
    private readonly send: (m: ToWorker, transfer?: ArrayBuffer[]) => void,
  ) {
    this.chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  }

  start(file: string): void {
    this.send({ type: 'start', id: this.id, file });
  }

  receive(m: FromWorker): void {
    if (m.type === 'ack') {
      this.inFlight--;
      this.pump();
    } else if (m.type === 'records') {
      this.queue.push(m.records);
      this.queued += m.records.length;
    } else if (m.type === 'done') {
      this.done = true;
    } else {
      const err = parseWorkerError(m.message);
      if (m.stack) err.stack = m.stack;
      this.failure ??= err;
    }
    this.notify();
  }

  fail(err: Error): void {
    this.failure ??= err;
    this.notify();
  }

  async *records(): AsyncGenerator<SourceRecord> {
    this.pump();
    for (;;) {
      const group = this.queue.shift();
      if (group) {
        this.queued -= group.length;
        this.pump();
        yield* group;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.done) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Sends input while the worker has room and the importer is keeping up; runs one at a time. */
  private pump(): void {
    if (this.pumping || this.inputDone || this.failure) return;
    this.pumping = true;
    void this.feed().then(
      () => (this.pumping = false),
      (err: unknown) => {
        this.pumping = false;
        this.fail(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  private async feed(): Promise<void> {
    while (!this.inputDone && !this.failure && this.inFlight < MAX_CHUNKS && this.queued < this.maxQueued) {
      const next = await this.chunks.next();
      if (next.done) {
        this.inputDone = true;
        this.send({ type: 'end', id: this.id });
        return;
      }
      const value = next.value;
      // A copy handed over (transferred, not cloned): a stream's Buffer may share its memory with others.
      const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(value);
      this.inFlight++;
      this.send({ type: 'chunk', id: this.id, bytes }, [bytes.buffer]);
    }
  }
}
