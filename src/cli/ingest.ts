/**
 * `npm run ingest -- <file|dir|-> [...] [--format json|gkg] [--strict] [--json]` imports article
 * documents (JSON, a JSON array, NDJSON) or GDELT GKG 2.1 files (also `.gz` and `.zip`) into the
 * database `npm start` uses (DATABASE_URL, or the embedded one). Guide: docs/ingest.md.
 *
 * Exit code: 0 when every record was imported, 1 when any was rejected (or the import failed),
 * 2 for a usage error.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { guessFormat, InputError } from '../import/inputs.js';
import { importPaths, type ImportSummary, type Progress } from '../import/importer.js';
import { runCli, usage } from './run.js';

const USAGE = `usage: npm run ingest -- <file|directory|-> [...] [options]

  -f, --format json|gkg   json: newsgraph documents (one, an array, or NDJSON); gkg: GDELT GKG 2.1
                          (default: gkg for names containing ".gkg.", else json)
      --strict            validate everything first; write nothing if any record is rejected
      --json              print the summary as JSON on stdout
      --concurrency N     articles written at once (default 4)
      --bulk              write set-based, in batches of thousands, one transaction each
                          (the default for GKG input of 16 MB or more)
      --no-bulk           write article by article, whatever the input size
      --batch-size N      records per bulk transaction (default 2000)
      --parse-workers N   bulk GKG: threads parsing while the batches are written
                          (default: one per core beyond the first, at least one)
  -h, --help`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        strict: { type: 'boolean' },
        json: { type: 'boolean' },
        concurrency: { type: 'string' },
        bulk: { type: 'boolean' },
        'no-bulk': { type: 'boolean' },
        'batch-size': { type: 'string' },
        'parse-workers': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    console.error((err as Error).message);
    return usage(USAGE, 2);
  }
  const { positionals, values } = parsed;
  if (values.help) return usage(USAGE, 0);
  if (!positionals.length) return usage(USAGE, 2);
  const format = values.format ?? guessFormat(positionals[0]);
  if (format !== 'json' && format !== 'gkg') {
    console.error(`unknown --format ${format}: use json or gkg`);
    return usage(USAGE, 2);
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)) {
    console.error('--concurrency must be a whole number from 1 to 64');
    return usage(USAGE, 2);
  }

  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000)) {
    console.error('--batch-size must be a whole number from 1 to 100000');
    return usage(USAGE, 2);
  }
  const parseWorkers = values['parse-workers'] === undefined ? undefined : Number(values['parse-workers']);
  if (parseWorkers !== undefined && (!Number.isInteger(parseWorkers) || parseWorkers < 1 || parseWorkers > 16)) {
    console.error('--parse-workers must be a whole number from 1 to 16');
    return usage(USAGE, 2);
  }
  if (values.bulk && values['no-bulk']) {
    console.error('--bulk and --no-bulk contradict each other');
    return usage(USAGE, 2);
  }

  const db = await openDatabase(loadConfig());
  const bar = process.stderr.isTTY ? new ProgressBar() : undefined;
  try {
    const summary = await importPaths(db.prisma, positionals, {
      format: format,
      strict: values.strict,
      concurrency,
      bulk: values['no-bulk'] ? undefined : { databaseUrl: db.url, batchSize, parseWorkers, auto: !values.bulk },
      onProgress: bar && ((p) => bar.update(p)),
      onIssue: (message, kind) => {
        bar?.clear();
        console.error(kind === 'warning' ? `warning: ${message}` : message);
      },
    });
    bar?.clear();
    if (values.json) console.log(JSON.stringify(summary, null, 2));
    else printSummary(summary, values.strict ?? false);
    return summary.total.rejected > 0 ? 1 : 0;
  } catch (err) {
    bar?.clear();
    if (err instanceof InputError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}

function printSummary(summary: ImportSummary, strict: boolean): void {
  const rows = [...summary.files, { file: 'total', ...summary.total }];
  const width = Math.max(5, ...rows.map((r) => r.file.length));
  const cols = ['inserted', 'updated', 'unchanged', 'rejected', 'warnings'] as const;
  console.log(`${'input'.padEnd(width)}  ${cols.map((c) => c.padStart(9)).join(' ')}`);
  for (const r of rows) console.log(`${r.file.padEnd(width)}  ${cols.map((c) => String(r[c]).padStart(9)).join(' ')}`);
  if (summary.aborted && strict) console.log('\n--strict: records were rejected, so nothing was written.');
}

/** One line on stderr, redrawn at most ten times a second: bar, records, records/s, time left. */
class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  update(p: Progress): void {
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = p.records / Math.max(seconds, 0.001);
    let line = `${p.records} records  ${rate.toFixed(0)}/s`;
    if (p.totalBytes) {
      const done = Math.min(1, p.bytes / p.totalBytes);
      const width = 30;
      const filled = Math.round(done * width);
      const left = done > 0 ? (seconds * (1 - done)) / done : NaN;
      line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(done * 100).toFixed(0).padStart(3)}%  ${line}  ${Number.isFinite(left) ? `${Math.ceil(left)}s left` : ''}`;
    }
    process.stderr.write(`\r${line}\x1b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}

runCli(main);
