/**
 * The live GDELT follower: every poll it reads `lastupdate.txt`, works out which GKG batches are
 * still to import (the latest, the ones missed while it was down, from `masterfilelist.txt`, and
 * failed ones whose retry time has come), and imports them oldest first through the import
 * pipeline (src/import/importer.ts, in bulk for large batches), each recorded in `gdelt_batch`.
 *
 * - A batch is imported only after its archive matched its listing line's size and MD5.
 * - A crash mid-batch leaves its row IMPORTING; the next cycle imports it again, which changes
 *   nothing already written (imports are idempotent) and writes the rest.
 * - One follower at a time per database (a session advisory lock held for each cycle).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../db/client.js';
import { importPaths, type Progress } from '../import/importer.js';
import { dueForRetry, isDue, lastDone, markDone, markFailed, markImporting, rowsOf, tryFollowerLock, waitingCount, type BatchCounts, type BatchRow } from './batches.js';
import { DEFAULT_RETRY, downloadBatch, fetchLines, fetchText, sleep, type FetchOptions, type RetryPolicy } from './download.js';
import { BATCH_SPACING_MS, batchOf, batchTime, parseListing, parseListingLine, sortEntries, type BatchEntry } from './listing.js';

export interface FollowerOptions {
  db: Db;
  /** For the bulk writer's own connection and the follower lock. */
  databaseUrl: string;
  /** Where lastupdate.txt and masterfilelist.txt are (GDELT_BASE_URL). */
  baseUrl: string;
  intervalMs: number;
  /** Backfill from this batch timestamp on, in the first cycle (see plan()). */
  since?: string;
  retry?: RetryPolicy;
  /** Records per bulk transaction. */
  bulkBatchSize?: number;
  /** auto (the default): set-based writes for large batches only, as `npm run ingest` chooses; or always / never. */
  bulk?: 'auto' | 'always' | 'never';
  reporter?: Reporter;
  /** The clock; tests move it to reach a retry time. */
  now?: () => Date;
}

/** What the follower tells its terminal or log; every method optional. */
export interface Reporter {
  /** `waiting`: failed batches not yet due for their retry. */
  cycle?(info: { latest: string; todo: BatchEntry[]; backfill: boolean; waiting: number }): void;
  batchStart?(entry: BatchEntry, position: number, of: number): void;
  progress?(entry: BatchEntry, p: { phase: 'download' | 'import'; bytes: number; totalBytes: number | undefined; records: number }): void;
  batchDone?(entry: BatchEntry, counts: BatchCounts & { warnings: number }, ms: number): void;
  batchFailed?(entry: BatchEntry, reason: string, nextAttemptAt: Date): void;
  retry?(url: string, attempt: number, delayMs: number, error: Error): void;
  locked?(): void;
  warning?(message: string): void;
  cycleFailed?(error: Error): void;
}

export interface CycleResult {
  /** Another process holds the follower lock: nothing was done. */
  locked: boolean;
  done: string[];
  failed: string[];
}

/** A failed batch waits one interval, then twice as long after each further failure, at most this. */
const MAX_RETRY_WAIT_MS = 24 * 60 * 60 * 1000;

export class Follower {
  private readonly controller = new AbortController();
  private readonly retry: RetryPolicy;
  private readonly now: () => Date;
  private since: string | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly opts: FollowerOptions) {
    this.retry = opts.retry ?? DEFAULT_RETRY;
    this.now = opts.now ?? (() => new Date());
    this.since = opts.since;
  }

  /** Polls until stop(): a failed cycle is reported and the next poll tries again. */
  start(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  /** Ends the current wait or transfer; a batch being imported is left to be imported again. */
  async stop(): Promise<void> {
    this.controller.abort(new Error('the follower was stopped'));
    await this.running;
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.pollOnce();
      } catch (err) {
        if (this.stopped) break;
        this.opts.reporter?.cycleFailed?.(err instanceof Error ? err : new Error(String(err)));
      }
      await sleep(this.opts.intervalMs, this.controller.signal).catch(() => {});
    }
  }

  /** One cycle: plan, then import each batch due, oldest first. */
  async pollOnce(): Promise<CycleResult> {
    const lock = await tryFollowerLock(this.opts.databaseUrl);
    if (!lock) {
      this.opts.reporter?.locked?.();
      return { locked: true, done: [], failed: [] };
    }
    try {
      const { todo, latest, backfill } = await this.plan();
      if (this.opts.reporter?.cycle) this.opts.reporter.cycle({ latest, todo, backfill, waiting: await waitingCount(this.opts.db, this.now()) });
      const result: CycleResult = { locked: false, done: [], failed: [] };
      for (const [i, entry] of todo.entries()) {
        this.controller.signal.throwIfAborted();
        const ok = await this.importBatch(entry, i + 1, todo.length);
        (ok ? result.done : result.failed).push(entry.batch);
      }
      // --since bounds the first backfill only; from then on the last done batch does.
      this.since = undefined;
      return result;
    } finally {
      await lock.release();
    }
  }

  /**
   * The batches to import this cycle. The lower bound is `--since` when given (first cycle),
   * else just after the last done batch; with neither, only the latest batch (a new install
   * starts now rather than downloading years of GDELT). The master list, a large file, is read
   * only when something older than the latest is wanted: a gap since the last done batch, a
   * `--since` before the latest, or a failed batch due again (its line read afresh, in case the
   * listing was corrected).
   */
  private async plan(): Promise<{ todo: BatchEntry[]; latest: string; backfill: boolean }> {
    const { db } = this.opts;
    const now = this.now();
    const latest = await this.latestEntry();
    const done = await lastDone(db);
    const retries = (await dueForRetry(db, now)).filter((r) => r.batch !== latest.batch);
    const from = this.since ?? (done === undefined ? latest.batch : nextAfter(done));
    // Consecutive batches are 15 minutes apart: a wider step from the last done one means some were missed.
    const gap = this.since !== undefined ? from < latest.batch : done !== undefined && spacing(done, latest.batch) > BATCH_SPACING_MS;
    let candidates: BatchEntry[] = [latest];
    if (gap || retries.length) {
      const wanted = new Set(retries.map((r) => r.batch));
      const listed = await this.masterEntries((e) => (gap && e.batch >= from) || wanted.has(e.batch)).catch((err: unknown) => {
        // Without the master list a backfill can't know what it missed, so the poll fails (importing
        // the latest alone would hide the gap). Retries alone fall back to their recorded lines.
        if (gap) throw err;
        this.opts.reporter?.warning?.(`${err instanceof Error ? err.message : String(err)}; retrying failed batches with the lines they had`);
        return [];
      });
      // A retry the master list no longer names is tried with the line it had.
      const unlisted = retries.filter((r) => !listed.some((e) => e.batch === r.batch)).map(entryOf);
      candidates = sortEntries([...unlisted, ...listed, latest]);
    }
    const rows = await rowsOf(db, candidates.map((e) => e.batch));
    return { todo: candidates.filter((e) => isDue(rows.get(e.batch), now)), latest: latest.batch, backfill: gap };
  }

  private async latestEntry(): Promise<BatchEntry> {
    const url = `${this.opts.baseUrl}/lastupdate.txt`;
    const entries = parseListing(await fetchText(url, this.fetchOptions()));
    const latest = entries.at(-1);
    if (!latest) throw new Error(`${url}: no GKG line (….gkg.csv.zip) in the listing`);
    return latest;
  }

  private async masterEntries(keep: (e: BatchEntry) => boolean): Promise<BatchEntry[]> {
    const url = `${this.opts.baseUrl}/masterfilelist.txt`;
    return fetchLines(url, this.fetchOptions(), (line) => {
      const e = parseListingLine(line);
      return e && keep(e) ? e : undefined;
    });
  }

  /** Downloads, checks and imports one batch; false when it failed (and was recorded so). */
  private async importBatch(entry: BatchEntry, position: number, of: number): Promise<boolean> {
    const { db, reporter } = this.opts;
    const row = await markImporting(db, entry, this.now());
    reporter?.batchStart?.(entry, position, of);
    const started = Date.now();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-gdelt-'));
    try {
      const file = path.join(dir, `${entry.batch}.gkg.csv.zip`);
      let bytes = 0;
      await downloadBatch(entry, file, {
        ...this.fetchOptions(),
        onBytes: (n) => reporter?.progress?.(entry, { phase: 'download', bytes: (bytes += n), totalBytes: entry.size, records: 0 }),
      });
      const counts = await this.importFile(entry, file);
      await markDone(db, entry.batch, counts, this.now());
      reporter?.batchDone?.(entry, counts, Date.now() - started);
      return true;
    } catch (err) {
      // Stopped mid-batch: the row stays IMPORTING, and the next start imports the batch again.
      if (this.stopped) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      const next = new Date(this.now().getTime() + this.retryWait(row));
      await markFailed(db, entry.batch, reason, next, this.now());
      reporter?.batchFailed?.(entry, reason, next);
      return false;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async importFile(entry: BatchEntry, file: string): Promise<BatchCounts & { warnings: number }> {
    const { reporter } = this.opts;
    const mode = this.opts.bulk ?? 'auto';
    const summary = await importPaths(this.opts.db, [file], {
      format: 'gkg',
      // As `npm run ingest` does: set-based writes for a large batch, article by article for a small one.
      bulk: mode === 'never' ? undefined : { databaseUrl: this.opts.databaseUrl, batchSize: this.opts.bulkBatchSize, auto: mode === 'auto' },
      signal: this.controller.signal,
      onProgress: reporter?.progress && ((p: Progress) => reporter.progress!(entry, { phase: 'import', ...p })),
    });
    const { inserted, updated, unchanged, rejected, warnings } = summary.total;
    return { inserted, updated, unchanged, rejected, warnings };
  }

  /** One interval after the first failure, doubling with each further one. */
  private retryWait(row: BatchRow): number {
    return Math.min(MAX_RETRY_WAIT_MS, this.opts.intervalMs * 2 ** Math.max(0, row.attempts - 1));
  }

  private fetchOptions(): FetchOptions {
    return { retry: this.retry, signal: this.controller.signal, onRetry: this.opts.reporter?.retry?.bind(this.opts.reporter) };
  }
}

/** The smallest batch timestamp after `batch` (the next second: batches off the 15-minute grid count too). */
function nextAfter(batch: string): string {
  return batchOf(new Date(batchTime(batch).getTime() + 1000));
}

function spacing(earlier: string, later: string): number {
  return batchTime(later).getTime() - batchTime(earlier).getTime();
}

function entryOf(row: BatchRow): BatchEntry {
  return { batch: row.batch, url: row.url, size: Number(row.size), md5: row.md5 };
}
