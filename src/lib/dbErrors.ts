/**
 * Maps database failures to stable codes, in one place. A lost or refused connection is
 * UNAVAILABLE (try again later), and so are a connection pg already knows is broken (a
 * transaction's next statement after its socket died) and a write that reached a standby (25006,
 * read-only transaction: a primary demoted under it, mid-failover). A statement cancelled by
 * statement_timeout is TIMEOUT; the rest stays internal.
 */
const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|Can't reach database|DatabaseNotReachable|connect ECONN|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|not yet accepting connections|\b57P0[1-4]\b|terminating connection|server closed the connection|Connection closed|too many clients|P1001|P1017|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|cannot execute \w+ in a read-only transaction|\b25006\b/i;
const CANCELED = /canceling statement due to statement timeout|57014/;
// Text Postgres cannot store (a NUL character) reaches SQL only from client input.
const BAD_TEXT = /invalid byte sequence|unsupported Unicode escape|\b22021\b|\b22P05\b/;

export type DbFailure = 'UNAVAILABLE' | 'TIMEOUT' | 'BAD_TEXT' | null;

export function classifyDbError(err: unknown): DbFailure {
  const text = describe(err);
  if (CANCELED.test(text)) return 'TIMEOUT';
  if (BAD_TEXT.test(text)) return 'BAD_TEXT';
  if (UNREACHABLE.test(text)) return 'UNAVAILABLE';
  return null;
}

/** Message, code and causes of an error chain, flattened for matching. */
function describe(err: unknown, depth = 0): string {
  if (typeof err === 'string') return err;
  if (!err || typeof err !== 'object' || depth > 5) return '';
  const e = err as { message?: string; code?: string; name?: string; cause?: unknown; kind?: string };
  return [e.name, e.code, e.kind, e.message, describe(e.cause, depth + 1)].filter(Boolean).join(' ');
}
