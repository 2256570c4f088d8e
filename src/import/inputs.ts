/**
 * Where import records come from: files, directories, `.gz` and `.zip` archives, stdin; read as
 * newsgraph JSON documents (one document, an array of them, or NDJSON) or as GDELT GKG 2.1
 * (tab-separated, one record a line). Records are produced one at a time, so a file of any size
 * streams through.
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import { gkgLineToRecord } from './gkg/toDocument.js';
import { validateDocument, type SourceRecord } from './records.js';

export type InputFormat = 'json' | 'gkg';

export interface Input {
  /** As reported in rejections and the summary. */
  name: string;
  /** Bytes this input will read (for progress); undefined for stdin. */
  size: number | undefined;
  /** The decompressed text; `onBytes` is told of every chunk read, for progress. */
  open(onBytes: (n: number) => void): Promise<Readable>;
}

export class InputError extends Error {
  override name = 'InputError';
  readonly code = 'INPUT_NOT_READABLE';
}

const MATCH: Record<InputFormat, RegExp> = {
  json: /\.(json|ndjson|jsonl)(\.gz)?$|\.zip$/i,
  gkg: /\.(csv|tsv|txt)(\.gz)?$|\.zip$/i,
};
const ZIP_ENTRY: Record<InputFormat, RegExp> = { json: /\.(json|ndjson|jsonl)$/i, gkg: /\.(csv|tsv|txt)$/i };

/** A GKG file by its name (`20230702153000.gkg.csv`, `….gkg.csv.zip`), so `--format` may be left out. */
export function guessFormat(name: string): InputFormat {
  return /\.gkg\./i.test(path.basename(name)) ? 'gkg' : 'json';
}

/**
 * The inputs an argument names: `-` is stdin; a directory is every file in it that matches the
 * format, in name order; a `.zip` is each matching entry, in name order.
 */
export async function listInputs(arg: string, format: InputFormat, stdin: Readable = process.stdin): Promise<Input[]> {
  if (arg === '-') return [{ name: '-', size: undefined, open: async (onBytes) => counted(stdin, onBytes) }];
  const stat = await fs.stat(arg).catch((err: NodeJS.ErrnoException) => {
    throw new InputError(`${arg}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`);
  });
  if (!stat.isDirectory()) return fileInputs(arg, stat.size, format);
  const names = (await fs.readdir(arg)).filter((n) => MATCH[format].test(n)).sort();
  const inputs: Input[] = [];
  for (const n of names) {
    const file = path.join(arg, n);
    const s = await fs.stat(file);
    if (s.isFile()) inputs.push(...(await fileInputs(file, s.size, format)));
  }
  return inputs;
}

/**
 * Read size for input files: 1 MiB rather than the stream default of 64 KiB. Each read costs
 * the main thread a round trip through libuv's pool whatever its size, and a bulk GKG import
 * reads ~10 KB a record (GCAM is most of it).
 */
const READ_CHUNK = 1024 * 1024;

async function fileInputs(file: string, size: number, format: InputFormat): Promise<Input[]> {
  if (/\.zip$/i.test(file)) return zipInputs(file, format);
  const gz = /\.gz$/i.test(file);
  return [{
    name: file,
    size,
    open: async (onBytes) => {
      const raw = counted(createReadStream(file, { highWaterMark: READ_CHUNK }), onBytes);
      return gz ? raw.pipe(createGunzip()) : raw;
    },
  }];
}

/** Each matching entry of a zip archive is an input of its own (`batch.zip:20230702153000.gkg.csv`). */
async function zipInputs(file: string, format: InputFormat): Promise<Input[]> {
  const entries = await withZip(file, async (zip) => {
    const found: Array<{ name: string; size: number }> = [];
    for await (const entry of zipEntries(zip)) {
      if (!entry.fileName.endsWith('/') && ZIP_ENTRY[format].test(entry.fileName)) found.push({ name: entry.fileName, size: entry.uncompressedSize });
    }
    return found;
  });
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => ({
      name: `${file}:${e.name}`,
      size: e.size,
      open: (onBytes) => openZipEntry(file, e.name, onBytes),
    }));
}

function withZip<T>(file: string, use: (zip: yauzl.ZipFile) => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) => {
      if (err) return reject(new InputError(`${file}: not a readable zip archive (${err.message})`));
      use(zip).then(
        (v) => (zip.close(), resolve(v)),
        (e: unknown) => (zip.close(), reject(e instanceof Error ? e : new Error(String(e)))),
      );
    });
  });
}

async function* zipEntries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (e: yauzl.Entry) => (cleanup(), resolve(e));
      const onEnd = () => (cleanup(), resolve(null));
      const onError = (e: Error) => (cleanup(), reject(e));
      const cleanup = () => zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
    if (!entry) return;
    yield entry;
  }
}

function openZipEntry(file: string, entryName: string, onBytes: (n: number) => void): Promise<Readable> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(new InputError(`${file}: not a readable zip archive (${err.message})`));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== entryName) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => (e ? reject(e) : resolve(counted(stream, onBytes))));
      });
      zip.on('end', () => reject(new InputError(`${file}: entry ${entryName} disappeared`)));
      zip.readEntry();
    });
  });
}

function counted(stream: Readable, onBytes: (n: number) => void): Readable {
  const out = new PassThrough();
  stream.on('data', (chunk: Buffer) => onBytes(chunk.length));
  stream.on('error', (err) => out.destroy(err));
  return stream.pipe(out);
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/** The records of one input, in order. */
export async function* readRecords(input: Input, format: InputFormat, onBytes: (n: number) => void = () => {}): AsyncGenerator<SourceRecord> {
  const stream = await input.open(onBytes);
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  if (format === 'gkg') yield* gkgRecords(input.name, lines);
  else yield* jsonRecords(input.name, lines);
}

async function* gkgRecords(file: string, lines: AsyncIterable<string>): AsyncGenerator<SourceRecord> {
  let n = 0;
  for await (const line of lines) {
    const record = gkgLineRecord(file, ++n, line);
    if (record) yield record;
  }
}

/** One GKG line (the `n`-th of its input) as a record; none for a blank line. Also the parse workers' (src/import/parse/worker.ts). */
export function gkgLineRecord(file: string, n: number, line: string): SourceRecord | undefined {
  if (line.trim() === '') return undefined;
  const { label, ...result } = gkgLineToRecord(line);
  return { file, line: n, label, result };
}

/**
 * JSON documents: NDJSON (one document a line) when the first non-empty line is a JSON value by
 * itself; otherwise the whole input is one JSON value, a document or an array of documents.
 */
async function* jsonRecords(file: string, lines: AsyncIterable<string>): AsyncGenerator<SourceRecord> {
  let n = 0;
  let mode: 'ndjson' | 'whole' | undefined;
  const whole: string[] = [];
  for await (const line of lines) {
    n++;
    if (mode === 'whole') {
      whole.push(line);
      continue;
    }
    if (line.trim() === '') continue;
    const parsed = tryParse(line);
    if (mode === undefined) mode = parsed.ok && !Array.isArray(parsed.value) ? 'ndjson' : 'whole';
    if (mode === 'whole') {
      whole.push(line);
      continue;
    }
    yield parsed.ok ? documentRecord(file, n, parsed.value) : invalidJson(file, n, parsed.error);
  }
  if (mode !== 'whole') return;
  const parsed = tryParse(whole.join('\n'));
  if (!parsed.ok) {
    yield invalidJson(file, 1, parsed.error);
    return;
  }
  // An array's documents are numbered by their position in it (1-based).
  const docs = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  for (const [i, doc] of docs.entries()) yield documentRecord(file, i + 1, doc);
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

function documentRecord(file: string, line: number, json: unknown): SourceRecord {
  const url = (json as { article?: { url?: unknown } } | null)?.article?.url;
  return { file, line, label: typeof url === 'string' ? url : undefined, result: validateDocument(json, []) };
}

function invalidJson(file: string, line: number, error: string): SourceRecord {
  return { file, line, result: { ok: false, issues: [{ field: 'record', message: `not valid JSON: ${error}` }], warnings: [] } };
}
