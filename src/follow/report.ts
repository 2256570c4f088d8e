/**
 * How the follower reports: JSON log lines (pino) for a server or a redirected CLI, or, on a
 * terminal, a redrawn progress line and one status line per batch.
 */
import type { Logger } from '../lib/logger.js';
import type { Reporter } from './follower.js';

/** Structured logs: one line per cycle with work, per batch, per retry. */
export function logReporter(logger: Logger): Reporter {
  const log = logger.child({ component: 'follow', feed: 'gdelt' });
  return {
    cycle: ({ latest, todo, backfill, waiting }) =>
      todo.length
        ? log.info({ latest, batches: todo.map((e) => e.batch), backfill, waiting }, `gdelt: ${todo.length} batch(es) to import`)
        : log.info({ latest, waiting }, 'gdelt: up to date'),
    batchStart: (e, position, of) => log.info({ batch: e.batch, url: e.url, size: e.size, position, of }, `gdelt: importing ${e.batch}`),
    batchDone: (e, counts, ms) => log.info({ batch: e.batch, ...counts, ms }, `gdelt: ${e.batch} done`),
    batchFailed: (e, reason, next) => log.warn({ batch: e.batch, reason, nextAttemptAt: next.toISOString() }, `gdelt: ${e.batch} failed`),
    retry: (url, attempt, delayMs, err) => log.warn({ url, attempt, delayMs, err: err.message }, 'gdelt: fetch failed; retrying'),
    warning: (message) => log.warn(`gdelt: ${message}`),
    locked: () => log.info('gdelt: another follower holds the lock for this database; skipping this poll'),
    cycleFailed: (err) => log.error({ err: err.message }, 'gdelt: poll failed; trying again at the next one'),
  };
}

/** Terminal output: the progress line on stderr (redrawn), status lines on stdout. */
export function terminalReporter(out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr): Reporter {
  let drawn = false;
  let lastDraw = 0;
  let current = '';
  let started = 0;
  const clear = () => {
    if (drawn) err.write('\r\x1b[K');
    drawn = false;
  };
  const say = (line: string) => {
    clear();
    out.write(`${time()}  ${line}\n`);
  };
  return {
    cycle: ({ latest, todo, backfill, waiting }) =>
      say(
        (todo.length ? `latest ${latest}: ${todo.length} batch(es) to import${backfill ? ' (backfilling missed ones)' : ''}` : `latest ${latest}: up to date`) +
          (waiting ? `; ${waiting} failed batch(es) wait for their retry` : ''),
      ),
    batchStart: (e, position, of) => {
      current = `${e.batch} (${position}/${of})`;
      started = Date.now();
    },
    progress: (_e, p) => {
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      const what =
        p.phase === 'download'
          ? `downloading ${mb(p.bytes)}/${mb(p.totalBytes ?? 0)} MB`
          : // Not a percentage: the reader runs ahead of the writes, so bytes read say little about records written.
            `importing: ${p.records} records written, ${Math.round(p.records / Math.max(0.001, (now - started) / 1000))}/s`;
      err.write(`\r${current}  ${what}\x1b[K`);
      drawn = true;
    },
    batchDone: (e, c, ms) =>
      say(`${e.batch}  done     inserted ${c.inserted}  updated ${c.updated}  unchanged ${c.unchanged}  rejected ${c.rejected}  (${(ms / 1000).toFixed(1)} s)`),
    batchFailed: (e, reason, next) => say(`${e.batch}  FAILED   ${reason}; next try after ${next.toISOString()}`),
    // The error names the URL already.
    retry: (_url, attempt, delayMs, error) => say(`${error.message}; try ${attempt + 1} in ${(delayMs / 1000).toFixed(1)} s`),
    warning: (message) => say(`warning: ${message}`),
    locked: () => say('another follower holds the lock for this database; skipping this poll'),
    cycleFailed: (error) => say(`poll failed: ${error.message}; trying again at the next one`),
  };
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const time = () => new Date().toISOString().slice(11, 19);
