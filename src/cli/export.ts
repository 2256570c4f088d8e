/**
 * `npm run export -- [--format ndjson] [--since DATE] > dump.ndjson` writes every article of the
 * database `npm start` uses (DATABASE_URL, or the embedded one) as a document in the published
 * format (docs/document-format.md), one a line. `npm run ingest -- dump.ndjson` reads it back.
 * Guide: docs/ingest.md, "Exporting".
 *
 * Exit code: 0 when the dump was written, 1 when it failed, 2 for a usage error.
 */
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { DEFAULT_BATCH_SIZE, EXPORT_FORMATS, notExported, writeNdjson, type ExportFormat } from '../export/writer.js';
import { runCli, usage } from './run.js';

const USAGE = `usage: npm run export -- [options] > dump.ndjson

  -f, --format ndjson     one JSON article document a line (the only format, and the default)
      --since DATE        only articles published on or after DATE (2024-01-31, or a date-time
                          with offset, 2024-01-31T12:00:00Z); a bare date is midnight UTC
      --batch-size N      articles read per batch (default ${DEFAULT_BATCH_SIZE})
  -h, --help`;

interface Args {
  format: ExportFormat;
  since: Date | undefined;
  batchSize: number;
}

/** The options, or the exit code of a usage error (already reported). */
function parse(argv: string[]): Args | number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        format: { type: 'string', short: 'f' },
        since: { type: 'string' },
        'batch-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    console.error((err as Error).message);
    return usage(USAGE, 2);
  }
  const { values } = parsed;
  if (values.help) return usage(USAGE, 0);
  const format = values.format ?? 'ndjson';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    console.error(`unknown --format ${format}: the only export format is ndjson`);
    return usage(USAGE, 2);
  }
  const since = values.since === undefined ? undefined : parseSince(values.since);
  if (since === null) {
    console.error(`--since ${values.since}: not a date (2024-01-31) or a date-time with offset (2024-01-31T12:00:00Z)`);
    return usage(USAGE, 2);
  }
  const batchSize = values['batch-size'] === undefined ? DEFAULT_BATCH_SIZE : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    console.error('--batch-size must be a whole number from 1 to 10000');
    return usage(USAGE, 2);
  }
  return { format: format as ExportFormat, since, batchSize };
}

/** A bare date is midnight UTC, as `publishedAt` in a document; anything else needs an offset. */
export function parseSince(value: string): Date | null {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(iso)) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Resolves once everything written so far has been handed to the OS, so exiting loses nothing. */
function flushed(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => out.write('', (err) => (err ? reject(err) : resolve())));
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (typeof args === 'number') return args;
  const db = await openDatabase(loadConfig());
  try {
    const summary = await writeNdjson(db.prisma, process.stdout, { since: args.since, batchSize: args.batchSize });
    await flushed(process.stdout);
    console.error(`exported ${summary.articles} article${summary.articles === 1 ? '' : 's'}`);
    if (summary.unrestoredImplied) {
      console.error(`not in the dump: ${summary.unrestoredImplied} implied mentions (from facts whose provenance another article holds)`);
    }
    for (const [what, n] of Object.entries(await notExported(db.prisma))) console.error(`not in the dump: ${n} ${what}`);
    return 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
    console.error('stdout was closed before the dump was complete');
    return 1;
  } finally {
    await db.close();
  }
}

runCli(main);
