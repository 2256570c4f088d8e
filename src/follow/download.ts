/**
 * Fetching from GDELT: the listings and the batch archives, with bounded retries and exponential
 * backoff for what a later try may fix (a refused connection, a reset, a 5xx, a stalled body), and
 * a size and MD5 check of every archive against its listing line before anything reads it.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BatchEntry } from './listing.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Pause after the first failure; doubled after each further one, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A response that sends nothing for this long is given up (and tried again). */
  idleTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 2_000, maxDelayMs: 60_000, idleTimeoutMs: 60_000 };

export interface FetchOptions {
  retry: RetryPolicy;
  /** Stops waits and transfers when the follower is stopped. */
  signal?: AbortSignal;
  /** Told of every failed try that will be tried again. */
  onRetry?: (url: string, attempt: number, delayMs: number, error: Error) => void;
}

/** A failure no retry within this cycle will fix: a 4xx, or an archive unlike its listing line. */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

/** The body of a small file (lastupdate.txt). */
export async function fetchText(url: string, opts: FetchOptions): Promise<string> {
  return withRetries(url, opts, async (signal) => {
    const res = await get(url, signal);
    return res.text();
  });
}

/**
 * Each line of a large file (masterfilelist.txt lists every file since 2015), streamed: only what `keep`
 * returns is held. A transfer broken halfway starts again from the first line, so `keep` sees
 * every line of one complete transfer; what it kept from a broken one is dropped.
 */
export async function fetchLines<T>(url: string, opts: FetchOptions, keep: (line: string) => T | undefined): Promise<T[]> {
  return withRetries(url, opts, async (signal, watchdog) => {
    const res = await get(url, signal);
    const kept: T[] = [];
    const body = Readable.fromWeb(res.body! as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('data', watchdog);
    for await (const line of readline.createInterface({ input: body, crlfDelay: Infinity })) {
      const v = keep(line);
      if (v !== undefined) kept.push(v);
    }
    return kept;
  });
}

/**
 * Downloads a batch archive to `file`, refusing it (PermanentError, the file removed) when its
 * size or MD5 differ from the listing's. `onBytes` is told of every chunk, for progress.
 */
export async function downloadBatch(entry: BatchEntry, file: string, opts: FetchOptions & { onBytes?: (n: number) => void }): Promise<void> {
  const { size, md5 } = await withRetries(entry.url, opts, async (signal, watchdog) => {
    const res = await get(entry.url, signal);
    const hash = createHash('md5');
    let bytes = 0;
    const body = Readable.fromWeb(res.body! as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => {
      watchdog();
      hash.update(chunk);
      bytes += chunk.length;
      opts.onBytes?.(chunk.length);
    });
    await pipeline(body, createWriteStream(file));
    return { size: bytes, md5: hash.digest('hex') };
  });
  const problem =
    size !== entry.size ? `size ${size} bytes, the listing says ${entry.size}` : md5 !== entry.md5 ? `MD5 ${md5}, the listing says ${entry.md5}` : undefined;
  if (problem) {
    await rm(file, { force: true });
    throw new PermanentError(`${entry.url}: ${problem}`);
  }
}

async function get(url: string, signal: AbortSignal): Promise<Response> {
  const res = await fetch(url, { signal });
  if (res.ok && res.body) return res;
  await res.body?.cancel().catch(() => {});
  const message = `${url}: HTTP ${res.status}`;
  // A 5xx or 429 is the server's passing trouble; any other status will not change on a retry.
  throw res.status >= 500 || res.status === 429 ? new Error(message) : new PermanentError(message);
}

/**
 * Runs `attempt` until it succeeds, a PermanentError, the follower stops, or the tries run out.
 * Each try gets a signal that fires when the follower stops or when `watchdog` (to call on every
 * chunk received) has not been called for the idle timeout.
 */
async function withRetries<T>(url: string, opts: FetchOptions, attempt: (signal: AbortSignal, watchdog: () => void) => Promise<T>): Promise<T> {
  const { retry } = opts;
  for (let n = 1; ; n++) {
    opts.signal?.throwIfAborted();
    const idle = new IdleTimer(retry.idleTimeoutMs, url);
    const signal = opts.signal ? AbortSignal.any([opts.signal, idle.signal]) : idle.signal;
    try {
      return await attempt(signal, () => idle.touch());
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (error instanceof PermanentError || opts.signal?.aborted || n >= retry.attempts) throw describe(error, url, idle);
      const delay = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (n - 1));
      opts.onRetry?.(url, n, delay, describe(error, url, idle));
      await sleep(delay, opts.signal);
    } finally {
      idle.clear();
    }
  }
}

/** fetch's own errors say "fetch failed" and hide the cause; name the URL and the cause. */
function describe(err: Error, url: string, idle: IdleTimer): Error {
  if (err instanceof PermanentError || err.message.startsWith(url)) return err;
  if (idle.fired) return new Error(`${url}: nothing received for ${idle.ms} ms`);
  const cause = err.cause instanceof Error ? `: ${(err.cause as NodeJS.ErrnoException).code ?? err.cause.message}` : '';
  return new Error(`${url}: ${err.message}${cause}`, { cause: err });
}

class IdleTimer {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  fired = false;

  constructor(
    readonly ms: number,
    private readonly url: string,
  ) {
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      this.controller.abort(new Error(`${this.url}: nothing received for ${this.ms} ms`));
    }, this.ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** Waits `ms`, or less when `signal` fires (then throws its reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
