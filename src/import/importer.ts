/**
 * The import service behind `npm run ingest`: reads records from inputs, writes each valid
 * article in its own transaction (writeDocument), and counts what happened per input.
 *
 * - Nothing accepted is lost: an article is committed on its own, so a crash loses at most the
 *   articles in flight, and re-running the import completes it (unchanged articles are skipped by
 *   their content hash).
 * - A bad record is rejected (reported with its input, line and field) and the rest goes on;
 *   with `strict`, every record is validated first and nothing is written if any is rejected.
 * - Writes run a few at a time (`concurrency`). Records of one URL keep their input order, so the
 *   last version in the input is the one stored. Entity fill-ins (the first name stored for a
 *   person stays) follow commit order, which concurrency makes only roughly the input order.
 */
import type { Db } from '../db/client.js';
import type { ArticleDocument } from '../document/document.js';
import { formatIssue, type SourceRecord } from './records.js';
import { listInputs, readRecords, type InputFormat } from './inputs.js';
import { storeValidDocument } from './store.js';
import type { WriteStatus } from './write/index.js';
import { AUTO_BULK_BYTES, BulkWriter, DEFAULT_BATCH_SIZE, type BulkOptions } from './bulk/writer.js';
import { ParsePool } from './parse/reader.js';

export interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Entries skipped inside accepted records (a garbled location); they do not fail the import. */
  warnings: number;
}

export interface FileSummary extends Counts {
  file: string;
}

export interface ImportSummary {
  files: FileSummary[];
  total: Counts;
  /** Set when `strict` found rejections: nothing was written. */
  aborted: boolean;
}

export interface Progress {
  records: number;
  bytes: number;
  /** Bytes of all inputs; undefined when reading stdin. */
  totalBytes: number | undefined;
}

export interface ImportOptions {
  format: InputFormat;
  strict?: boolean;
  /** Articles written at once (each in its own transaction). */
  concurrency?: number;
  /** Told of every rejected record and every warning, as `file:line (id): field: message`. */
  onIssue?: (message: string, kind: 'rejected' | 'warning') => void;
  onProgress?: (p: Progress) => void;
  /** Write set-based, in batches of thousands, one transaction each (src/import/bulk/). */
  bulk?: BulkOptions;
  /** Stops the import between records (what was committed stays; running it again finishes it). */
  signal?: AbortSignal;
}

const DEFAULT_CONCURRENCY = 4;

const zero = (): Counts => ({ inserted: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0 });

/** Imports every input `args` name (files, directories, archives, `-` for stdin). */
export async function importPaths(db: Db, args: readonly string[], opts: ImportOptions): Promise<ImportSummary> {
  const inputs = (await Promise.all(args.map((a) => listInputs(a, opts.format)))).flat();
  const totalBytes = inputs.every((i) => i.size !== undefined) ? inputs.reduce((s, i) => s + i.size!, 0) : undefined;
  const progress: Progress = { records: 0, bytes: 0, totalBytes };
  const onBytes = (n: number) => {
    progress.bytes += n;
  };
  // The bulk path pays off from thousands of records on; a small file is quicker article by article.
  const bulk = opts.bulk?.auto && (opts.format !== 'gkg' || (totalBytes !== undefined && totalBytes < AUTO_BULK_BYTES)) ? undefined : opts.bulk;
  // In bulk, GKG is parsed in a worker thread while the main thread writes (parse/reader.ts).
  const parseWorker = bulk && opts.format === 'gkg';
  async function* records(): AsyncGenerator<SourceRecord> {
    if (!parseWorker) {
      for (const input of inputs) yield* readRecords(input, opts.format, onBytes);
      return;
    }
    const worker = new ParsePool(bulk.batchSize ?? DEFAULT_BATCH_SIZE, bulk.parseWorkers);
    try {
      for (const input of inputs) yield* worker.read(input, onBytes);
    } finally {
      await worker.close();
    }
  }
  const phases = opts.bulk?.phases;
  const read = phases ? phases.timeIterable(parseWorker ? 'reader waits for parsed records' : 'read + parse + validate', records()) : records();
  const summary = await importRecords(db, read, { ...opts, bulk, onProgress: opts.onProgress && ((p) => opts.onProgress!({ ...progress, records: p.records })) });
  // Inputs with no records still get a line in the summary.
  for (const input of inputs) if (!summary.files.some((f) => f.file === input.name)) summary.files.push({ file: input.name, ...zero() });
  summary.files.sort((a, b) => inputs.findIndex((i) => i.name === a.file) - inputs.findIndex((i) => i.name === b.file));
  return summary;
}

/** Imports records already read (see importPaths); the unit tests' and benchmarks' entry point. */
export async function importRecords(db: Db, records: AsyncIterable<SourceRecord>, opts: Omit<ImportOptions, 'format'>): Promise<ImportSummary> {
  const files = new Map<string, FileSummary>();
  const countsOf = (file: string) => files.get(file) ?? files.set(file, { file, ...zero() }).get(file)!;
  let seen = 0;
  const tick = () => opts.onProgress?.({ records: ++seen, bytes: 0, totalBytes: undefined });

  /** Counts rejections and warnings; returns the document to write, if any. */
  const check = (r: SourceRecord): ArticleDocument | undefined => {
    const counts = countsOf(r.file);
    for (const w of r.result.warnings) {
      counts.warnings++;
      opts.onIssue?.(formatIssue(r, w), 'warning');
    }
    if (r.result.ok) return r.result.document;
    counts.rejected++;
    for (const issue of r.result.issues) opts.onIssue?.(formatIssue(r, issue), 'rejected');
    return undefined;
  };

  const onWritten = (r: SourceRecord, status: WriteStatus) => {
    countsOf(r.file)[status]++;
    tick();
  };
  const onConflict = (r: SourceRecord, message: string) => {
    countsOf(r.file).rejected++;
    opts.onIssue?.(formatIssue(r, { field: 'record', message }), 'rejected');
    tick();
  };
  const writer = opts.bulk
    ? new BulkWriter(db, opts.bulk, onWritten, onConflict)
    : new Writer(db, opts.concurrency ?? DEFAULT_CONCURRENCY, onWritten, onConflict);
  try {
    return await readAndWrite(abortable(records, opts.signal), writer, opts.strict ?? false, check, tick, files);
  } finally {
    // Stopped or failed: let the writes in flight end before the caller closes the database.
    if (writer instanceof BulkWriter) await writer.close();
    else await writer.settle();
  }
}

async function* abortable<T>(items: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  for await (const item of items) {
    signal?.throwIfAborted();
    yield item;
  }
}

interface DocumentWriter {
  add(r: SourceRecord, doc: ArticleDocument): Promise<void>;
  drain(): Promise<void>;
}

async function readAndWrite(
  records: AsyncIterable<SourceRecord>,
  writer: DocumentWriter,
  strict: boolean,
  check: (r: SourceRecord) => ArticleDocument | undefined,
  tick: () => void,
  files: Map<string, FileSummary>,
): Promise<ImportSummary> {
  if (strict) {
    const valid: Array<[SourceRecord, ArticleDocument]> = [];
    for await (const r of records) {
      const doc = check(r);
      if (doc) valid.push([r, doc]);
      else tick();
    }
    const aborted = [...files.values()].some((f) => f.rejected > 0);
    if (!aborted) {
      for (const [r, doc] of valid) await writer.add(r, doc);
      await writer.drain();
    }
    return summarize(files, aborted);
  }
  for await (const r of records) {
    const doc = check(r);
    if (doc) await writer.add(r, doc);
    else tick();
  }
  await writer.drain();
  return summarize(files, false);
}

function summarize(files: Map<string, FileSummary>, aborted: boolean): ImportSummary {
  const total = zero();
  for (const f of files.values()) for (const k of Object.keys(total) as Array<keyof Counts>) total[k] += f[k];
  return { files: [...files.values()], total, aborted };
}

/**
 * Bounded parallel writes. A write that fails with anything but a conflict (the database went
 * away) stops the import: what was committed stays, and re-running finishes the rest.
 */
class Writer {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly lastOfUrl = new Map<string, Promise<void>>();
  private failure: Error | undefined;

  constructor(
    private readonly db: Db,
    private readonly concurrency: number,
    private readonly onWritten: (r: SourceRecord, status: WriteStatus) => void,
    private readonly onConflict: (r: SourceRecord, message: string) => void,
  ) {}

  async add(r: SourceRecord, doc: ArticleDocument): Promise<void> {
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const url = doc.article.url;
    // Two versions of one article in the input: the later waits, so it is the one stored.
    const before = this.lastOfUrl.get(url) ?? Promise.resolve();
    const p: Promise<void> = before
      .then(() => storeValidDocument(this.db, doc))
      .then(
        (stored) => (stored.ok ? this.onWritten(r, stored.status) : this.onConflict(r, stored.issues[0]?.message ?? 'conflict')),
        (err) => {
          this.failure ??= err instanceof Error ? err : new Error('import failed', { cause: err });
        },
      )
      .finally(() => {
        this.inFlight.delete(p);
        if (this.lastOfUrl.get(url) === p) this.lastOfUrl.delete(url);
      });
    this.inFlight.add(p);
    this.lastOfUrl.set(url, p);
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    this.throwIfFailed();
  }

  /** Waits for the writes in flight, whatever their outcome (each one's failure is recorded, never thrown). */
  async settle(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
