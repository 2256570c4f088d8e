/**
 * The follower's ledger, table `gdelt_batch`: which GKG batches are done, which failed (and when
 * to try them again), and which were being imported when the process stopped.
 */
import pg from 'pg';
import type { Db } from '../db/client.js';
import type { GdeltBatch } from '../generated/prisma/client.js';
import type { BatchEntry } from './listing.js';

export type BatchRow = GdeltBatch;

export interface BatchCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** The newest batch imported, which bounds the backfill after downtime. */
export async function lastDone(db: Db): Promise<string | undefined> {
  const row = await db.gdeltBatch.findFirst({ where: { status: 'DONE' }, orderBy: { batch: 'desc' }, select: { batch: true } });
  return row?.batch;
}

/** The ledger rows of these batches, by batch. */
export async function rowsOf(db: Db, batches: string[]): Promise<Map<string, BatchRow>> {
  const rows = await db.gdeltBatch.findMany({ where: { batch: { in: batches } } });
  return new Map(rows.map((r) => [r.batch, r]));
}

/**
 * Batches to try again now: those left IMPORTING by a crash, and FAILED ones whose time has
 * come. Oldest first.
 */
export async function dueForRetry(db: Db, now: Date): Promise<BatchRow[]> {
  return db.gdeltBatch.findMany({
    where: { OR: [{ status: 'IMPORTING' }, { status: 'FAILED', nextAttemptAt: { lte: now } }] },
    orderBy: { batch: 'asc' },
  });
}

/** FAILED batches still waiting for their retry time. */
export async function waitingCount(db: Db, now: Date): Promise<number> {
  return db.gdeltBatch.count({ where: { status: 'FAILED', nextAttemptAt: { gt: now } } });
}

/** Whether a batch may be tried now (never seen, left importing, or failed and due). */
export function isDue(row: BatchRow | undefined, now: Date): boolean {
  if (!row) return true;
  if (row.status === 'DONE') return false;
  return row.status === 'IMPORTING' || row.nextAttemptAt === null || row.nextAttemptAt <= now;
}

/**
 * Records that an attempt starts, before the download: a crash from here on leaves the row
 * IMPORTING, and the next start tries the batch again.
 */
export async function markImporting(db: Db, entry: BatchEntry, now: Date): Promise<BatchRow> {
  const listed = { url: entry.url, size: BigInt(entry.size), md5: entry.md5 };
  return db.gdeltBatch.upsert({
    where: { batch: entry.batch },
    create: { batch: entry.batch, ...listed, status: 'IMPORTING', attempts: 1, startedAt: now, updatedAt: now },
    update: { ...listed, status: 'IMPORTING', attempts: { increment: 1 }, reason: null, nextAttemptAt: null, startedAt: now, updatedAt: now },
  });
}

export async function markDone(db: Db, batch: string, counts: BatchCounts, now: Date): Promise<void> {
  const { inserted, updated, unchanged, rejected } = counts;
  await db.gdeltBatch.update({
    where: { batch },
    data: { status: 'DONE', inserted, updated, unchanged, rejected, reason: null, nextAttemptAt: null, finishedAt: now, updatedAt: now },
  });
}

export async function markFailed(db: Db, batch: string, reason: string, nextAttemptAt: Date, now: Date): Promise<void> {
  await db.gdeltBatch.update({
    where: { batch },
    data: { status: 'FAILED', reason: reason.slice(0, 2000), nextAttemptAt, finishedAt: now, updatedAt: now },
  });
}

// Any constant works; it only has to be the same for every newsgraph process.
const FOLLOWER_LOCK = 72_657_015;

/**
 * Holds a session advisory lock on its own connection while one follower runs, so a CLI follower
 * and a server's (or several cluster workers') never import the same batch at once. Resolves to
 * undefined when another process holds it.
 */
export async function tryFollowerLock(databaseUrl: string): Promise<{ release(): Promise<void> } | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // A dropped connection releases the lock in Postgres; without a listener it would crash the process.
  client.on('error', () => {});
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [FOLLOWER_LOCK]);
    if (rows[0]?.ok) return { release: () => client.end() };
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  await client.end();
  return undefined;
}
