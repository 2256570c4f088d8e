/**
 * The importer's bulk path (`npm run ingest -- --bulk`): documents are gathered into batches of
 * thousands and each batch is written set-based in one transaction (batch.ts) on one dedicated
 * connection, while the next batch is read and mapped.
 *
 * - A batch never holds one URL twice: a second version of an article starts the next batch, so
 *   the later version is stored, as with writeDocument.
 * - A document the batch writer does not model (plan.ts bulkWritable) is written alone by
 *   writeDocument, in its place in the input order.
 * - A batch that loses a race (deadlock, a place feature id claimed at the same moment) is
 *   retried; one that breaks a unique key only the database sees (the (feed, externalId) of
 *   another article) is written again record by record, so only the offending record is rejected.
 * - Anything else (the database went away) stops the import: committed batches stay, and
 *   running the import again skips them as unchanged.
 */
import pg from 'pg';
import type { Db } from '../../db/client.js';
import type { ArticleDocument } from '../../document/document.js';
import type { SourceRecord } from '../records.js';
import { storeValidDocument } from '../store.js';
import { documentHash, MAX_ATTEMPTS, type WriteStatus } from '../write/index.js';
import { mayDisableTriggers, SESSION_SETTINGS, STAGING_DDL, writeBatch, type BatchDoc } from './batch.js';
import { bulkWritable } from './plan.js';
import { timed, type PhaseTimes } from './phases.js';

export interface BulkOptions {
  /** The database to write to (a connection of its own, outside the Prisma pool). */
  databaseUrl: string;
  /** Records per transaction (default 2000). */
  batchSize?: number;
  /** Only when the input is GKG of at least AUTO_BULK_BYTES (or stdin): the CLI's default. */
  auto?: boolean;
  /** GKG parse worker threads (default: parse/reader.ts defaultParseWorkers). */
  parseWorkers?: number;
  /** Told where the time goes, phase by phase (the benchmark's breakdown). */
  phases?: PhaseTimes;
}

/** GKG input of this size or more is imported in bulk unless told otherwise (~10k records). */
export const AUTO_BULK_BYTES = 16 * 1024 * 1024;

export const DEFAULT_BATCH_SIZE = 2000;

type Item = BatchDoc & { record: SourceRecord };

export class BulkWriter {
  private client: pg.Client | undefined;
  private pending: Item[] = [];
  private readonly urls = new Set<string>();
  private inFlight: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private readonly batchSize: number;
  private skipChecks = false;

  constructor(
    private readonly db: Db,
    private readonly opts: BulkOptions,
    private readonly onWritten: (r: SourceRecord, status: WriteStatus) => void,
    private readonly onConflict: (r: SourceRecord, message: string) => void,
  ) {
    this.batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  async add(record: SourceRecord, doc: ArticleDocument): Promise<void> {
    this.throwIfFailed();
    if (!bulkWritable(doc)) {
      await this.flush();
      await this.inFlight;
      this.throwIfFailed();
      await this.writeOne({ record, doc, hash: record.hash ?? documentHash(doc) });
      return;
    }
    if (this.urls.has(doc.article.url)) await this.flush();
    const started = performance.now();
    const hash = record.hash ?? documentHash(doc);
    this.opts.phases?.add('content hash', performance.now() - started);
    this.pending.push({ record, doc, hash });
    this.urls.add(doc.article.url);
    if (this.pending.length >= this.batchSize) await this.flush();
  }

  /** Waits for every batch, and for their commits to be on disk: what was reported written stays written. */
  async drain(): Promise<void> {
    await this.flush();
    await this.inFlight;
    this.throwIfFailed();
    await this.makeDurable();
  }

  /**
   * Batches commit without waiting for the disk (SESSION_SETTINGS). One commit that does wait
   * waits for the WAL up to its own record, which comes after every batch's: once it returns, a
   * crash can no longer take back a batch this import has reported.
   */
  private async makeDurable(): Promise<void> {
    await this.client?.query('BEGIN; SET LOCAL synchronous_commit = on; SELECT txid_current(); COMMIT');
  }

  async close(): Promise<void> {
    await this.inFlight.catch(() => {});
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }

  /** Hands the gathered batch to the connection once the previous batch is done; does not wait for it. */
  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.urls.clear();
    await timed(this.opts.phases, 'reader waits for the database', () => this.inFlight);
    this.throwIfFailed();
    this.inFlight = timed(this.opts.phases, 'batch transaction (total)', () => this.write(batch)).catch((err: unknown) => {
      this.failure ??= err instanceof Error ? err : new Error('bulk import failed', { cause: err });
    });
  }

  private async write(batch: Item[]): Promise<void> {
    const client = await this.connection();
    for (let attempt = 1; ; attempt++) {
      try {
        const statuses = await writeBatch(client, batch, { phases: this.opts.phases, skipChecks: this.skipChecks });
        batch.forEach((item, i) => this.onWritten(item.record, statuses[i]));
        return;
      } catch (err) {
        if (attempt < MAX_ATTEMPTS && isRetryable(err)) continue;
        if (!isDataConflict(err)) throw err;
        for (const item of batch) await this.writeOne(item);
        return;
      }
    }
  }

  private async writeOne(item: Item): Promise<void> {
    const stored = await storeValidDocument(this.db, item.doc);
    if (stored.ok) this.onWritten(item.record, stored.status);
    else this.onConflict(item.record, stored.issues[0]?.message ?? 'conflict');
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.opts.databaseUrl });
    await client.connect();
    await client.query(SESSION_SETTINGS);
    this.skipChecks = await mayDisableTriggers(client);
    await client.query(STAGING_DDL);
    this.client = client;
    return client;
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

function sqlState(err: unknown): { code?: string; constraint?: string } {
  return typeof err === 'object' && err !== null ? (err) : {};
}

/** Lost a race with another writer: the whole batch can simply run again. */
function isRetryable(err: unknown): boolean {
  const { code, constraint } = sqlState(err);
  return code === '40P01' || code === '40001' || (code === '23505' && constraint === 'place_feature_id_key');
}

/** Class 23 (integrity constraint violation): some record clashes with stored data. */
function isDataConflict(err: unknown): boolean {
  return sqlState(err).code?.startsWith('23') ?? false;
}
