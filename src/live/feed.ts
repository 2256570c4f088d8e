/**
 * Hears the article change feed: one dedicated Postgres connection per process LISTENs on the
 * channel the writer NOTIFYs inside each article's transaction (src/db/changes.ts), so a process
 * hears every committed change, whichever process wrote it, and never a rolled-back one.
 *
 * A notification is only a wake-up: streams re-read the feed from their last position, so a burst
 * (a big import) is coalesced into one read per `batchMs`, and notifications missed while the
 * connection was down cost nothing: on reconnect every stream is woken and reads what it missed.
 */
import pg from 'pg';
import { ARTICLE_CHANGES_CHANNEL } from '../db/changes.js';
import type { Logger } from '../lib/logger.js';

export class ChangeFeed {
  private client: pg.Client | undefined;
  private readonly wakers = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private retryMs = 250;

  constructor(
    private readonly databaseUrl: string,
    private readonly batchMs: number,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  /** Calls `wake` after each batch of changes; returns the unsubscribe function. */
  onChanges(wake: () => void): () => void {
    this.wakers.add(wake);
    return () => this.wakers.delete(wake);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', () => this.schedule());
    client.on('error', () => {}); // 'end' follows, and reconnects
    client.on('end', () => {
      if (this.client === client) this.reconnectLater();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${ARTICLE_CHANGES_CHANNEL}"`);
    } catch (err) {
      await client.end().catch(() => {});
      if (this.stopped) return;
      this.logger.warn({ err, retryMs: this.retryMs }, 'change feed: cannot listen; retrying');
      this.reconnectLater();
      return;
    }
    this.client = client;
    this.retryMs = 250;
    this.schedule(); // whatever changed while we were not listening
  }

  private reconnectLater(): void {
    this.client = undefined;
    if (this.stopped) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
    setTimeout(() => void this.connect(), wait).unref();
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const wake of this.wakers) wake();
    }, this.batchMs);
  }
}
